/**
 * The manifest: what a render certifies (its options, input digest and the hash of every whole
 * frame). Read through one schema, written atomically, and compared by `renderDifference`, which
 * resume, the output folder's owner check and concat all use; key order never matters.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { FRAME_HASHES, OLD_FRAME_HASH, isDigest, type FrameHashName } from '../frame-hash.js';
import { MANIFEST_FILE, newRunId, tempPath } from './output-names.js';
import { writingTo } from './output-error.js';

export interface FrameRecord {
  index: number;
  /** The hash (the manifest's `hash` algorithm) of the frame's raw RGBA bytes, hex. */
  digest: string;
}

export interface Manifest {
  tool: string;
  version: string;
  options: Record<string, unknown>;
  input: { source: string; digest: string; rows: number };
  /** The options as resolved from flags, config file and defaults (src/cli/config.ts): `--config` reads them back. */
  config?: Record<string, unknown>;
  width: number;
  height: number;
  adapter: string;
  /** Set for one shard of a render split with --shard K/N. */
  shard?: { index: number; count: number };
  /** The video file beside the manifest, once it is complete: a plain name inside the folder. */
  video: string | null;
  /** With `video`: the hash of each decoded picture, frame `from` first (see video-frames.ts). */
  videoFrames?: string[];
  /** The `--preview` GIF this render wrote (absolute path), so a re-run may replace it. */
  preview?: string | null;
  /** True once every frame of [from, to] is on disk (and the video, when asked for, is complete). */
  complete: boolean;
  /** The algorithm of each frame's `digest` (a manifest without one is older and holds SHA-256). */
  hash: FrameHashName;
  /** Frames whose files are complete on disk, by index. */
  frames: FrameRecord[];
}

export const TOOL = 'portglow gen-frames';
export const VERSION = '0.1.0';

/** Options that differ between the parts of one render cut into frame ranges or shards. */
export const RANGE_OPTIONS = ['from', 'to', 'shard'];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isString = (v: unknown): v is string => typeof v === 'string';
const isHash = (v: unknown): v is string => isString(v) && /^[0-9a-f]{64}$/.test(v);

/** A file name inside the folder: no separator, not `.` or `..`, not empty. */
export function isPlainName(v: string): boolean {
  return v !== '' && v !== '.' && v !== '..' && !/[/\\\0]/.test(v);
}

/** The schema, field by field: what a field must hold, as a check returning the problem or ''. */
const SCHEMA: Record<string, { optional?: boolean; check: (v: unknown) => string }> = {
  tool: { check: (v) => (v === TOOL ? '' : `tool is ${JSON.stringify(v)}, not "${TOOL}"`) },
  version: { check: (v) => (isString(v) ? '' : 'no version') },
  options: { check: (v) => (isObject(v) ? '' : 'no options') },
  input: {
    check: (v) =>
      isObject(v) && isString(v.source) && isHash(v.digest) && isCount(v.rows)
        ? ''
        : 'no input {source, digest, rows}',
  },
  width: { check: (v) => (isCount(v) && v > 0 ? '' : 'no width') },
  height: { check: (v) => (isCount(v) && v > 0 ? '' : 'no height') },
  adapter: { check: (v) => (isString(v) ? '' : 'no adapter') },
  config: { optional: true, check: (v) => (isObject(v) ? '' : 'config is not an object') },
  shard: {
    optional: true,
    check: (v) =>
      isObject(v) && isCount(v.index) && isCount(v.count) && v.index < v.count
        ? ''
        : 'shard is not {index, count}',
  },
  video: {
    check: (v) =>
      v === null
        ? ''
        : !isString(v)
          ? 'video is not a file name'
          : isPlainName(v)
            ? ''
            : `video ${JSON.stringify(v)} leaves the folder`,
  },
  videoFrames: {
    optional: true,
    check: (v) => (Array.isArray(v) && v.every(isHash) ? '' : 'videoFrames is not a list of SHA-256 hashes'),
  },
  preview: { optional: true, check: (v) => (v === null || isString(v) ? '' : 'preview is not a path') },
  complete: { check: (v) => (typeof v === 'boolean' ? '' : 'no complete flag') },
  hash: {
    check: (v) =>
      FRAME_HASHES.includes(v as FrameHashName)
        ? ''
        : `hash ${JSON.stringify(v)} is not one of ${FRAME_HASHES.join(', ')}`,
  },
  frames: {
    check: (v) => {
      if (!Array.isArray(v)) return 'no frame list';
      for (const [i, f] of v.entries()) {
        if (!isObject(f) || !isCount(f.index) || !FRAME_HASHES.some((h) => isDigest(f.digest, h)))
          return `frame entry ${i} is not {index, digest}`;
        if (i > 0 && f.index <= (v[i - 1] as FrameRecord).index)
          return `frame ${f.index} is listed out of order`;
      }
      return '';
    },
  },
};

/**
 * A manifest written before frame hashes named their algorithm (no `hash`, frames `{index, sha256}`)
 * in today's form (`hash: "sha256"`, frames `{index, digest}`); anything else is returned as it is.
 */
function upgradeOld(m: Record<string, unknown>): Record<string, unknown> {
  if (m.hash !== undefined || !Array.isArray(m.frames)) return m;
  const frames = m.frames.map((f: unknown) =>
    isObject(f) && f.digest === undefined && isHash(f.sha256) ? { index: f.index, digest: f.sha256 } : f,
  );
  return { ...m, hash: OLD_FRAME_HASH, frames };
}

/** Checks a parsed manifest against the schema; the problem found, or '' for a good one. */
export function manifestProblem(parsed: unknown): string {
  if (!isObject(parsed)) return 'not a JSON object';
  const m = upgradeOld(parsed);
  for (const [key, field] of Object.entries(SCHEMA)) {
    if (m[key] === undefined) {
      if (!field.optional) return `no ${key}`;
      continue;
    }
    const problem = field.check(m[key]);
    if (problem) return problem;
  }
  const hash = m.hash as FrameHashName;
  const bad = (m.frames as FrameRecord[]).find((f) => !isDigest(f.digest, hash));
  return bad ? `frame ${bad.index}'s digest is not a ${hash} hash` : '';
}

/** Parses a manifest's text; a UserError naming `where` if it is not one. */
export function parseManifest(text: string, where: string): Manifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${where}: manifest.json is corrupt (${(e as Error).message})`);
  }
  const problem = manifestProblem(parsed);
  if (problem) throw new UserError(`${where}: manifest.json is corrupt (${problem})`);
  return upgradeOld(parsed as Record<string, unknown>) as unknown as Manifest;
}

/** The manifest in `dir`, or undefined when there is none. */
export async function readManifest(dir: string, where = dir): Promise<Manifest | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserError(`${where}: cannot read manifest.json (${(e as Error).message})`);
  }
  return parseManifest(text, where);
}

/** JSON with sorted keys, so that equal values compare equal whatever their key order. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    isObject(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );
}

/** What decides whether two manifests are (parts of) one render. */
export type RenderIdentity = Pick<Manifest, 'options' | 'input' | 'width' | 'height' | 'version'>;

export interface Difference {
  what: string;
  mine: unknown;
  theirs: unknown;
}

/**
 * The first thing that makes `mine` and `theirs` different renders, or undefined when they are the
 * same render (options compared by value, key order ignored; `ignore` names options allowed to differ).
 */
export function renderDifference(
  mine: RenderIdentity,
  theirs: RenderIdentity,
  ignore: readonly string[] = [],
): Difference | undefined {
  if (mine.input.digest !== theirs.input.digest) {
    return { what: 'the input digest', mine: mine.input.digest, theirs: theirs.input.digest };
  }
  if (mine.width !== theirs.width || mine.height !== theirs.height) {
    return {
      what: 'the frame size',
      mine: `${mine.width}x${mine.height}`,
      theirs: `${theirs.width}x${theirs.height}`,
    };
  }
  if (mine.version !== theirs.version)
    return { what: 'the gen-frames version', mine: mine.version, theirs: theirs.version };
  const keys = new Set([...Object.keys(mine.options), ...Object.keys(theirs.options)]);
  for (const k of [...keys].sort()) {
    if (ignore.includes(k)) continue;
    if (canonical(mine.options[k]) !== canonical(theirs.options[k])) {
      return { what: `option ${k}`, mine: mine.options[k], theirs: theirs.options[k] };
    }
  }
  return undefined;
}

/** A value as a message shows it. */
export function show(v: unknown): string {
  return v === undefined ? 'not set' : JSON.stringify(v);
}

/** Written to a temporary file of this run and renamed: a reader never sees half a manifest. */
export async function writeManifest(path: string, m: Manifest, runId = newRunId()): Promise<void> {
  const temp = tempPath(path, runId);
  await writingTo(path, async () => {
    try {
      await writeFile(temp, JSON.stringify(m, null, 1) + '\n');
      await rename(temp, path);
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
  });
}

/**
 * Keeps the manifest of a render in progress up to date (at most every `everyMs`), so that a render
 * stopped by a signal, a crash or a power cut leaves a manifest that claims only finished frames.
 */
export class ManifestWriter {
  private last = 0;
  private writing: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(
    private readonly path: string,
    private readonly build: () => Manifest,
    private readonly runId = newRunId(),
    private readonly everyMs = 2000,
  ) {}

  /** Writes if the last write is older than everyMs (never two at once); a failure waits for flush. */
  tick(): void {
    const now = performance.now();
    if (now - this.last < this.everyMs || this.failure) return;
    this.last = now;
    this.writing = this.writing
      .then(() => writeManifest(this.path, this.build(), this.runId))
      .catch((e) => void (this.failure ??= e));
  }

  async flush(): Promise<void> {
    await this.writing;
    if (this.failure) throw this.failure;
    await writeManifest(this.path, this.build(), this.runId);
  }
}
