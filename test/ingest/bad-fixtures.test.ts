/**
 * The bad-input corpus (fixtures/bad/, made by scripts/make-bad-fixtures.ts): each file's documented
 * outcome. Row-level problems are rejected with their line and reason and never stop the read;
 * file-level problems are UserErrors with exit code 1. The huge lines are built in a temp dir.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { badFixtures, hugeLine } from '../../scripts/make-bad-fixtures.js';
import { UserError } from '../../src/errors.js';
import { readCsv, type IngestResult } from '../../src/ingest/read-csv.js';

const BAD = fileURLToPath(new URL('../../fixtures/bad', import.meta.url));

interface Rows {
  format: IngestResult['format'];
  read: number;
  accepted: number;
  blankLines?: number;
  /** [line, reason] of every rejected row. */
  rejects: [number, string][];
  srcs?: string[];
}

const EXPECTED: Record<string, Rows | RegExp> = {
  'wrong-header.csv':
    /the header lacks time, src, proto, dport .*Found header: "when","who","what","where".*--columns "time=when,/,
  'short-rows.csv': {
    format: 'marx',
    read: 4,
    accepted: 2,
    rejects: [
      [3, 'wrong field count'],
      [5, 'wrong field count'],
    ],
  },
  'long-rows.csv': { format: 'marx', read: 3, accepted: 2, rejects: [[3, 'wrong field count']] },
  'bad-dates.csv': {
    format: 'marx',
    read: 6,
    accepted: 1,
    rejects: [
      [3, 'bad time'],
      [4, 'bad time'],
      [5, 'bad time'],
      [6, 'bad time'],
      [7, 'bad time'],
    ],
  },
  'bad-ports.csv': {
    format: 'marx',
    read: 9,
    accepted: 3,
    rejects: [
      [3, 'port out of range'],
      [4, 'port out of range'],
      [5, 'bad port'],
      [6, 'missing port'],
      [7, 'unknown protocol'],
      [8, 'bad icmp type'],
    ],
  },
  'ipv6.csv': {
    format: 'csv',
    read: 6,
    accepted: 4,
    rejects: [
      [5, 'bad address'],
      [6, 'bad address'],
    ],
    srcs: ['2001:db8::1', '2a00:1450:4001:81b::200e', '61.131.218.218', '61.131.218.218'],
  },
  'empty.csv': /the file is empty/,
  'header-only.csv': { format: 'marx', read: 0, accepted: 0, rejects: [] },
  'truncated.csv.gz': /the gzip data is truncated/,
  'gzip-without-extension.csv': { format: 'marx', read: 9, accepted: 9, rejects: [] },
  'garbage.bin': /this is not CSV text \(binary data/,
  'crlf.csv': { format: 'marx', read: 4, accepted: 3, rejects: [[5, 'port out of range']] },
  'bom.csv': {
    format: 'marx-cc',
    read: 2,
    accepted: 2,
    rejects: [],
    srcs: ['61.131.218.218', '80.86.82.58'],
  },
  'quoted-commas.csv': { format: 'marx-cc', read: 5, accepted: 4, rejects: [[7, 'unclosed quote']] },
  'blank-lines.csv': { format: 'marx', read: 3, accepted: 3, blankLines: 3, rejects: [] },
  'time-window.csv': {
    format: 'marx',
    read: 5,
    accepted: 2,
    rejects: [
      [3, 'time outside window'],
      [4, 'time outside window'],
      [5, 'time outside window'],
    ],
  },
  'bad-countries.csv': {
    format: 'marx-cc',
    read: 7,
    accepted: 4,
    rejects: [
      [3, 'bad country'],
      [4, 'bad country'],
      [8, 'bad country'],
    ],
  },
  'control-chars.csv': {
    format: 'marx',
    read: 144,
    accepted: 141,
    rejects: [
      [142, 'control character'],
      [143, 'control character'],
      [144, 'control character'],
    ],
  },
  'unclosed-header.csv': /:1: the header line opens a quote that is never closed/,
};

const tmp = mkdtempSync(join(tmpdir(), 'portglow-bad-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('bad-input corpus', () => {
  it('is what scripts/make-bad-fixtures.ts writes, and every file has an expected outcome', () => {
    const made = badFixtures();
    expect(Object.keys(made).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [name, bytes] of Object.entries(made))
      expect(readFileSync(join(BAD, name)).equals(bytes), name).toBe(true);
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: ${expected instanceof RegExp ? 'UserError (exit 1)' : `${expected.rejects.length} rejected`}`, async () => {
      const path = join(BAD, name);
      if (expected instanceof RegExp) {
        const err = await readCsv(path).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(UserError);
        expect((err as UserError).exitCode).toBe(1);
        expect((err as UserError).message).toContain(path);
        expect((err as UserError).message).toMatch(expected);
        return;
      }
      const r = await readCsv(path);
      expect(r.format).toBe(expected.format);
      expect(r.read).toBe(expected.read);
      expect(r.accepted).toBe(expected.accepted);
      expect(r.rejected).toBe(expected.rejects.length);
      expect(r.read).toBe(r.accepted + r.rejected);
      expect(r.blankLines).toBe(expected.blankLines ?? 0);
      expect(r.rejects.map((x) => [x.line, x.reason])).toEqual(expected.rejects);
      if (expected.srcs) expect(r.rows.map((x) => x.src)).toEqual(expected.srcs);
      // --strict turns the first rejected row into a UserError naming file:line: reason.
      if (expected.rejects.length > 0) {
        const [line, reason] = expected.rejects[0];
        await expect(readCsv(path, { strict: true })).rejects.toThrow(`${path}:${line}: ${reason}`);
      }
    });
  }

  it('a 64 MB line of commas is one rejected row (row too long) and the rows around it are read', async () => {
    const path = join(tmp, 'huge-line.csv');
    writeFileSync(path, hugeLine(64 * 1024 * 1024));
    const r = await readCsv(path);
    expect(r).toMatchObject({ read: 3, accepted: 2, rejected: 1, byReason: { 'row too long': 1 } });
    expect(r.rejects[0]).toMatchObject({
      line: 3,
      reason: 'row too long',
      detail: '67108864 bytes, at most 1048576',
    });
    expect(r.rows.map((x) => x.port)).toEqual([1433, 5060]);
    expect(r.rejects[0].raw.length).toBeLessThan(5000);
    await expect(readCsv(path, { strict: true })).rejects.toThrow(`${path}:3: row too long`);
  });

  it('a row just under the cap is read, one byte more is rejected', async () => {
    const good = '2013-03-03 21:53:59,groucho-oregon,1032051418,TCP,,6000,1433';
    const path = join(tmp, 'at-cap.csv');
    // The host column padded so that the row is n bytes long.
    const pad = (n: number) => `${good.slice(0, 20)}${'h'.repeat(n - good.length + 14)}${good.slice(34)}`;
    writeFileSync(path, `datetime,host,src,proto,type,spt,dpt\n${pad(200)}\n${pad(201)}\n${good}\n`);
    const r = await readCsv(path, { maxRowBytes: 200 });
    expect(pad(200).length).toBe(200);
    expect(r.rejects.map((x) => [x.line, x.reason, x.detail])).toEqual([
      [3, 'row too long', '201 bytes, at most 200'],
    ]);
    expect(r.rows.map((x) => x.host.length)).toEqual([154, 14]);
  });
});
