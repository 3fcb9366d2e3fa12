/**
 * Event detection benchmark on the real marx-cc file (451,581 rows): detectEvents with the defaults,
 * with the slow scan windows off (the fast scale alone, as before slow scans), and scans and floods
 * alone. Best of 3 runs each, in one process after one read of the file.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_THRESHOLDS, detectEvents } from '../src/events/detect-events.js';
import { detectFloods } from '../src/events/detect-floods.js';
import { detectScans } from '../src/events/detect-scans.js';
import { readCsv } from '../src/ingest/read-csv.js';
import { dataDir, type BenchResult } from './ingest.js';

function best(f: () => unknown): number {
  let min = Infinity;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    f();
    min = Math.min(min, performance.now() - t0);
  }
  return Math.round(min);
}

export async function benchEvents(): Promise<BenchResult[]> {
  const path = join(dataDir(), 'marx-cc.csv.gz');
  if (!existsSync(path)) {
    console.warn(`bench events: ${path} is missing; skipped`);
    return [];
  }
  const { rows } = await readCsv(path);
  const fastOnly = { slowWindows: [], slowPorts: [], slowHosts: [] };
  const events = detectEvents(rows);
  const count = (pace: string, kind: string) =>
    events.filter((e) => e.pace === pace && e.kind === kind).length;
  return [
    { name: 'events marx-cc.csv.gz (defaults)', value: best(() => detectEvents(rows)), unit: 'ms' },
    {
      name: '  fast scale only (--slow-windows none)',
      value: best(() => detectEvents(rows, fastOnly)),
      unit: 'ms',
    },
    {
      name: '  scans alone (all scales)',
      value: best(() => detectScans(rows, DEFAULT_THRESHOLDS)),
      unit: 'ms',
    },
    { name: '  floods alone', value: best(() => detectFloods(rows, DEFAULT_THRESHOLDS)), unit: 'ms' },
    { name: 'events found: fast scans', value: count('fast', 'scan'), unit: 'events' },
    { name: 'events found: slow scans', value: count('slow', 'scan'), unit: 'events' },
    { name: 'events found: floods', value: count('fast', 'flood'), unit: 'events' },
  ];
}
