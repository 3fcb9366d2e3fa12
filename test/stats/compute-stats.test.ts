import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runStats, type StatsArgs } from '../../src/cli/stats-command.js';
import { readInput } from '../../src/ingest/read-input.js';
import { computeStats, type InputStats } from '../../src/stats/compute-stats.js';

const dir = mkdtempSync(join(tmpdir(), 'portglow-stats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CSV = [
  'datetime,host,src,proto,type,spt,dpt',
  '2013-03-03 21:53:59,groucho-oregon,1032051418,TCP,,6000,1433',
  '2013-03-03 21:57:01,groucho-tokyo,1347834426,UDP,,5270,5060',
  '2013-03-03 22:00:00,groucho-tokyo,1032051418,TCP,,6000,1433',
  '2013-03-04 23:01:45,groucho-eu,2148114514,ICMP,8,,',
  '2013-03-04 23:01:46,groucho-eu,2148114514,TCP,,1,99999',
  'short,row',
].join('\n');

const args = (over: Record<string, unknown>) =>
  ({ seed: 42, json: false, top: 10, bin: 300, strict: false, ...over }) as unknown as StatsArgs;

describe('stats', () => {
  const path = join(dir, 'small.csv');
  writeFileSync(path, CSV);

  it('counts rows, rejections by reason, span, protocols, hosts, countries and ports', async () => {
    const input = await readInput({
      inputs: [path],
      seed: 42,
      strict: false,
      binSeconds: 300,
      selection: { countries: ['CN', 'US'] },
    });
    const s = computeStats(input);
    expect(s.rows).toEqual({
      read: 6,
      accepted: 4,
      rejected: 2,
      filtered: 1,
      used: 3,
      blankLines: 0,
      skipped: 0,
      packets: 3,
    });
    expect(s.rejectedByReason).toEqual({ 'wrong field count': 1, 'port out of range': 1 });
    expect(s.span).toEqual({ first: '2013-03-03T21:53:59Z', last: '2013-03-04T23:01:45Z', days: 1.05 });
    expect(s.protocols).toEqual({ tcp: 2, udp: 0, icmp: 1 });
    expect(s.hosts).toEqual([
      { host: 'groucho-eu', packets: 1 },
      { host: 'groucho-oregon', packets: 1 },
      { host: 'groucho-tokyo', packets: 1 },
    ]);
    expect(s.countries).toEqual([
      { cc: 'CN', country: 'China', packets: 2, share: 2 / 3 },
      { cc: 'US', country: 'United States', packets: 1, share: 1 / 3 },
    ]);
    expect(s.ports).toEqual([{ proto: 'tcp', port: 1433, packets: 2, share: 2 / 3 }]);
  });

  it('prints JSON with --json and readable tables otherwise, listing the first rejected lines', async () => {
    const json = JSON.parse(await runStats(args({ input: path, json: true }))) as InputStats & {
      firstRejects: unknown[];
    };
    expect(json.rows.read).toBe(6);
    expect(json.firstRejects).toEqual([
      { line: 6, reason: 'port out of range', detail: '"99999"' },
      { line: 7, reason: 'wrong field count', detail: '2 fields, the header has 7' },
    ]);
    const text = await runStats(args({ input: path }));
    expect(text).toMatch(/read\s+6\n/);
    expect(text).toMatch(/ {4}port out of range\s+1\n/);
    expect(text).toContain('CN  China');
    expect(text).toContain(`${path}:6: port out of range ("99999")`);
  });

  it('uses the synthetic day for --seed without --input', async () => {
    const a = JSON.parse(await runStats(args({ json: true }))) as InputStats;
    expect(a.source).toBe('synthetic:42');
    expect(a.rows.rejected).toBe(0);
    expect(a.rows.read).toBe(a.rows.used);
    expect(a.span.first?.startsWith('2013-07-15')).toBe(true);
    const b = JSON.parse(await runStats(args({ json: true, seed: 7 }))) as InputStats;
    expect(b.rows.read).not.toBe(a.rows.read);
  });
});
