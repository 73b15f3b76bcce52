/** In-app navigation the way Home Assistant's own links do it: history + `location-changed`. */
import { filtersToSearch } from "./filters";
import type { LogFilters } from "./filters";

/** The panel's URL (const PANEL_URL_PATH in the integration). */
export const PANEL_PATH = "/gem-access";

/** The log grid showing `filters`. */
export const logHref = (filters: LogFilters, base = PANEL_PATH): string => `${base}${filtersToSearch(filters)}`;

export function navigate(url: string, replace = false): void {
  if (replace) window.history.replaceState(window.history.state, "", url);
  else window.history.pushState(null, "", url);
  window.dispatchEvent(new CustomEvent("location-changed", { detail: { replace } }));
}

/** A link click handled in-app; modified clicks (new tab, …) are left to the browser. */
export function onLinkClick(e: MouseEvent, url: string): void {
  e.stopPropagation();
  if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  navigate(url);
}
