import { describe, expect, it } from 'vitest';
import { mapColumns } from '../../src/ingest/column-map.js';
import { isCountryCode } from '../../src/ingest/country-codes.js';
import type { GeoLookup } from '../../src/ingest/geoip.js';
import { parseAuto } from '../../src/ingest/parse-time.js';
import { controlAt, Rejection, RowValidator } from '../../src/ingest/validate-row.js';

const HEADER = 'datetime,host,src,proto,type,spt,dpt,srcstr,cc,country'.split(',');
const geo: GeoLookup = { name: 'test', country: () => 'DE' };
const validator = () => new RowValidator(mapColumns('t.csv', HEADER), parseAuto, () => geo);
const row = (over: { host?: string; cc?: string; src?: string; proto?: string; dpt?: string }) => [
  '2013-03-03 21:53:59',
  over.host ?? 'groucho-oregon',
  over.src ?? '1032051418',
  over.proto ?? 'TCP',
  '',
  '6000',
  over.dpt ?? '1433',
  '61.131.218.218',
  over.cc ?? 'CN',
  'China',
];

function rejection(rec: string[]): [string, string] | 'accepted' {
  const r = validator().check(rec);
  return r instanceof Rejection ? [r.reason, r.detail] : 'accepted';
}

describe('RowValidator', () => {
  it('knows the country codes: ISO 3166-1 alpha-2, XK and ZZ; not XX, QQ, EU or A1', () => {
    for (const cc of ['CN', 'US', 'XK', 'ZZ', 'AQ', 'SS', 'CW']) expect(isCountryCode(cc), cc).toBe(true);
    for (const cc of ['XX', 'QQ', 'EU', 'AP', 'A1', 'UK', 'cn', 'CHN', ''])
      expect(isCountryCode(cc), cc).toBe(false);
  });

  it('rejects a cc that is not a country code, and takes codes in either case with blanks around', () => {
    expect(rejection(row({ cc: 'XX' }))).toEqual([
      'bad country',
      '"XX" is not an ISO 3166-1 alpha-2 code; an empty cc is placed by GeoIP',
    ]);
    expect(rejection(row({ cc: 'QQ' }))[0]).toBe('bad country');
    expect(rejection(row({ cc: 'China' }))[0]).toBe('bad country');
    expect(validator().check(row({ cc: ' kr ' }))).toMatchObject({ cc: 'KR' });
    expect(validator().check(row({ cc: 'XK' }))).toMatchObject({ cc: 'XK' });
    expect(validator().check(row({ cc: '' }))).toMatchObject({ cc: 'DE' }); // GeoIP
    expect(validator().check(row({ cc: '  ' }))).toMatchObject({ cc: 'DE' });
  });

  it('rejects a control character in any field it reads, naming the field, the character and where', () => {
    expect(rejection(row({ host: 'groucho\u0000eu' }))).toEqual([
      'control character',
      'U+0000 in the host field at character 8: "groucho\\u0000eu"',
    ]);
    expect(rejection(row({ host: 'a\tb' }))[1]).toMatch(/^U\+0009 in the host field/);
    expect(rejection(row({ host: 'line\nbreak' }))[1]).toMatch(/^U\+000A in the host field/);
    expect(rejection(row({ host: 'c1\u0085' }))[1]).toBe(
      'U+0085 in the host field at character 3: "c1\\u0085"',
    );
    expect(rejection(row({ proto: 'TCP\r' }))[1]).toMatch(/^U\+000D in the proto field/);
    expect(rejection(row({ cc: 'C\u007fN' }))[1]).toMatch(/^U\+007F in the cc field/);
    // Columns that are not read may hold anything.
    const rec = row({});
    rec[9] = 'Chi\u0000na';
    expect(rejection(rec)).toBe('accepted');
    // Printable non-ASCII is not a control character.
    expect(validator().check(row({ host: 'hôte-ü' }))).toMatchObject({ host: 'hôte-ü' });
    expect(controlAt('abc\u00a0é')).toBe(-1);
  });
});
