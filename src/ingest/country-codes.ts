/**
 * Which two-letter codes are countries: the codes of the `countries-list` package (the data that
 * geoip-country names its countries with) — ISO 3166-1 alpha-2's 249 assigned codes, plus XK (Kosovo,
 * user-assigned but used by MaxMind, the EU and the real data) and AC, TA (exceptionally reserved) —
 * and UNKNOWN_COUNTRY (ZZ). Anything else (XX, QQ, EU, A1…) is not a country.
 */
import { countries } from 'countries-list';
import { UNKNOWN_COUNTRY } from './packet-row.js';

const CODES: ReadonlySet<string> = new Set([...Object.keys(countries), UNKNOWN_COUNTRY]);

/** True for an upper-case code in the list (ZZ included). */
export function isCountryCode(code: string): boolean {
  return CODES.has(code);
}
