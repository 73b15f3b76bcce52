// The panel hands its strings to the localizer when it loads (panel.ts); the tests load views
// alone, so they hand them in here. The card's own bundle carries only en-card.ts.
import { useStrings } from "../src/localize";
import { TRANSLATIONS } from "../src/strings";

useStrings(TRANSLATIONS);
