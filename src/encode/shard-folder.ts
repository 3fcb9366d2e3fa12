import { stat } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { readManifest, type FrameRecord, type Manifest } from './manifest.js';

/** One shard folder of a render cut with `--shard K/N` or `--frames` ranges, as its manifest says. */
export interface Shard {
  dir: string;
  manifest: Manifest;
  /** First and last frame; from > to for a shard that got no frames (more shards than GOPs). */
  from: number;
  to: number;
  frames: FrameRecord[];
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/**
 * Reads a shard folder's manifest (through the schema, which also refuses a video path that leaves
 * the folder) and checks that it describes a finished render: every frame of its range listed, one
 * after the other. The files themselves are checked later, against these hashes (check-render.ts).
 */
export async function readShard(dir: string): Promise<Shard> {
  const where = `shard ${dir}`;
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UserError(`${where}: no such folder`);
  const m = await readManifest(dir, where);
  if (!m)
    throw new UserError(`${where}: no manifest.json (the shard's render has not finished or did not run)`);
  const bad = (what: string) => new UserError(`${where}: manifest.json is corrupt (${what})`);
  const { frames } = m;
  for (let i = 1; i < frames.length; i++) {
    if (frames[i].index !== frames[i - 1].index + 1) {
      throw bad(`frames ${frames[i - 1].index} and ${frames[i].index} are listed one after the other`);
    }
  }
  const optFrom = m.options.from;
  const optTo = m.options.to;
  if (!isCount(optFrom) || typeof optTo !== 'number') throw bad('no options.from/to');
  if (!m.complete || (frames.length > 0 && (frames[0].index !== optFrom || frames.at(-1)!.index !== optTo))) {
    throw new UserError(
      `${where}: the render is not finished (${frames.length} of frames ${optFrom}-${optTo} done); ` +
        'run the same command again to resume it',
    );
  }
  if (frames.length === 0 && optTo >= optFrom) throw bad(`frames ${optFrom}-${optTo} are not listed`);
  if (m.video !== null && m.videoFrames?.length !== frames.length) {
    throw new UserError(
      `${where}: manifest.json certifies ${m.videoFrames?.length ?? 0} of the ${frames.length} pictures of ` +
        `${m.video} (rendered by an older gen-frames?); render the shard again`,
    );
  }
  return {
    dir,
    manifest: m,
    from: frames.length ? frames[0].index : optFrom,
    to: frames.length ? frames.at(-1)!.index : optFrom - 1,
    frames,
  };
}
