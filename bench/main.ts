/**
 * `npm run bench`: prints a table and writes bench-results.json. Timings live here, never in tests.
 * BENCH=ingest,events,encode,render,realday,shards,dawn picks parts (default all).
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { benchRender, type Row } from './render.js';
import { benchEncode } from './encode.js';
import { benchIngest } from './ingest.js';
import { benchEvents } from './events.js';
import { benchShards } from './shards.js';
import { benchDawn } from './dawn.js';
import { benchRealDay } from './real-day.js';

const parts = (process.env.BENCH ?? 'ingest,events,encode,render,realday,shards,dawn').split(',');
const rows: Row[] = [];
const run = async (name: string, f: () => Promise<Row[]>) => {
  if (!parts.includes(name)) return;
  console.error(`bench: ${name}…`);
  rows.push(...(await f()));
};

await run('ingest', benchIngest);
await run('events', benchEvents);
await run('encode', () => benchEncode());
await run('render', () => benchRender());
await run('realday', benchRealDay);
await run('shards', () => benchShards());
await run('dawn', benchDawn);

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
