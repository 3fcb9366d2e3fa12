import { randomBytes } from 'node:crypto';

/** The names of the files a render writes in its `--out` folder; nothing else there is ever touched. */
export const MANIFEST_FILE = 'manifest.json';
export const VIDEO_FILE = 'video.mp4';
export const LOCK_FILE = '.gen-frames.lock';

export function pngName(frame: number): string {
  return `frame-${String(frame).padStart(6, '0')}.png`;
}

/** The frame index a frame file's name holds, or undefined for any other name. */
export function frameOfName(name: string): number | undefined {
  const m = /^frame-(\d{6,})\.png$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** A fresh id for one run: its temporary files carry it, so a run deletes only what it wrote. */
export function newRunId(): string {
  return randomBytes(6).toString('hex');
}

/**
 * The temporary name under which run `runId` writes `final` until it is whole. `ext` keeps a suffix
 * a program needs to see (ffmpeg picks nothing by it, but a person opening the folder may).
 */
export function tempPath(final: string, runId: string, ext = ''): string {
  return `${final}.${runId}.partial${ext}`;
}

/** The run id of a temporary file this tool names (`<tool file>.<12 hex>.partial[.ext]`), or undefined. */
export function tempRunId(name: string): string | undefined {
  const m = /^(.+)\.([0-9a-f]{12})\.partial(\.[a-z0-9]+)?$/.exec(name);
  if (!m) return undefined;
  const final = m[1];
  const ours =
    final === MANIFEST_FILE ||
    final === VIDEO_FILE ||
    final === LOCK_FILE ||
    frameOfName(final) !== undefined;
  return ours ? m[2] : undefined;
}

/** Whether the tool writes a file of this name in an output folder (temporary files included). */
export function isToolName(name: string): boolean {
  return (
    name === MANIFEST_FILE ||
    name === VIDEO_FILE ||
    name === LOCK_FILE ||
    frameOfName(name) !== undefined ||
    tempRunId(name) !== undefined
  );
}
