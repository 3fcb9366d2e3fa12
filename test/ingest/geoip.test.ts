import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countryName } from '../../src/ingest/country-name.js';
import { bundledGeo, openGeo } from '../../src/ingest/geoip.js';
import { parseAddress } from '../../src/ingest/parse-address.js';
import { readCsv } from '../../src/ingest/read-csv.js';
import { writeCountryMmdb } from './mmdb-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'portglow-geo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const addr = (s: string) => parseAddress(s)!;

describe('geoip', () => {
  it('places sources with the bundled geoip-country data; the unplaceable are ZZ', () => {
    const geo = bundledGeo();
    expect(geo.name).toMatch(/^geoip-country \d/);
    expect(geo.country(addr('61.131.218.218'))).toBe('CN');
    expect(geo.country(addr('1032051418'))).toBe('CN');
    expect(geo.country(addr('10.131.20.151'))).toBe('ZZ');
    expect(geo.country(addr('2a00:1450:4001:81b::200e'))).toBe('DE');
    expect(geo.country(addr('2001:db8::1'))).toBe('ZZ');
  });

  it('uses a MaxMind .mmdb given with --geoip-db', async () => {
    const path = join(dir, 'test.mmdb');
    writeFileSync(
      path,
      writeCountryMmdb([
        ['61.0.0.0', 8, 'AU'],
        ['80.86.0.0', 16, 'NZ'],
      ]),
    );
    const geo = await openGeo(path);
    expect(geo.country(addr('61.131.218.218'))).toBe('AU');
    expect(geo.country(addr('80.86.82.58'))).toBe('NZ');
    expect(geo.country(addr('9.9.9.9'))).toBe('ZZ');
    expect(geo.country(addr('2001:db8::1'))).toBe('ZZ');
    const csv = join(dir, 'in.csv');
    writeFileSync(
      csv,
      'time,src,proto,dport\n2013-03-03T00:00:00Z,61.131.218.218,tcp,22\n2013-03-03T00:00:01Z,8.8.8.8,udp,53\n',
    );
    const r = await readCsv(csv, { geoipDb: path });
    expect(r.rows.map((x) => x.cc)).toEqual(['AU', 'ZZ']);
    expect(r.geo).toBe(path);
  });

  it('names countries in English; ZZ is "Unknown"', () => {
    expect(countryName('CN')).toBe('China');
    expect(countryName('US')).toBe('United States');
    expect(countryName('ZZ')).toBe('Unknown');
    expect(countryName('A1')).toBe('A1');
  });
});
