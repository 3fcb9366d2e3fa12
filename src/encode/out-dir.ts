import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import {
  RANGE_OPTIONS,
  readManifest,
  renderDifference,
  show,
  type Manifest,
  type RenderIdentity,
} from './manifest.js';
import { MANIFEST_FILE, VIDEO_FILE, frameOfName, tempRunId } from './output-names.js';
import { OutLock } from './out-lock.js';
import { writingTo } from './output-error.js';

export interface ClaimOptions {
  dir: string;
  /** The render about to write there. */
  identity: RenderIdentity;
  from: number;
  to: number;
  wantsVideo: boolean;
  /** The preview GIF's resolved path, when one is asked for. */
  preview?: string;
  /** Replace the tool's files of another render instead of refusing. */
  overwrite: boolean;
  runId: string;
  log: (line: string) => void;
}

export interface OutputClaim {
  lock: OutLock;
  /** The manifest of an earlier run of this same render, whose frames may be reused. */
  previous?: Manifest;
}

/** A value for a message; a SHA-256 cut to its first 12 digits. */
const brief = (v: unknown) =>
  typeof v === 'string' && /^[0-9a-f]{64}$/.test(v) ? `${v.slice(0, 12)}…` : show(v);

/**
 * mkdir -p that keeps the real cause: Node's recursive mkdir reports ENOENT for a read-only file
 * system, so each missing level is made alone.
 */
async function makeFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && dirname(dir) !== dir) {
      await makeFolder(dirname(dir));
      return makeFolder(dir);
    }
    if (code === 'EEXIST' && (await stat(dir)).isDirectory()) return;
    throw e;
  }
}

const exists = async (path: string) => (await stat(path).catch(() => undefined)) !== undefined;

/**
 * Takes an output folder for a render: creates it, locks it, and checks that everything there with a
 * name the tool writes belongs to an earlier run of this same render (same options and input; its
 * frames inside this run's range). Anything else is another render's or a person's: refused with a
 * sentence, or with `overwrite` the tool's own kinds of file (frames, video, manifest, the preview)
 * are removed. Files with other names are never looked at. The temporary files of a run whose stale
 * lock was taken over (named with its run id) are removed; no other temporary file is.
 */
export async function claimOutDir(o: ClaimOptions): Promise<OutputClaim> {
  const { dir } = o;
  await writingTo(dir, () => makeFolder(dir));
  const lock = await OutLock.acquire(dir, o.runId, o.log);
  try {
    let names = await writingTo(dir, () => readdir(dir));
    if (lock.staleRunId) {
      const leftovers = names.filter((n) => tempRunId(n) === lock.staleRunId);
      for (const n of leftovers) await writingTo(join(dir, n), () => rm(join(dir, n), { force: true }));
      if (leftovers.length) o.log(`removed ${leftovers.length} temporary files of the stopped run`);
      names = names.filter((n) => !leftovers.includes(n));
    }

    let manifest: Manifest | undefined;
    let foreignManifest = '';
    try {
      manifest = await readManifest(dir);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      foreignManifest = `${MANIFEST_FILE} (${e.message.replace(`${dir}: `, '')})`;
    }
    const difference = manifest && renderDifference(o.identity, manifest, RANGE_OPTIONS);
    if (manifest && difference) {
      foreignManifest = `${MANIFEST_FILE} (another render: ${difference.what} is ${brief(difference.theirs)} there, ${brief(difference.mine)} here)`;
    }
    const same = manifest && !difference ? manifest : undefined;

    const foreign: string[] = foreignManifest ? [foreignManifest] : [];
    for (const n of names.sort()) {
      const frame = frameOfName(n);
      if (frame !== undefined && (!same || frame < o.from || frame > o.to)) foreign.push(n);
      if (n === VIDEO_FILE && (!same || !o.wantsVideo)) foreign.push(n);
    }
    if (o.preview && (await exists(o.preview)) && same?.preview !== o.preview) foreign.push(o.preview);

    if (foreign.length === 0) return { lock, previous: same };
    if (!o.overwrite) {
      const more = foreign.length > 3 ? ` and ${foreign.length - 3} more` : '';
      throw new UserError(
        `${dir} holds files this render did not write: ${foreign.slice(0, 3).join(', ')}${more}; ` +
          'choose an empty folder for --out, or pass --overwrite to replace the gen-frames files there ' +
          '(frames, video.mp4, manifest.json, the preview)',
      );
    }
    const doomed = names.filter(
      (n) => n === MANIFEST_FILE || n === VIDEO_FILE || frameOfName(n) !== undefined,
    );
    for (const n of doomed) await writingTo(join(dir, n), () => rm(join(dir, n), { force: true }));
    if (o.preview) await writingTo(o.preview, () => rm(o.preview!, { force: true }));
    o.log(`--overwrite: removed ${doomed.length} gen-frames files of another render from ${dir}`);
    return { lock };
  } catch (e) {
    await lock.release();
    throw e;
  }
}
