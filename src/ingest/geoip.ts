/**
 * Country of a source address. By default the bundled `geoip-country` data (GeoLite2 Country, loaded
 * into memory on first use, about 20 ms); with `--geoip-db FILE.mmdb`, the user's own GeoLite2/GeoIP2
 * Country or City database through `maxmind`. An address that the data cannot place gets
 * UNKNOWN_COUNTRY ('ZZ'): counted as "Unknown", never dropped. Callers cache per source address.
 */
import { createRequire } from 'node:module';
import type { CountryResponse, Reader } from 'maxmind';
import { UserError } from '../errors.js';
import { isCountryCode } from './country-codes.js';
import { UNKNOWN_COUNTRY } from './packet-row.js';
import type { SourceAddress } from './parse-address.js';

export interface GeoLookup {
  /** Where the countries come from, for reports: 'geoip-country <version>' or the .mmdb path. */
  readonly name: string;
  /** Upper-case ISO 3166-1 alpha-2 code, or UNKNOWN_COUNTRY. */
  country(addr: SourceAddress): string;
}

type GeoipCountry = typeof import('geoip-country');

let bundled: { lib: GeoipCountry; version: string } | undefined;

/** The bundled geoip-country lookup (the package loads its data synchronously at first require). */
export function bundledGeo(): GeoLookup {
  if (!bundled) {
    const require = createRequire(import.meta.url);
    const lib = require('geoip-country') as GeoipCountry;
    const version = (require('geoip-country/package.json') as { version: string }).version;
    bundled = { lib, version };
  }
  const { lib, version } = bundled;
  return {
    name: `geoip-country ${version}`,
    country(addr) {
      const hit = lib.lookup(addr.v4 >= 0 ? addr.v4 : addr.text);
      return hit && isCountryCode(hit.country) ? hit.country : UNKNOWN_COUNTRY;
    },
  };
}

/** A lookup through a MaxMind database file; UserError (exit 1) when it cannot be opened. */
export async function mmdbGeo(path: string): Promise<GeoLookup> {
  let reader: Reader<CountryResponse>;
  // Loaded only for --geoip-db: a render without it never waits for the package.
  const { default: maxmind } = await import('maxmind');
  try {
    reader = await maxmind.open<CountryResponse>(path);
  } catch (err) {
    throw new UserError(
      `--geoip-db ${path}: cannot open it as a MaxMind database (${(err as Error).message}). ` +
        'Give a GeoLite2/GeoIP2 Country or City .mmdb file, or leave --geoip-db out to use the bundled data.',
    );
  }
  return {
    name: path,
    country(addr) {
      let hit: CountryResponse | null;
      try {
        hit = reader.get(addr.text);
      } catch {
        return UNKNOWN_COUNTRY; // e.g. an IPv6 address in an IPv4-only database
      }
      const code = hit?.country?.iso_code ?? hit?.registered_country?.iso_code;
      return code && isCountryCode(code.toUpperCase()) ? code.toUpperCase() : UNKNOWN_COUNTRY;
    },
  };
}

/** The lookup for `--geoip-db` (undefined: the bundled data). */
export async function openGeo(dbPath?: string): Promise<GeoLookup> {
  return dbPath ? mmdbGeo(dbPath) : bundledGeo();
}
