import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Row } from './render.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'gen-frames.js');

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`gen-frames ${args.join(' ')}: ${err}`)),
    );
  });
}

/** The default day at 1080p as PNG + MP4, in one process and as N shard processes side by side. */
export async function benchShards(counts = [1, 2]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const n of counts) {
    const dir = mkdtempSync(join(tmpdir(), 'portglow-shards-'));
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: n }, (_, k) =>
        run([
          '--preset',
          '1080p',
          '--shard',
          `${k}/${n}`,
          '--out',
          join(dir, `s${k}`),
          '--progress',
          'false',
        ]),
      ),
    );
    const seconds = (performance.now() - t0) / 1000;
    rows.push({
      name: `1080p png+mp4, ${n} shard process(es): frames/s`,
      value: 288 / seconds,
      unit: 'frames/s',
    });
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
