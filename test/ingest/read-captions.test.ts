import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCaptions } from '../../src/ingest/read-captions.js';

const dir = mkdtempSync(join(tmpdir(), 'portglow-captions-'));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const utc = (s: string) => Date.parse(s) / 1000;

describe('readCaptions', () => {
  it('reads CSV with end or duration, any time form', () => {
    const path = file(
      'c.csv',
      'Start,End,Duration,Text\n2024-03-01T12:00Z,2024-03-01 12:30:00,,"Patch day, again"\n1709298000,,15m,Scanner wave\n',
    );
    expect(readCaptions(path)).toEqual([
      { start: utc('2024-03-01T12:00Z'), end: utc('2024-03-01T12:30Z'), text: 'Patch day, again' },
      { start: 1709298000, end: 1709298000 + 900, text: 'Scanner wave' },
    ]);
  });

  it('reads a JSON array', () => {
    const path = file(
      'c.json',
      JSON.stringify([{ start: '2024-03-01T12:00:00+01:00', duration: '1h', text: 'A' }]),
    );
    expect(readCaptions(path)).toEqual([
      { start: utc('2024-03-01T11:00Z'), end: utc('2024-03-01T12:00Z'), text: 'A' },
    ]);
  });

  it.each([
    ['a.csv', 'start,end,text\nsoon,2024-03-01,x\n', /a\.csv:2: start "soon" is not a time/],
    [
      'b.csv',
      'start,end,duration,text\n2024-03-01,2024-03-02,1h,x\n',
      /b\.csv:2: give either end or duration/,
    ],
    ['c.csv', 'start,end,text\n2024-03-02,2024-03-01,x\n', /c\.csv:2: the caption ends before it starts/],
    [
      'd.json',
      '[{"start":"2024-03-01","duration":"1h","text":""}]',
      /d\.json: caption 1: the caption has no text/,
    ],
    [
      'e.json',
      `[{"start":"2024-03-01","duration":"1h","text":"${'x'.repeat(57)}"}]`,
      /at most 56 fit a line/,
    ],
    ['f.csv', 'when,text\n2024-03-01,x\n', /f\.csv: the header must name start, text/],
    ['g.json', '{"start":1}', /must be a JSON array/],
  ])('%s: %s', (name, text, error) => {
    expect(() => readCaptions(file(name, text))).toThrow(error);
  });

  it('names a missing file', () => {
    expect(() => readCaptions(join(dir, 'none.csv'))).toThrow(
      `--captions ${join(dir, 'none.csv')}: no such file`,
    );
  });
});
