import { frameDigest } from '../frame-hash.js';
import { lstat, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Manifest } from './manifest.js';
import { ffmpegBinary } from './ffmpeg.js';
import { pngName } from './output-names.js';
import { videoFrameHashes } from './video-frames.js';

/** One thing on disk that does not match what the manifest certifies. */
export interface Mismatch {
  /** The file, relative to the folder. */
  file: string;
  /** The frame it concerns, when it concerns one. */
  frame?: number;
  problem: string;
}

export interface CheckReport {
  mismatches: Mismatch[];
  /** PNG frames decoded and compared. */
  pngChecked: number;
  /** Video pictures decoded and compared. */
  videoChecked: number;
}

/** Which outputs a render has: by its --format where the manifest records it, else by its files. */
export function outputsOf(m: Manifest): { png: boolean; video: boolean } {
  const format = m.options.format;
  if (format === 'png' || format === 'mp4' || format === 'both') {
    return { png: format !== 'mp4', video: format !== 'png' };
  }
  return { png: true, video: m.video !== null };
}

const short = (h: string) => h.slice(0, 12);

/** Whether `path` is a plain file whose real path lies inside `dir` (no link out of the folder). */
async function plainFileInside(dir: string, path: string): Promise<string> {
  const info = await lstat(path).catch(() => undefined);
  if (!info) return 'is missing';
  if (!info.isFile())
    return info.isSymbolicLink() ? 'is a link, not a file the render wrote' : 'is not a file';
  const [realDir, real] = await Promise.all([realpath(dir), realpath(path)]);
  return real.startsWith(realDir + sep) ? '' : 'lies outside the folder';
}

/** Every listed frame's PNG decoded and its RGBA bytes hashed against the manifest. */
async function checkPngs(dir: string, m: Manifest, out: Mismatch[]): Promise<number> {
  let checked = 0;
  for (const { index, digest } of m.frames) {
    const file = pngName(index);
    const path = join(dir, file);
    const where = await plainFileInside(dir, path);
    if (where) {
      out.push({ file, frame: index, problem: where });
      continue;
    }
    let rgba: Buffer;
    try {
      const { default: sharp } = await import('sharp'); // loaded only by verify, not by every command
      rgba = await sharp(path).ensureAlpha().raw().toBuffer();
    } catch (e) {
      out.push({
        file,
        frame: index,
        problem: `cannot be decoded as PNG (${(e as Error).message.split('\n')[0]})`,
      });
      continue;
    }
    checked++;
    const got = await frameDigest(rgba, m.hash);
    if (got !== digest) {
      out.push({
        file,
        frame: index,
        problem: `its pixels differ from the manifest (${m.hash} ${short(got)}…, listed ${short(digest)}…)`,
      });
    }
  }
  return checked;
}

/** The video decoded again, picture by picture, against the manifest's `videoFrames`. */
async function checkVideo(dir: string, m: Manifest, out: Mismatch[]): Promise<number> {
  const file = m.video!;
  const path = join(dir, file);
  const where = await plainFileInside(dir, path);
  if (where) {
    out.push({ file, problem: where });
    return 0;
  }
  const listed = m.videoFrames;
  if (!listed) {
    out.push({
      file,
      problem: 'the manifest certifies none of its pictures (no videoFrames: render it again)',
    });
    return 0;
  }
  const frameOf = (i: number) => (m.frames.length === listed.length ? m.frames[i].index : i);
  let got: string[];
  try {
    got = await videoFrameHashes(ffmpegBinary(), path, m.width, m.height);
  } catch (e) {
    out.push({ file, problem: `cannot be decoded (${(e as Error).message.split('\n')[0]})` });
    return 0;
  }
  for (let i = 0; i < Math.min(got.length, listed.length); i++) {
    if (got[i] !== listed[i]) {
      out.push({
        file,
        frame: frameOf(i),
        problem: `picture ${i} differs from the manifest (frame ${frameOf(i)})`,
      });
    }
  }
  if (got.length < listed.length) {
    out.push({
      file,
      frame: frameOf(got.length),
      problem: `holds ${got.length} pictures but the manifest lists ${listed.length}: it is cut short at frame ${frameOf(got.length)}`,
    });
  } else if (got.length > listed.length) {
    out.push({ file, problem: `holds ${got.length} pictures but the manifest lists ${listed.length}` });
  }
  return Math.min(got.length, listed.length);
}

/**
 * Checks a render folder against its manifest: every listed frame's PNG (when the render wrote PNGs)
 * decoded and hashed, and the video (when there is one) decoded and each picture hashed. Nothing
 * outside `dir` is read: links out of it are mismatches.
 */
export async function checkRender(dir: string, m: Manifest): Promise<CheckReport> {
  const mismatches: Mismatch[] = [];
  const outputs = outputsOf(m);
  const pngChecked = outputs.png ? await checkPngs(dir, m, mismatches) : 0;
  if (outputs.video && m.video === null && m.complete) {
    mismatches.push({
      file: 'video.mp4',
      problem: 'the render asked for a video but the manifest names none',
    });
  }
  const videoChecked = m.video !== null ? await checkVideo(dir, m, mismatches) : 0;
  return { mismatches, pngChecked, videoChecked };
}

/** A mismatch as a line of a message. */
export function describeMismatch(x: Mismatch): string {
  return `${x.file}: ${x.problem}`;
}
