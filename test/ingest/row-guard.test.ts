/**
 * RowGuard must find the records csv-parse finds (with the reader's options), pass on every byte of
 * the records it keeps, and drop exactly the records over the cap or left inside quotes.
 */
import { parse, type Options } from 'csv-parse';
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { RowGuard, type DroppedRow } from '../../src/ingest/row-guard.js';

// The reader's options (src/ingest/read-csv.ts), plus each record's end offset.
const OPTS: Options = {
  relax_column_count: true,
  relax_quotes: true,
  record_delimiter: ['\r\n', '\n'],
  skip_records_with_error: true,
  info: true,
};

interface Parsed {
  records: { record: string[]; end: number }[];
  unclosed: boolean;
}

async function csv(chunks: Buffer[]): Promise<Parsed> {
  const records: Parsed['records'] = [];
  let unclosed = false;
  const options: Options = {
    ...OPTS,
    on_skip: (e) => {
      unclosed ||= e?.code === 'CSV_QUOTE_NOT_CLOSED';
      return undefined;
    },
  };
  const parser = parse(options);
  parser.on('data', (r: { record: string[]; info: { bytes: number } }) =>
    records.push({ record: r.record, end: r.info.bytes }),
  );
  await pipeline(Readable.from(chunks), parser);
  return { records, unclosed };
}

async function guarded(chunks: Buffer[], maxRowBytes: number) {
  const drops: DroppedRow[] = [];
  const out: Buffer[] = [];
  const guard = new RowGuard({
    maxRowBytes,
    onDrop: (d) => drops.push(d),
    binaryError: () => new Error('binary'),
  });
  guard.on('data', (b: Buffer) => out.push(b));
  await pipeline(Readable.from(chunks), guard);
  return { out: Buffer.concat(out), drops };
}

function split(buf: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const c of [...at, buf.length]) {
    if (c > from) parts.push(buf.subarray(from, c));
    from = c;
  }
  return parts;
}

const text = fc.string({ maxLength: 120, unit: fc.constantFrom('a', 'b', ',', '"', '"', '\n', '\r', ' ') });

describe('RowGuard', () => {
  it('drops exactly the records csv-parse would find over the cap or unclosed, however the bytes are chunked', async () => {
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.integer({ min: 1, max: 40 }),
        async (s, cuts, cap) => {
          const bytes = Buffer.from(s);
          const whole = await csv([bytes]);
          const { out, drops } = await guarded(split(bytes, cuts), cap);
          const kept = await csv([out]);
          expect(kept.unclosed).toBe(false);
          // Expected: every record of the whole parse whose bytes (without its LF) fit.
          let prev = 0;
          const expectKept: string[][] = [];
          const expectDrops: [number, DroppedRow['reason']][] = [];
          whole.records.forEach(({ record, end }) => {
            const len = end - prev - (bytes[end - 1] === 0x0a ? 1 : 0);
            prev = end;
            if (len > cap) expectDrops.push([expectKept.length, 'row too long']);
            else expectKept.push(record);
          });
          if (whole.unclosed) expectDrops.push([expectKept.length, 'unclosed quote']);
          expect(kept.records.map((r) => r.record)).toEqual(expectKept);
          expect(drops.map((d) => [d.records, d.reason])).toEqual(expectDrops);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('passes everything on unchanged below the cap, and counts the lines a dropped record spans', async () => {
    const s = Buffer.from('h\n"a\nb\nc",x\nok\n"never\nclosed\n');
    const { out, drops } = await guarded(split(s, [3, 4, 9]), 1000);
    expect(out.toString()).toBe('h\n"a\nb\nc",x\nok\n');
    expect(drops).toMatchObject([
      { records: 3, lines: 3, reason: 'unclosed quote', head: '"never\nclosed\n' },
    ]);
    const long = await guarded([Buffer.from('h\n'), Buffer.from('x'.repeat(50)), Buffer.from('y\nz\n')], 10);
    expect(long.out.toString()).toBe('h\nz\n');
    expect(long.drops).toMatchObject([{ records: 1, lines: 1, reason: 'row too long', bytes: 51 }]);
  });

  it('skips a UTF-8 BOM, even split over chunks, so that a quoted header opens its quote', async () => {
    const s = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('"a\nb",c\nd\n')]);
    const { out, drops } = await guarded(split(s, [1, 2]), 1000);
    expect(out.toString()).toBe('"a\nb",c\nd\n');
    expect(drops).toEqual([]);
  });
});

describe('RowGuard on pathological lines', () => {
  // No timing is asserted: a scan per quote (quadratic) would take hours and hit the test's timeout.
  it('scans a line of a million quotes (or doubled quotes inside quotes) once, not once per quote', async () => {
    for (const body of ['a"'.repeat(1 << 20), `"${'""'.repeat(1 << 20)}"`, `${',"'.repeat(1 << 20)}`]) {
      const { out, drops } = await guarded(
        split(Buffer.from(`h\n${body}\nz\n`), [1 << 20, 3 << 19]),
        1 << 20,
      );
      expect(out.toString()).toBe('h\nz\n');
      expect(drops).toHaveLength(1);
    }
  }, 20_000);
});
