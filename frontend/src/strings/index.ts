/**
 * Every language the panel speaks, by Home Assistant's language code. A translation is a copy of
 * `en.ts` typed `Strings` (`export const de: Strings = { ... }`): the compiler then refuses one
 * with a key missing or extra, and `test/strings.test.ts` one whose placeholders differ.
 */
import type { Strings } from "../localize";
import { en } from "./en";

export const TRANSLATIONS: Record<string, Strings> = { en };
