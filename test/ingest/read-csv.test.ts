import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import type { GeoLookup } from '../../src/ingest/geoip.js';
import { readCsv } from '../../src/ingest/read-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'portglow-read-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(content: string | Buffer, name = `f${n++}.csv`): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const MARX = 'datetime,host,src,proto,type,spt,dpt';
const GOOD = '2013-03-03 21:53:59,groucho-oregon,1032051418,TCP,,6000,1433';
const BAD_PORT = '2013-03-03 21:53:59,groucho-oregon,1032051418,TCP,,6000,70000';

describe('readCsv', () => {
  it('reads marx rows (gzip found by magic bytes) with the SHA-256 of the file bytes', async () => {
    const bytes = gzipSync(`${MARX}\n${GOOD}\n2013-03-03 23:01:45,groucho-eu,2148114514,ICMP,8,,\n`);
    const path = file(bytes, 'plain-name.txt');
    const r = await readCsv(path);
    expect(r).toMatchObject({ format: 'marx', read: 2, accepted: 2, rejected: 0, filtered: 0 });
    expect(r.digest).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(r.rows).toEqual([
      {
        time: Date.UTC(2013, 2, 3, 21, 53, 59) / 1000,
        host: 'groucho-oregon',
        src: '61.131.218.218',
        cc: 'CN',
        proto: 'tcp',
        port: 1433,
      },
      {
        time: Date.UTC(2013, 2, 3, 23, 1, 45) / 1000,
        host: 'groucho-eu',
        src: '128.9.160.82',
        cc: 'US',
        proto: 'icmp',
        port: 8,
      },
    ]);
    expect(r.geo).toMatch(/^geoip-country /);
  });

  it('counts every row: read = accepted + rejected, accepted = kept + filtered', async () => {
    const path = file([MARX, GOOD, BAD_PORT, GOOD.replace('TCP', 'UDP'), 'junk', GOOD].join('\n'));
    const r = await readCsv(path, { selection: { protos: ['udp'] } });
    expect(r).toMatchObject({ read: 5, accepted: 3, rejected: 2, filtered: 2 });
    expect(r.rows).toHaveLength(1);
    expect(r.byReason).toEqual({ 'port out of range': 1, 'wrong field count': 1 });
    expect(r.rejects.map((x) => [x.line, x.reason])).toEqual([
      [3, 'port out of range'],
      [5, 'wrong field count'],
    ]);
    expect(r.rejects[0].raw).toBe(BAD_PORT);
  });

  it('--strict stops at the first bad row with file:line: reason', async () => {
    const path = file([MARX, GOOD, GOOD, BAD_PORT, 'junk'].join('\n'));
    const err = await readCsv(path, { strict: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(1);
    expect((err as UserError).message).toBe(`${path}:4: port out of range ("70000")`);
  });

  it('--rejects writes every rejected row although only the first 1000 are kept in memory', async () => {
    const lines = [MARX];
    for (let i = 0; i < 1500; i++) lines.push(i % 3 ? BAD_PORT : GOOD.replace('1433', '-5'));
    lines.push(GOOD);
    const out = join(dir, 'rejects.csv');
    const r = await readCsv(file(lines.join('\n')), { rejectsPath: out });
    expect(r).toMatchObject({ read: 1501, accepted: 1, rejected: 1500 });
    expect(r.rejects).toHaveLength(1000);
    const written = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(written).toHaveLength(1501);
    expect(written[0]).toBe('file,line,reason,detail,row');
    expect(written[1]).toContain(`,2,port out of range,"""-5""",`);
    expect(written[1500]).toContain(',1501,port out of range,');
  });

  it('reads any CSV through --columns and --time-format; a cc column wins over GeoIP', async () => {
    const csv = [
      'When,Who,P,Port,Box,Land',
      '3/3/13 21:53,10.0.0.1,tcp,22,a,de',
      '3/3/13 21:54,10.0.0.1,6,23,b,',
    ];
    const calls: string[] = [];
    const geo: GeoLookup = {
      name: 'stub',
      country: (a) => {
        calls.push(a.text);
        return 'ZZ';
      },
    };
    const r = await readCsv(file(csv.join('\r\n')), {
      columns: { time: 'When', src: 'Who', proto: 'P', dport: 'Port', host: 'Box', cc: 'Land' },
      timeFormat: 'mdy-hm',
      geo,
    });
    expect(r.format).toBe('csv');
    expect(r.rows.map((x) => [x.time, x.cc, x.host, x.proto, x.port])).toEqual([
      [Date.UTC(2013, 2, 3, 21, 53) / 1000, 'DE', 'a', 'tcp', 22],
      [Date.UTC(2013, 2, 3, 21, 54) / 1000, 'ZZ', 'b', 'tcp', 23],
    ]);
    expect(calls).toEqual(['10.0.0.1']);
    expect(r.geo).toBe('stub');
  });

  it('looks each source up in GeoIP once, and private addresses are ZZ', async () => {
    let calls = 0;
    const geo: GeoLookup = { name: 'count', country: () => (calls++, 'CN') };
    const rows = [MARX, ...Array.from({ length: 50 }, () => GOOD), GOOD.replace('1032051418', '167772161')];
    const r = await readCsv(file(rows.join('\n')), { geo });
    expect(r.accepted).toBe(51);
    expect(calls).toBe(2);
    const bundled = await readCsv(file([MARX, GOOD.replace('1032051418', '167772161')].join('\n')));
    expect(bundled.rows[0]).toMatchObject({ src: '10.0.0.1', cc: 'ZZ' });
  });

  it('numbers rows by physical line when quoted fields span lines', async () => {
    const csv = [`${MARX},note`, `${GOOD},"one`, 'two', `three"`, `${BAD_PORT},x`].join('\n');
    const r = await readCsv(file(csv));
    expect(r).toMatchObject({ read: 2, accepted: 1, rejected: 1 });
    expect(r.rejects[0].line).toBe(5);
  });

  it('fails with a UserError for a missing file or an unreadable --geoip-db', async () => {
    await expect(readCsv(join(dir, 'nope.csv'))).rejects.toThrow(/no such file/);
    await expect(
      readCsv(file(`${MARX}\n${GOOD}\n`), { geoipDb: file('not a database', 'x.mmdb') }),
    ).rejects.toThrow(/--geoip-db .*cannot open it as a MaxMind database/);
  });
});
