import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import pixelmatch from 'pixelmatch';
import { sha256 } from './gpu.js';

/**
 * Golden frames: the SHA-256 of every frame's RGBA bytes in fixtures/golden/NAME.json, and a few
 * whole frames as PNG beside it so that a mismatch can be shown. `npm run golden` re-records.
 */
export const GOLDEN_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'golden');
export const DIFF_DIR = join(import.meta.dirname, '..', '..', 'test-output', 'golden');
export const recording = process.env.GOLDEN_UPDATE === '1';

export interface GoldenSet {
  description: string;
  width: number;
  height: number;
  frames: Record<string, string>;
  /** Frames also kept as PNG. */
  pictures: number[];
}

const png = (name: string, f: number) => join(GOLDEN_DIR, `${name}-${String(f).padStart(6, '0')}.png`);

async function writePng(path: string, rgba: Buffer, width: number, height: number): Promise<void> {
  await sharp(rgba, { raw: { width, height, channels: 4 } })
    .png()
    .toFile(path);
}

/** Records the set (when recording), else returns the differences as readable lines, with PNGs written. */
export async function checkGolden(
  name: string,
  description: string,
  frames: Map<number, Buffer>,
  size: { width: number; height: number },
  pictures: number[],
): Promise<string[]> {
  const file = join(GOLDEN_DIR, `${name}.json`);
  const actual: Record<string, string> = {};
  for (const [f, rgba] of [...frames].sort((a, b) => a[0] - b[0])) actual[f] = sha256(rgba);
  if (recording || !existsSync(file)) {
    const before: GoldenSet | undefined = existsSync(file)
      ? JSON.parse(readFileSync(file, 'utf8'))
      : undefined;
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, JSON.stringify({ description, ...size, frames: actual, pictures }, null, 1) + '\n');
    for (const f of pictures) await writePng(png(name, f), frames.get(f)!, size.width, size.height);
    const changed = Object.keys(actual).filter((f) => before?.frames[f] !== actual[f]);
    console.log(`golden ${name}: recorded ${Object.keys(actual).length} frames, ${changed.length} changed`);
    return [];
  }
  const golden: GoldenSet = JSON.parse(readFileSync(file, 'utf8'));
  const problems: string[] = [];
  for (const [f, hash] of Object.entries(golden.frames)) {
    if (actual[f] === hash) continue;
    let line = `${name} frame ${f}: sha256 ${actual[f] ?? 'missing'} != golden ${hash}`;
    const rgba = frames.get(Number(f));
    if (rgba && golden.pictures.includes(Number(f))) {
      mkdirSync(DIFF_DIR, { recursive: true });
      const expected = await sharp(png(name, Number(f)))
        .ensureAlpha()
        .raw()
        .toBuffer();
      const diff = Buffer.alloc(rgba.length);
      const n = pixelmatch(expected, rgba, diff, size.width, size.height, { threshold: 0 });
      const base = join(DIFF_DIR, `${name}-${f}`);
      await writePng(`${base}-expected.png`, expected, size.width, size.height);
      await writePng(`${base}-actual.png`, rgba, size.width, size.height);
      await writePng(`${base}-diff.png`, diff, size.width, size.height);
      line += ` (${n} pixels differ; see ${base}-{expected,actual,diff}.png)`;
    }
    problems.push(line);
  }
  return problems;
}
