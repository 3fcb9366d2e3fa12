import { copyFile, link, rename, rm, writeFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { concatCall, concatList } from './ffmpeg-args.js';
import { ffmpegError, runFfmpeg } from './ffmpeg.js';
import { tempPath } from './output-names.js';
import { writingTo } from './output-error.js';
import { videoFrameHashes } from './video-frames.js';

/** Hard-links src to dst (replacing dst) through a temporary name of this run; copies where a link is not possible. True if linked. */
export async function linkOrCopy(src: string, dst: string, runId: string): Promise<boolean> {
  const temp = tempPath(dst, runId);
  return writingTo(dst, async () => {
    let linked = true;
    try {
      try {
        await link(src, temp);
      } catch {
        linked = false;
        await copyFile(src, temp);
      }
      await rename(temp, dst);
    } finally {
      await rm(temp, { force: true });
    }
    return linked;
  });
}

/**
 * Joins MP4 segments by stream copy (the concat demuxer) into `path`, then decodes the result and
 * checks its pictures against `expected` (the segments' certified pictures, in order; or only their
 * number, for segments never certified alone) before the file gets its final name. Returns the
 * joined video's picture hashes.
 */
export async function joinVideos(
  bin: string,
  segments: string[],
  path: string,
  size: { width: number; height: number },
  expected: string[] | number,
  runId: string,
): Promise<string[]> {
  const list = tempPath(path, runId, '.txt');
  const temp = tempPath(path, runId, '.mp4');
  try {
    await writingTo(list, () => writeFile(list, concatList(segments)));
    try {
      await runFfmpeg(bin, concatCall(list, temp)).done;
    } catch (e) {
      throw ffmpegError(e, 'joining the videos into', path);
    }
    const got = await videoFrameHashes(bin, temp, size.width, size.height);
    const count = typeof expected === 'number' ? expected : expected.length;
    const first = typeof expected === 'number' ? -1 : got.findIndex((h, i) => h !== expected[i]);
    if (got.length !== count || first >= 0) {
      throw new UserError(
        `${path}: the joined video's pictures are not the segments' (${got.length} pictures for ${count}` +
          `${first >= 0 ? `, picture ${first} differs` : ''}); the joined video is not kept`,
        2,
      );
    }
    await writingTo(path, () => rename(temp, path));
    return got;
  } finally {
    await rm(temp, { force: true });
    await rm(list, { force: true });
  }
}
