/**
 * English country names for ISO 3166-1 alpha-2 codes, from the ICU data built into Node
 * (`Intl.DisplayNames`); UNKNOWN_COUNTRY is "Unknown", and a code ICU does not know is shown as itself.
 */
import { UNKNOWN_COUNTRY } from './packet-row.js';

let names: Intl.DisplayNames | null | undefined;
const cache = new Map<string, string>();

export function countryName(cc: string): string {
  if (cc === UNKNOWN_COUNTRY) return 'Unknown';
  let name = cache.get(cc);
  if (name !== undefined) return name;
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
    } catch {
      names = null;
    }
  }
  try {
    name = names?.of(cc) ?? cc;
  } catch {
    name = cc; // not a well-formed region code
  }
  cache.set(cc, name);
  return name;
}
