import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import pixelmatch from 'pixelmatch';
import { sha256 } from './gpu.js';

/**
 * Golden files in fixtures/golden/, one helper for every kind (frame sets, the font atlas' digests).
 * They are written only by `npm run golden` (GOLDEN_UPDATE=1); a missing one is a failure that names
 * the file and the command, never a silent recording, so that a deleted golden cannot pass in CI.
 */
export const GOLDEN_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'golden');
export const DIFF_DIR = join(import.meta.dirname, '..', '..', 'test-output', 'golden');
const ROOT = join(import.meta.dirname, '..', '..');

/** Whether this run records golden files (`npm run golden` sets GOLDEN_UPDATE=1). */
export function goldenUpdate(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GOLDEN_UPDATE === '1';
}

export const goldenPath = (file: string) => join(GOLDEN_DIR, file);

/** The message for a golden file that is not there. */
export function missingGolden(file: string): string {
  return (
    `golden file ${relative(ROOT, goldenPath(file))} is missing: golden files are recorded only by ` +
    '`npm run golden` (GOLDEN_UPDATE=1); run it and commit fixtures/golden/'
  );
}

/** The golden JSON `file`; throws a readable error naming it and `npm run golden` when it is missing. */
export function readGolden<T>(file: string): T {
  const path = goldenPath(file);
  if (!existsSync(path)) throw new Error(missingGolden(file));
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function writeGolden(file: string, value: object, indent: number): void {
  mkdirSync(GOLDEN_DIR, { recursive: true });
  writeFileSync(goldenPath(file), JSON.stringify(value, null, indent) + '\n');
}

/**
 * A golden value (digests and the like) in `file`: recorded with its description when recording,
 * else compared field by field with `actual`; returns the differences as readable lines.
 */
export function checkGoldenValue(
  file: string,
  description: string,
  actual: Record<string, unknown>,
): string[] {
  if (goldenUpdate()) {
    writeGolden(file, { description, ...actual }, 2);
    console.log(`golden ${file}: recorded`);
    return [];
  }
  const golden = readGolden<Record<string, unknown>>(file);
  return Object.keys(actual)
    .filter((k) => JSON.stringify(golden[k]) !== JSON.stringify(actual[k]))
    .map(
      (k) =>
        `${file} ${k}: ${JSON.stringify(actual[k])} != golden ${JSON.stringify(golden[k])} ` +
        '(if the change is intended, re-record with `npm run golden`)',
    );
}

/** Golden frames: the SHA-256 of every frame's RGBA bytes, and a few whole frames as PNG beside them. */
export interface GoldenSet {
  description: string;
  width: number;
  height: number;
  frames: Record<string, string>;
  /** Frames also kept as PNG. */
  pictures: number[];
}

/** The golden set NAME's per-frame SHA-256, by frame index; a missing file throws (see readGolden). */
export const goldenFrames = (name: string): Record<string, string> =>
  readGolden<GoldenSet>(`${name}.json`).frames;

const png = (name: string, f: number) => goldenPath(`${name}-${String(f).padStart(6, '0')}.png`);

async function writePng(path: string, rgba: Buffer, width: number, height: number): Promise<void> {
  await sharp(rgba, { raw: { width, height, channels: 4 } })
    .png()
    .toFile(path);
}

/**
 * Records the set (when recording and `record` is not false), else returns the differences as
 * readable lines, with expected/actual/diff PNGs written under test-output/golden/ (their names
 * start with `label`).
 */
export async function checkGolden(
  name: string,
  description: string,
  frames: Map<number, Buffer>,
  size: { width: number; height: number },
  pictures: number[],
  { label = name, record = true }: { label?: string; record?: boolean } = {},
): Promise<string[]> {
  const file = `${name}.json`;
  const actual: Record<string, string> = {};
  for (const [f, rgba] of [...frames].sort((a, b) => a[0] - b[0])) actual[f] = sha256(rgba);
  if (goldenUpdate() && record) {
    const before = existsSync(goldenPath(file)) ? readGolden<GoldenSet>(file) : undefined;
    writeGolden(file, { description, ...size, frames: actual, pictures }, 1);
    for (const f of pictures) await writePng(png(name, f), frames.get(f)!, size.width, size.height);
    const changed = Object.keys(actual).filter((f) => before?.frames[f] !== actual[f]);
    console.log(`golden ${name}: recorded ${Object.keys(actual).length} frames, ${changed.length} changed`);
    return [];
  }
  const golden = readGolden<GoldenSet>(file);
  const problems: string[] = [];
  for (const [f, hash] of Object.entries(golden.frames)) {
    if (actual[f] === hash) continue;
    let line = `${label} frame ${f}: sha256 ${actual[f] ?? 'missing'} != golden ${hash}`;
    const rgba = frames.get(Number(f));
    if (rgba && golden.pictures.includes(Number(f))) {
      mkdirSync(DIFF_DIR, { recursive: true });
      const expected = await sharp(png(name, Number(f)))
        .ensureAlpha()
        .raw()
        .toBuffer();
      const diff = Buffer.alloc(rgba.length);
      const n = pixelmatch(expected, rgba, diff, size.width, size.height, { threshold: 0 });
      const base = join(DIFF_DIR, `${label}-${f}`);
      await writePng(`${base}-expected.png`, expected, size.width, size.height);
      await writePng(`${base}-actual.png`, rgba, size.width, size.height);
      await writePng(`${base}-diff.png`, diff, size.width, size.height);
      line += ` (${n} pixels differ; see ${base}-{expected,actual,diff}.png)`;
    }
    problems.push(line);
  }
  return problems;
}
