/**
 * The real marx honeypot data (../shared/data): both files read completely, with the documented counts,
 * and the bundled GeoIP (geoip-country, pinned) gives marx.csv the countries in marx-cc.csv's cc column.
 */
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { UNKNOWN_COUNTRY, type PacketRow } from '../../src/ingest/packet-row.js';
import { readCsv, type IngestResult } from '../../src/ingest/read-csv.js';
import { describeRealData, MARX, MARX_CC } from './real-data.js';

const ROWS = 451_581;
const PINNED_GEOIP = '5.0.202609260156';

function perProto(rows: PacketRow[]): Record<string, number> {
  const out: Record<string, number> = { tcp: 0, udp: 0, icmp: 0 };
  for (const r of rows) out[r.proto]++;
  return out;
}

function checkCounts(r: IngestResult): void {
  expect(r.read).toBe(ROWS);
  expect(r.accepted).toBe(ROWS);
  expect(r.rejected).toBe(0);
  expect(r.rows).toHaveLength(ROWS);
  expect(perProto(r.rows)).toEqual({ tcp: 327_991, udp: 78_779, icmp: 44_811 });
  expect(r.rows.filter((x) => x.host === 'groucho-tokyo')).toHaveLength(126_189);
}

describeRealData('real marx data', () => {
  it('marx.csv.gz: 451,581 rows, 0 rejected, the documented protocol and host counts', async () => {
    const r = await readCsv(MARX);
    expect(r.format).toBe('marx');
    checkCounts(r);
  });

  it('marx-cc.csv.gz: the same rows; with bundled GeoIP, marx.csv.gz gets the cc column (empty ⇔ ZZ)', async () => {
    // Read the cc column as it is: a stub lookup makes empty cells ZZ without asking GeoIP.
    const cc = await readCsv(MARX_CC, { geo: { name: 'none', country: () => UNKNOWN_COUNTRY } });
    expect(cc.format).toBe('marx-cc');
    checkCounts(cc);
    const geo = await readCsv(MARX);
    expect(geo.geo).toBe(
      `geoip-country ${createRequire(import.meta.url)('geoip-country/package.json').version}`,
    );
    let agree = 0;
    let unknown = 0;
    let misaligned = 0;
    for (let i = 0; i < ROWS; i++) {
      const a = geo.rows[i];
      const b = cc.rows[i];
      if (a.time !== b.time || a.src !== b.src) misaligned++;
      if (a.cc === b.cc) agree++;
      if (b.cc === UNKNOWN_COUNTRY) unknown++;
    }
    expect(misaligned).toBe(0);
    console.log(
      `GeoIP agreement with marx-cc's cc column: ${agree} of ${ROWS} rows (${((100 * agree) / ROWS).toFixed(3)}%)`,
    );
    expect(unknown).toBe(2_464); // rows with an empty cc in marx-cc
    // The cc column was made with the pinned geoip-country; with it installed, every row agrees.
    const pinned = geo.geo === `geoip-country ${PINNED_GEOIP}`;
    expect(agree / ROWS).toBeGreaterThanOrEqual(pinned ? 1 : 0.99);
  });
});
