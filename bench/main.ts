/**
 * `npm run bench`: prints a table and writes bench-results.json. Timings live here, never in tests.
 * BENCH=ingest,formats,events,text,encode,render,realday,shards,dawn,studio,gpustages,golden picks parts
 * (default all but gpustages, which repeats the GPU stages of `render` alone at 1080p and counts the
 * tiles sent that had not changed, and golden, the golden sets' hashes for the GPU machine).
 * BENCH_GPU_HOST=node renders `render`, `realday` and `golden` through Dawn instead of Chromium;
 * BENCH_OUTPUTS=raw,mp4 limits the outputs.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { benchRender, type Row } from './render.js';
import { benchEncode } from './encode.js';
import { benchFormats, benchIngest, benchReadOne } from './ingest.js';
import { benchEvents } from './events.js';
import { benchShards } from './shards.js';
import { benchDawn } from './dawn.js';
import { benchText } from './text.js';
import { benchStudio } from './studio.js';
import { benchRealDay } from './real-day.js';
import { benchGpuStages } from './gpu-stages.js';
import { benchGolden } from './golden.js';

// A child of benchFormats: one read, then out.
if (process.env.PORTGLOW_BENCH_READ) {
  await benchReadOne(process.env.PORTGLOW_BENCH_READ);
  process.exit(0);
}

const parts = (
  process.env.BENCH ?? 'ingest,formats,events,text,encode,render,realday,shards,dawn,studio'
).split(',');
const rows: Row[] = [];
const run = async (name: string, f: () => Promise<Row[]>) => {
  if (!parts.includes(name)) return;
  console.error(`bench: ${name}…`);
  rows.push(...(await f()));
};

await run('ingest', benchIngest);
await run('formats', benchFormats);
await run('events', benchEvents);
await run('text', benchText);
await run('encode', () => benchEncode());
await run('render', () => benchRender());
await run('realday', benchRealDay);
await run('shards', () => benchShards());
await run('dawn', benchDawn);
await run('studio', benchStudio);
await run('gpustages', benchGpuStages);
await run('golden', benchGolden);

const width = Math.max(...rows.map((r) => r.name.length));
console.log(`${'measure'.padEnd(width)}  ${'value'.padStart(12)}  unit`);
for (const r of rows) console.log(`${r.name.padEnd(width)}  ${r.value.toFixed(2).padStart(12)}  ${r.unit}`);
const result = {
  date: new Date().toISOString(),
  cpu: cpus()[0]?.model,
  cores: cpus().length,
  node: process.version,
  rows,
};
writeFileSync('bench-results.json', JSON.stringify(result, null, 1) + '\n');
console.error('bench: wrote bench-results.json');
