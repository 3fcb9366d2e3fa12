/**
 * Source addresses: dotted IPv4 (`61.131.218.218`), IPv4 as an unsigned 32-bit integer (`1032051418`,
 * the marx `src` column) or IPv6 (`2001:db8::1`; an IPv4-mapped `::ffff:1.2.3.4` becomes `1.2.3.4`).
 * Dotted octets may carry leading zeros and are read as decimal (`010.1.1.1` = `10.1.1.1`).
 */
import { isIPv6 } from 'node:net';

/** A parsed source: its canonical text and, for IPv4, its 32-bit value (-1 for IPv6). */
export interface SourceAddress {
  text: string;
  v4: number;
}

/** Dotted quad from an unsigned 32-bit value. */
export function dottedFromInt(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Unsigned decimal integer 0–4294967295 (1–10 digits), else -1. */
export function parseIntAddress(s: string): number {
  const n = s.length;
  if (n === 0 || n > 10) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v <= 0xffffffff ? v : -1;
}

/** Dotted quad (four decimal octets 0–255, 1–3 digits each) → 32-bit value, else -1. */
export function parseDotted(s: string): number {
  const n = s.length;
  let v = 0;
  let parts = 0;
  let i = 0;
  while (parts < 4) {
    let octet = 0;
    const start = i;
    while (i < n) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      octet = octet * 10 + c;
      i++;
    }
    if (i === start || i - start > 3 || octet > 255) return -1;
    v = v * 256 + octet;
    parts++;
    if (parts < 4) {
      if (s.charCodeAt(i) !== 46) return -1;
      i++;
    }
  }
  return i === n ? v : -1;
}

/** Any supported source text → address, or null when it is not an address. */
export function parseAddress(raw: string): SourceAddress | null {
  const s = raw.trim();
  if (s.length === 0) return null;
  const first = s.charCodeAt(0);
  if (s.indexOf(':') >= 0) {
    const lower = s.toLowerCase();
    if (!isIPv6(lower)) return null;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    if (mapped) {
      const v4 = parseDotted(mapped[1]);
      if (v4 >= 0) return { text: dottedFromInt(v4), v4 };
    }
    return { text: lower, v4: -1 };
  }
  if (first < 48 || first > 57) return null;
  if (s.indexOf('.') >= 0) {
    const v4 = parseDotted(s);
    return v4 < 0 ? null : { text: dottedFromInt(v4), v4 };
  }
  const v4 = parseIntAddress(s);
  return v4 < 0 ? null : { text: dottedFromInt(v4), v4 };
}
