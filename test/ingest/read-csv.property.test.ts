/**
 * Property (the CSV fuzzer): for any file — marx-like or arbitrary bytes, random quoting, LF or CRLF,
 * with or without a BOM, plain or gzip, fields from empty to many kilobytes against a random row cap —
 * readCsv returns (never hangs: each property is bounded by the test's timeout) with every row
 * accounted for (read = accepted + rejected, accepted = kept + filtered, each rejection on a real
 * line, every kept row sane) or fails with a UserError; nothing else is thrown.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { PROTOS } from '../../src/ingest/packet-row.js';
import { isCountryCode } from '../../src/ingest/country-codes.js';
import { readCsv } from '../../src/ingest/read-csv.js';
import { controlAt } from '../../src/ingest/validate-row.js';

const dir = mkdtempSync(join(tmpdir(), 'portglow-prop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADERS = [
  'datetime,host,src,proto,type,spt,dpt',
  'datetime,host,src,proto,type,spt,dpt,srcstr,cc,country',
  'time,src,proto,dport',
];

/** Field values: mostly plausible, some broken, some arbitrary text (commas, quotes, line breaks…). */
const plainField = fc.oneof(
  fc.constantFrom(
    '2013-03-03 21:53:59',
    '2013-02-30 00:00:00',
    '3/3/13 1:02',
    '1362347639',
    'TCP',
    'UDP',
    'ICMP',
    'tcp',
    'GRE',
  ),
  fc.constantFrom(
    '22',
    '1433',
    '70000',
    '-1',
    '',
    '8',
    '1032051418',
    '61.131.218.218',
    '2001:db8::1',
    'CN',
    'zz',
    'host-a',
  ),
  fc.string({ maxLength: 12 }).map((s) => s.replace(/[",\r\n]/g, '')),
);
const wildField = fc.oneof(
  plainField,
  fc.string({ maxLength: 16, unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', '1', 'é', '\u0000') }),
);

const fileArb = fc.record({
  header: fc.constantFrom(...HEADERS),
  rows: fc.array(
    fc.array(fc.oneof({ weight: 4, arbitrary: plainField }, { weight: 1, arbitrary: wildField }), {
      minLength: 0,
      maxLength: 12,
    }),
    {
      maxLength: 30,
    },
  ),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  trailingNewline: fc.boolean(),
  gzip: fc.boolean(),
  strict: fc.boolean(),
});

let n = 0;

async function check(
  content: Buffer,
  text: Buffer,
  strict = false,
  maxRowBytes?: number,
): Promise<{ read: number; blank: number } | 'user-error'> {
  const path = join(dir, `p${n++}.csv`);
  writeFileSync(path, content);
  try {
    const r = await readCsv(path, { strict, maxRowBytes, selection: { protos: ['tcp', 'icmp'] } });
    expect(r.read).toBe(r.accepted + r.rejected);
    expect(r.rows.length).toBe(r.accepted - r.filtered);
    expect(Object.values(r.byReason).reduce((a, b) => a + b, 0)).toBe(r.rejected);
    const lines = text.toString('utf8').split('\n').length;
    for (const x of r.rejects) expect(x.line >= 2 && x.line <= lines + 1, `line ${x.line}`).toBe(true);
    for (const row of r.rows) {
      expect(Number.isInteger(row.time)).toBe(true);
      expect(PROTOS).toContain(row.proto);
      expect(row.port >= -1 && row.port <= 65535).toBe(true);
      expect(isCountryCode(row.cc), row.cc).toBe(true);
      expect(controlAt(row.host)).toBe(-1);
      expect(row.host.length).toBeLessThanOrEqual(255);
    }
    if (maxRowBytes !== undefined)
      for (const x of r.rejects)
        if (x.reason === 'row too long') expect(x.detail).toMatch(/^\d+ bytes, at most \d+$/);
    if (strict) expect(r.rejected).toBe(0);
    return { read: r.read, blank: r.blankLines };
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return 'user-error';
  }
}

describe('readCsv on generated files', () => {
  it('accounts for every row and throws nothing but UserErrors', async () => {
    await fc.assert(
      fc.asyncProperty(fileArb, async (f) => {
        const eol = f.crlf ? '\r\n' : '\n';
        const dataLines = f.rows.map((fields) => fields.join(','));
        let text = [f.header, ...dataLines].join(eol) + (f.trailingNewline ? eol : '');
        if (f.bom) text = `\ufeff${text}`;
        const bytes = Buffer.from(text, 'utf8');
        const result = await check(f.gzip ? gzipSync(bytes) : bytes, bytes, f.strict);
        // Without quotes or stray line breaks, each data line is a row or a blank line.
        const simple =
          !/["\r]/.test(dataLines.join('')) &&
          !dataLines.join('').includes('\u0000') &&
          !dataLines.some((l) => l.includes('\n'));
        // (An empty last line without a line end is no line at all.)
        const last =
          dataLines.length > 0 && dataLines[dataLines.length - 1] === '' && !f.trailingNewline ? 1 : 0;
        if (simple && result !== 'user-error')
          expect(result.read + result.blank).toBe(dataLines.length - last);
      }),
      { numRuns: 200 },
    );
  });

  it('accounts for rows of any size against any row cap, quoted or not', async () => {
    // Fields from empty to ~20 kB: a short random pattern (commas, quotes, line breaks, NULs…) repeated.
    const bigField = fc
      .tuple(
        fc.string({
          minLength: 1,
          maxLength: 8,
          unit: fc.constantFrom('x', ',', '"', '\n', '\r', '\u0000', '9', ' '),
        }),
        fc.integer({ min: 0, max: 2500 }),
      )
      .map(([pattern, k]) => pattern.repeat(k));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...HEADERS),
        fc.array(
          fc.array(fc.oneof({ weight: 3, arbitrary: plainField }, { weight: 1, arbitrary: bigField }), {
            maxLength: 10,
          }),
          { maxLength: 12 },
        ),
        fc.integer({ min: 16, max: 8192 }),
        fc.boolean(),
        async (header, rows, cap, gz) => {
          const text = Buffer.from([header, ...rows.map((r) => r.join(','))].join('\n') + '\n');
          const result = await check(gz ? gzipSync(text) : text, text, false, cap);
          // Without quotes, each line is one row (kept, rejected, too long) or a blank line.
          if (result !== 'user-error' && !text.includes('"') && !text.subarray(0, 8192).includes(0))
            expect(result.read + result.blank).toBe(text.toString().split('\n').length - 2);
        },
      ),
      { numRuns: 120 },
    );
  }, 20_000);

  it('survives arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.boolean(), async (bytes, gz) => {
        const buf = Buffer.from(bytes);
        await check(gz ? gzipSync(buf) : buf, buf);
      }),
      { numRuns: 150 },
    );
  });
});
