/**
 * The synthetic generator against the real marx data: its shares of protocols, top countries and top
 * ports resemble the real file's. Synthetic side: 7 days for seed 42 without the planted events' sources
 * (a single day is dominated by its flood). Tolerances, in percentage points of all packets:
 *   - each protocol share within 3 pp;
 *   - China and the US within 5 pp, every other real top-10 country within 3 pp;
 *   - every real top-10 TCP/UDP port within 10 pp (the real data has MS-SQL at 24%, the generator 15%),
 *     and at least 6 of the real top 10 ports among the generator's top 15;
 *   - the three busiest hosts are the same three.
 */
import { expect, it } from 'vitest';
import { plantedEvents, syntheticRows } from '../../src/ingest/synthetic.js';
import { readCsv } from '../../src/ingest/read-csv.js';
import { countRows } from '../../src/stats/compute-stats.js';
import { describeRealData, MARX_CC } from '../ingest/real-data.js';

type Counts = ReturnType<typeof countRows>;

function shares(m: Map<string | number, number>, total: number): Map<string | number, number> {
  return new Map([...m].map(([k, v]) => [k, (100 * v) / total]));
}
const top = (m: Map<string | number, number>, n: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k]) => k);

describeRealData('synthetic data resembles the real data', () => {
  it('in protocol, country, port and host shares', async () => {
    const real = await readCsv(MARX_CC);
    const days = 7;
    const planted = new Set(plantedEvents(42, { days }).map((e) => e.src));
    const syn = syntheticRows(42, { days }).filter((r) => !planted.has(r.src));
    const r: Counts = countRows(real.rows);
    const s: Counts = countRows(syn);
    const rn = real.rows.length;
    const sn = syn.length;
    const report: string[] = [];
    for (const p of ['tcp', 'udp', 'icmp'] as const) {
      const a = (100 * r.protocols[p]) / rn;
      const b = (100 * s.protocols[p]) / sn;
      report.push(`${p} ${a.toFixed(1)} vs ${b.toFixed(1)}`);
      expect(Math.abs(a - b), p).toBeLessThanOrEqual(3);
    }
    const rc = shares(r.countries, rn);
    const sc = shares(s.countries, sn);
    for (const cc of top(rc, 10)) {
      const d = Math.abs(rc.get(cc)! - (sc.get(cc) ?? 0));
      report.push(`${cc} ${rc.get(cc)!.toFixed(1)} vs ${(sc.get(cc) ?? 0).toFixed(1)}`);
      expect(d, String(cc)).toBeLessThanOrEqual(cc === 'CN' || cc === 'US' ? 5 : 3);
    }
    const rp = shares(r.ports, rn);
    const sp = shares(s.ports, sn);
    const realTop = top(rp, 10);
    for (const port of realTop) {
      const name = `${Number(port) >= 65536 ? 'udp' : 'tcp'}/${Number(port) & 65535}`;
      report.push(`${name} ${rp.get(port)!.toFixed(1)} vs ${(sp.get(port) ?? 0).toFixed(1)}`);
      expect(Math.abs(rp.get(port)! - (sp.get(port) ?? 0)), name).toBeLessThanOrEqual(10);
    }
    const synTop = new Set(top(sp, 15));
    expect(realTop.filter((p) => synTop.has(p)).length).toBeGreaterThanOrEqual(6);
    const hosts = (c: Counts) => top(c.hosts as Map<string | number, number>, 3).sort();
    expect(hosts(s)).toEqual(hosts(r));
    console.log(`real vs synthetic shares (%): ${report.join('; ')}`);
  });
});
