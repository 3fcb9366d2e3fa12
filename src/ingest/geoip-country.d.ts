/** The part of the untyped `geoip-country` package (CommonJS) that src/ingest/geoip.ts uses. */
declare module 'geoip-country' {
  export interface GeoipCountryResult {
    /** ISO 3166-1 alpha-2 code. */
    country: string;
    name: string;
  }
  /** Dotted IPv4, IPv6 text or an unsigned 32-bit IPv4 value; null when the address is not in the data. */
  export function lookup(ip: string | number): GeoipCountryResult | null;
}
