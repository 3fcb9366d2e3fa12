import { copyFile, link, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import ffmpeg from 'fluent-ffmpeg';
import { UserError } from '../errors.js';
import { writeManifest, type FrameRecord, type Manifest } from './manifest.js';
import { ffmpegBinary } from './mp4-sink.js';
import { pngName } from './png-sink.js';

/** Options that differ between the shards of one render; every other option must be equal. */
const PER_SHARD_OPTIONS = new Set(['from', 'to', 'shard']);

interface Shard {
  dir: string;
  manifest: Manifest;
  /** First and last frame; from > to for a shard that got no frames (more shards than GOPs). */
  from: number;
  to: number;
  frames: FrameRecord[];
  video: string | null;
  png: boolean;
}

/**
 * Joins the outputs of a render split with `--shard K/N` (or with `--frames` ranges) into `out`:
 * PNG frames hard-linked (copied where a link is not possible), the MP4 segments joined by ffmpeg's
 * concat demuxer without re-encoding, and one manifest listing every frame. Everything is checked
 * before anything is written: the shards must be one render (same options, input, size) cut into
 * ranges with no gap and no overlap, each complete on disk.
 */
export async function concatShards(
  out: string,
  shardDirs: string[],
  log: (line: string) => void = console.error,
): Promise<Manifest> {
  if (shardDirs.length === 0) throw new UserError('concat needs at least one shard folder');
  const outDir = resolve(out);
  const dirs = shardDirs.map((d) => resolve(d));
  const seen = new Set<string>();
  for (const d of dirs) {
    if (d === outDir) throw new UserError(`shard ${d}: is also the --out folder; join into a new folder`);
    if (seen.has(d)) throw new UserError(`shard ${d}: given twice`);
    seen.add(d);
  }

  const shards: Shard[] = [];
  for (const dir of dirs) shards.push(await readShard(dir));
  checkSameRender(shards);
  checkShardIndices(shards);
  const parts = shards.filter((s) => s.frames.length > 0).sort((a, b) => a.from - b.from);
  if (parts.length === 0) throw new UserError(`the shards (${dirs.join(', ')}) hold no frames`);
  checkContiguous(parts);

  const withVideo = parts.filter((s) => s.video);
  if (withVideo.length > 0 && withVideo.length < parts.length) {
    const without = parts.find((s) => !s.video)!;
    throw new UserError(
      `shard ${without.dir}: has no video.mp4 but shard ${withVideo[0].dir} has one; ` +
        'render every shard with the same --format',
    );
  }
  const withPng = parts.filter((s) => s.png);
  if (withPng.length > 0 && withPng.length < parts.length) {
    const without = parts.find((s) => !s.png)!;
    throw new UserError(
      `shard ${without.dir}: has no PNG frames but shard ${withPng[0].dir} has them; ` +
        'render every shard with the same --format',
    );
  }
  const video = withVideo.length > 0;
  const png = withPng.length > 0;
  if (!video && !png) throw new UserError(`shard ${parts[0].dir}: has neither PNG frames nor video.mp4`);
  const bin = video ? ffmpegBinary() : '';

  await mkdir(outDir, { recursive: true });
  const from = parts[0].from;
  const to = parts[parts.length - 1].to;
  log(`joining ${parts.length} shards, frames ${from}-${to}, into ${outDir}`);
  if (png) {
    let copied = 0;
    for (const s of parts) {
      for (const f of s.frames) {
        if (!(await linkOrCopy(join(s.dir, pngName(f.index)), join(outDir, pngName(f.index))))) copied++;
      }
    }
    const total = to - from + 1;
    log(`${total} PNG frames ${copied ? `(${copied} copied, the rest hard-linked)` : 'hard-linked'}`);
  }
  if (video) {
    await joinVideos(
      bin,
      parts.map((s) => join(s.dir, s.video!)),
      join(outDir, 'video.mp4'),
    );
    log(`video.mp4 joined from ${parts.length} segments without re-encoding`);
  }

  const base = parts[0].manifest;
  const options: Record<string, unknown> = { ...base.options, from, to };
  delete options.shard;
  const adapters = [...new Set(parts.map((s) => s.manifest.adapter))];
  const joined: Manifest = {
    ...base,
    options,
    adapter: adapters.join('; '),
    video: video ? 'video.mp4' : null,
    complete: true,
    frames: parts.flatMap((s) => s.frames),
  };
  delete joined.shard;
  await writeManifest(join(outDir, 'manifest.json'), joined);
  return joined;
}

async function readShard(dir: string): Promise<Shard> {
  const where = `shard ${dir}`;
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UserError(`${where}: no such folder`);
  let text: string;
  try {
    text = await readFile(join(dir, 'manifest.json'), 'utf8');
  } catch {
    throw new UserError(`${where}: no manifest.json (the shard's render has not finished or did not run)`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${where}: manifest.json is corrupt (${(e as Error).message})`);
  }
  const bad = (what: string) => new UserError(`${where}: manifest.json is corrupt (${what})`);
  if (!isObject(parsed)) throw bad('not a JSON object');
  const m = parsed as unknown as Manifest;
  if (!isObject(m.options)) throw bad('no options');
  if (!isObject(m.input) || typeof m.input.digest !== 'string') throw bad('no input digest');
  if (!isCount(m.width) || !isCount(m.height)) throw bad('no width/height');
  if (!Array.isArray(m.frames)) throw bad('no frame list');
  const frames = m.frames;
  for (const [i, f] of frames.entries()) {
    if (
      !isObject(f) ||
      !isCount(f.index) ||
      typeof f.sha256 !== 'string' ||
      !/^[0-9a-f]{64}$/.test(f.sha256)
    ) {
      throw bad(`frame entry ${i} is not {index, sha256}`);
    }
    if (i > 0 && f.index !== frames[i - 1].index + 1) {
      throw bad(`frames ${frames[i - 1].index} and ${f.index} are listed one after the other`);
    }
  }
  const optFrom = m.options.from;
  const optTo = m.options.to;
  if (!isCount(optFrom) || typeof optTo !== 'number') throw bad('no options.from/to');
  if (
    m.complete === false ||
    (frames.length > 0 && (frames[0].index !== optFrom || frames.at(-1)!.index !== optTo))
  ) {
    throw new UserError(
      `${where}: the render is not finished (${frames.length} of frames ${optFrom}-${optTo} done); ` +
        'run the same command again to resume it',
    );
  }
  if (frames.length === 0 && optTo >= optFrom) throw bad(`frames ${optFrom}-${optTo} are not listed`);

  // Which outputs the shard has: by its --format where the manifest records it, else by the files.
  const format = typeof m.options.format === 'string' ? m.options.format : undefined;
  let png = format ? format !== 'mp4' : false;
  const missing: number[] = [];
  for (const f of frames) if (!(await isFile(join(dir, pngName(f.index))))) missing.push(f.index);
  if (!format && missing.length < frames.length) png = true;
  if (png && frames.length > 0 && missing.length > 0) {
    const more = missing.length > 1 ? ` and ${missing.length - 1} more` : '';
    throw new UserError(`${where}: frame file ${pngName(missing[0])} is missing${more}`);
  }
  const videoName = typeof m.video === 'string' ? m.video : 'video.mp4';
  const hasVideo = await isFile(join(dir, videoName));
  const wantsVideo = format ? format !== 'png' : hasVideo;
  if (wantsVideo && frames.length > 0 && !hasVideo) throw new UserError(`${where}: ${videoName} is missing`);

  return {
    dir,
    manifest: m,
    from: frames.length ? frames[0].index : optFrom,
    to: frames.length ? frames.at(-1)!.index : optFrom - 1,
    frames,
    video: wantsVideo && hasVideo ? videoName : null,
    png,
  };
}

/** Same options (but the frame range), same input and frame size in every shard. */
function checkSameRender(shards: Shard[]): void {
  const ref = shards[0];
  for (const s of shards.slice(1)) {
    const differ = (what: string, mine: unknown, theirs: unknown) =>
      new UserError(
        `shard ${s.dir}: ${what} is ${show(mine)} but shard ${ref.dir} has ${show(theirs)}; ` +
          'the shards are not parts of one render',
      );
    if (s.manifest.input.digest !== ref.manifest.input.digest) {
      throw differ('the input digest', s.manifest.input.digest, ref.manifest.input.digest);
    }
    if (s.manifest.width !== ref.manifest.width || s.manifest.height !== ref.manifest.height) {
      throw differ(
        'the frame size',
        `${s.manifest.width}x${s.manifest.height}`,
        `${ref.manifest.width}x${ref.manifest.height}`,
      );
    }
    if (s.manifest.version !== ref.manifest.version) {
      throw differ('the gen-frames version', s.manifest.version, ref.manifest.version);
    }
    const keys = new Set([...Object.keys(s.manifest.options), ...Object.keys(ref.manifest.options)]);
    for (const k of [...keys].sort()) {
      if (PER_SHARD_OPTIONS.has(k)) continue;
      const a = s.manifest.options[k];
      const b = ref.manifest.options[k];
      if (canonical(a) !== canonical(b)) throw differ(`option ${k}`, a, b);
    }
  }
}

/** Where manifests say which shard of how many they are: one count, each index once, none missing. */
function checkShardIndices(shards: Shard[]): void {
  const marked = shards.filter((s) => isObject(s.manifest.shard));
  if (marked.length === 0) return;
  if (marked.length < shards.length) {
    const plain = shards.find((s) => !isObject(s.manifest.shard))!;
    throw new UserError(`shard ${plain.dir}: was not rendered with --shard but shard ${marked[0].dir} was`);
  }
  const count = marked[0].manifest.shard!.count;
  const byIndex = new Map<number, Shard>();
  for (const s of marked) {
    const { index, count: n } = s.manifest.shard!;
    if (n !== count) {
      throw new UserError(
        `shard ${s.dir}: is shard ${index}/${n} but shard ${marked[0].dir} is one of ${count}`,
      );
    }
    const other = byIndex.get(index);
    if (other) throw new UserError(`shard ${s.dir}: is shard ${index}/${n}, as is shard ${other.dir}`);
    byIndex.set(index, s);
  }
  const absent = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (absent.length > 0) {
    throw new UserError(
      `shard${absent.length > 1 ? 's' : ''} ${absent.map((i) => `${i}/${count}`).join(', ')} ` +
        `missing: ${shards.length} of ${count} shard folders given (${shards.map((s) => s.dir).join(', ')})`,
    );
  }
}

/** Sorted by first frame, each shard must start right after the one before it. */
function checkContiguous(parts: Shard[]): void {
  for (let i = 1; i < parts.length; i++) {
    const a = parts[i - 1];
    const b = parts[i];
    if (b.from <= a.to) {
      throw new UserError(
        `shard ${b.dir} (frames ${b.from}-${b.to}) overlaps shard ${a.dir} (frames ${a.from}-${a.to})`,
      );
    }
    if (b.from > a.to + 1) {
      throw new UserError(
        `frames ${a.to + 1}-${b.from - 1} are missing: shard ${a.dir} ends at frame ${a.to} ` +
          `and shard ${b.dir} starts at frame ${b.from}`,
      );
    }
  }
}

/** Hard-links src to dst (replacing dst); copies where a link is not possible. True if linked. */
async function linkOrCopy(src: string, dst: string): Promise<boolean> {
  const temp = `${dst}.partial`;
  await rm(temp, { force: true });
  let linked = true;
  try {
    await link(src, temp);
  } catch {
    linked = false;
    await copyFile(src, temp);
  }
  await rename(temp, dst);
  return linked;
}

/** The ffmpeg concat demuxer, stream copy: the segments' H.264 as it is, one MP4 with +faststart. */
async function joinVideos(bin: string, segments: string[], path: string): Promise<void> {
  const list = `${path}.list.txt`;
  const temp = `${path}.partial.mp4`;
  // The concat demuxer's list syntax: a quote inside a single-quoted path is written '\''.
  await writeFile(list, segments.map((s) => `file '${s.replaceAll("'", "'\\''")}'\n`).join(''));
  const tail: string[] = [];
  try {
    await new Promise<void>((done, fail) => {
      ffmpeg()
        .setFfmpegPath(bin)
        .input(list)
        .inputFormat('concat')
        .inputOptions(['-safe 0'])
        .outputOptions(['-c copy', '-movflags +faststart'])
        .format('mp4')
        .on('stderr', (line: string) => {
          tail.push(line);
          if (tail.length > 20) tail.shift();
        })
        .on('error', (e: Error) =>
          fail(new Error(`ffmpeg failed to join the videos: ${e.message}\n${tail.join('\n')}`)),
        )
        .on('end', () => done())
        .save(temp);
    });
    await rename(temp, path);
  } finally {
    await rm(temp, { force: true });
    await rm(list, { force: true });
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) >= 0;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

/** JSON with sorted keys, so that equal options compare equal whatever their order. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    isObject(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );
}

function show(v: unknown): string {
  return v === undefined ? 'not set' : JSON.stringify(v);
}
