/**
 * Ingest benchmark: read + validate + GeoIP + bin (5-minute timeline) of the full real marx files
 * (451,581 rows each) from ../shared/data. Targets: under 2 s per file and under 400 MB peak RSS.
 * Peak RSS is the process's maxRSS (process.resourceUsage), so it covers both files and whatever ran
 * before in the same process; run it first (or alone) for a clean number.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsv } from '../src/ingest/read-csv.js';
import { buildTimeline } from '../src/timeline/build-timeline.js';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

export function dataDir(): string {
  // From bench/ (sources) or dist/ (bundle) alike: the folder beside the repository root.
  let dir = fileURLToPath(new URL('.', import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && resolve(dir, '..') !== dir) dir = resolve(dir, '..');
  return resolve(dir, '../shared/data');
}

export async function benchIngest(): Promise<BenchResult[]> {
  const dir = dataDir();
  const out: BenchResult[] = [];
  for (const name of ['marx.csv.gz', 'marx-cc.csv.gz']) {
    const path = join(dir, name);
    if (!existsSync(path)) {
      console.warn(`bench ingest: ${path} is missing; skipped`);
      continue;
    }
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = performance.now();
    const input = await readCsv(path);
    const t1 = performance.now();
    const timeline = buildTimeline(input.rows, { binSeconds: 300 });
    const t2 = performance.now();
    if (input.read !== 451_581 || timeline.packets !== input.accepted) {
      throw new Error(`bench ingest: ${name} gave ${input.read} rows, ${timeline.packets} binned`);
    }
    out.push(
      { name: `ingest + bin ${name}`, value: Math.round(t2 - t0), unit: 'ms' },
      { name: `  of which read + validate + GeoIP`, value: Math.round(t1 - t0), unit: 'ms' },
      { name: `  of which bin (${timeline.binCount} bins)`, value: Math.round(t2 - t1), unit: 'ms' },
      { name: `ingest rate ${name}`, value: Math.round(input.read / ((t1 - t0) / 1000)), unit: 'rows/s' },
    );
  }
  out.push({
    name: 'ingest peak RSS (process maxRSS)',
    value: Math.round(process.resourceUsage().maxRSS / 1024),
    unit: 'MB',
  });
  return out;
}
