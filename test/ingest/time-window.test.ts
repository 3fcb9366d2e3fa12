import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/ingest/read-csv.js';
import { DEFAULT_TIME_WINDOW, parseTimeWindow, timeWindow } from '../../src/ingest/time-window.js';

const dir = mkdtempSync(join(tmpdir(), 'portglow-window-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FILE = join(dir, 'times.csv');
writeFileSync(
  FILE,
  [
    'time,src,proto,dport',
    '1970-01-01T00:00:00Z,192.0.2.1,tcp,22', // 2: epoch 0, a broken clock
    '1989-12-31T23:59:59Z,192.0.2.1,tcp,22', // 3: one second early
    '1990-01-01T00:00:00Z,192.0.2.1,tcp,22', // 4: first second inside
    '2100-12-31T23:59:59Z,192.0.2.1,tcp,22', // 5: last second inside
    '2101-01-01T00:00:00Z,192.0.2.1,tcp,22', // 6: one second late
    '9999-12-31T23:59:59Z,192.0.2.1,tcp,22', // 7
    '0,192.0.2.1,tcp,22', // 8: epoch seconds 0
    '',
  ].join('\n'),
);

describe('time window', () => {
  it('parses FIRST-LAST years, both included', () => {
    expect(parseTimeWindow('1990-2100')).toEqual(DEFAULT_TIME_WINDOW);
    expect(DEFAULT_TIME_WINDOW.from).toBe(Date.UTC(1990, 0, 1) / 1000);
    expect(DEFAULT_TIME_WINDOW.to).toBe(Date.UTC(2101, 0, 1) / 1000);
    expect(parseTimeWindow(' 1-9999 ')).toEqual(timeWindow(1, 9999));
    for (const bad of ['2100-1990', '0-10', '1990', '1990-', 'a-b', '1990-21000'])
      expect(parseTimeWindow(bad), bad).toBeUndefined();
  });

  it('rejects rows outside the default window with a counted reason, and keeps the edges', async () => {
    const r = await readCsv(FILE);
    expect(r).toMatchObject({ read: 7, accepted: 2, rejected: 5 });
    expect(r.byReason).toEqual({ 'time outside window': 5 });
    expect(r.rejects.map((x) => x.line)).toEqual([2, 3, 6, 7, 8]);
    expect(r.rejects[0].detail).toBe('"1970-01-01T00:00:00Z" is before 1990; --time-window 1990-2100');
    expect(r.rejects[2].detail).toBe('"2101-01-01T00:00:00Z" is after 2100; --time-window 1990-2100');
    await expect(readCsv(FILE, { strict: true })).rejects.toThrow(`${FILE}:2: time outside window`);
  });

  it('takes another window when given one', async () => {
    const r = await readCsv(FILE, { timeWindow: timeWindow(1970, 9999) });
    expect(r).toMatchObject({ read: 7, accepted: 7, rejected: 0 });
  });
});
