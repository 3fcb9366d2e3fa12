import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { checkRender, describeMismatch } from './check-render.js';
import { ffmpegBinary } from './ffmpeg.js';
import { joinVideos, linkOrCopy } from './join-files.js';
import { writeManifest, type Manifest } from './manifest.js';
import { claimOutDir } from './out-dir.js';
import { MANIFEST_FILE, VIDEO_FILE, newRunId, pngName } from './output-names.js';
import { realLocation } from './path-identity.js';
import { readShard, type Shard } from './shard-folder.js';
import { checkContiguous, checkSameHash, checkSameRender, checkShardIndices } from './shard-checks.js';

/**
 * Joins the outputs of a render split with `--shard K/N` (or with `--frames` ranges) into `out`:
 * PNG frames hard-linked (copied where a link is not possible), the MP4 segments joined by ffmpeg's
 * concat demuxer without re-encoding, and one manifest listing every frame. Everything is checked
 * before anything is written: the shards must be one render (same options, input, size) cut into
 * ranges with no gap and no overlap, and every shard's files must match its manifest (each PNG
 * decoded and hashed, each video decoded picture by picture). The joined video is checked again
 * before it gets its name, so `complete: true` is written over nothing unchecked.
 */
export async function concatShards(
  out: string,
  shardDirs: string[],
  log: (line: string) => void = console.error,
): Promise<Manifest> {
  if (shardDirs.length === 0) throw new UserError('concat needs at least one shard folder');
  const outDir = resolve(out);
  const outReal = await realLocation(outDir);
  const dirs = shardDirs.map((d) => resolve(d));
  const seen = new Set<string>();
  for (const d of dirs) {
    const real = await realLocation(d);
    if (d === outDir || real === outReal) {
      throw new UserError(`shard ${d}: is also the --out folder; join into a new folder`);
    }
    if (seen.has(real)) throw new UserError(`shard ${d}: given twice`);
    seen.add(real);
  }

  const shards: Shard[] = [];
  for (const dir of dirs) shards.push(await readShard(dir));
  checkSameRender(shards);
  checkShardIndices(shards);
  const parts = shards.filter((s) => s.frames.length > 0).sort((a, b) => a.from - b.from);
  if (parts.length === 0) throw new UserError(`the shards (${dirs.join(', ')}) hold no frames`);
  checkContiguous(parts);
  checkSameHash(parts);

  for (const s of parts) {
    const report = await checkRender(s.dir, s.manifest);
    const [first] = report.mismatches;
    if (first) {
      const more =
        report.mismatches.length > 1 ? ` (and ${report.mismatches.length - 1} more mismatches)` : '';
      throw new UserError(
        `shard ${s.dir}: ${describeMismatch(first)}${more}; the shard does not match its manifest: render it again`,
      );
    }
  }
  const base = parts[0].manifest;
  const video = base.video !== null;
  const png = base.options.format !== 'mp4';
  const from = parts[0].from;
  const to = parts[parts.length - 1].to;
  const options: Record<string, unknown> = { ...base.options, from, to };
  delete options.shard;
  const joined: Manifest = {
    ...base,
    options,
    adapter: [...new Set(parts.map((s) => s.manifest.adapter))].join('; '),
    video: video ? VIDEO_FILE : null,
    ...(video ? { videoFrames: parts.flatMap((s) => s.manifest.videoFrames!) } : {}),
    preview: null,
    complete: true,
    frames: parts.flatMap((s) => s.frames),
  };
  delete joined.shard;

  const runId = newRunId();
  const claim = await claimOutDir({
    dir: outDir, identity: joined, from, to, wantsVideo: video, overwrite: false, runId, log,
  }); // prettier-ignore
  try {
    log(`joining ${parts.length} shards, frames ${from}-${to}, into ${outDir}`);
    if (video) {
      const segments = parts.map((s) => join(s.dir, s.manifest.video!));
      const size = { width: base.width, height: base.height };
      await joinVideos(ffmpegBinary(), segments, join(outDir, VIDEO_FILE), size, joined.videoFrames!, runId);
      log(`video.mp4 joined from ${parts.length} segments without re-encoding, every picture checked`);
    }
    if (png) {
      let copied = 0;
      for (const s of parts) {
        for (const f of s.frames) {
          const name = pngName(f.index);
          if (!(await linkOrCopy(join(s.dir, name), join(outDir, name), runId))) copied++;
        }
      }
      const total = to - from + 1;
      log(`${total} PNG frames ${copied ? `(${copied} copied, the rest hard-linked)` : 'hard-linked'}`);
    }
    await writeManifest(join(outDir, MANIFEST_FILE), joined, runId);
  } finally {
    await claim.lock.release();
  }
  return joined;
}
