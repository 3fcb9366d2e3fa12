import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatShards } from '../../src/encode/concat.js';
import type { Manifest } from '../../src/encode/manifest.js';
import { pngName } from '../../src/encode/png-sink.js';
import { UserError } from '../../src/errors.js';
import { sha256 } from '../helpers/gpu.js';
import { frameDigest } from '../../src/frame-hash.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gen-frames.js');
const W = 320;
const H = 180;
/** 10 fps, so a GOP is 10 frames: the shard edges fall on GOPs with few frames to render. */
const FPS = '10';
const root = mkdtempSync(join(tmpdir(), 'portglow-concat-'));
const quiet = () => undefined;

function genFrames(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr };
}

/** Renders frames `range` at 320x180 and 10 fps into root/name; returns the folder. */
function render(name: string, range: string, extra: string[] = []): string {
  const dir = join(root, name);
  const r = genFrames(['--size', `${W}x${H}`, '--fps', FPS, '--frames', range, ...extra, '--out', dir]);
  if (r.code !== 0) throw new Error(`gen-frames --frames ${range} ${extra.join(' ')} failed:\n${r.stderr}`);
  return dir;
}

const manifestOf = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

/** Every frame of a video decoded to RGBA, hashed. */
function decodedHashes(video: string): string[] {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-i', video, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], {
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`ffmpeg could not decode ${video}: ${r.stderr}`);
  const size = W * H * 4;
  expect(r.stdout.length % size).toBe(0);
  return Array.from({ length: r.stdout.length / size }, (_, i) =>
    sha256(r.stdout.subarray(i * size, (i + 1) * size)),
  );
}

function probe(video: string): { frames: number; codec: string; pix: string } {
  const r = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0',
    '-show_entries', 'stream=nb_read_frames,codec_name,pix_fmt', '-of', 'json', video], { encoding: 'utf8' }); // prettier-ignore
  const s = JSON.parse(r.stdout).streams[0];
  return { frames: Number(s.nb_read_frames), codec: s.codec_name, pix: s.pix_fmt };
}

/** The MD5 of each compressed packet as stored (no decoding), and which packets are keyframes. */
function packets(video: string): { md5: string[]; key: boolean[] } {
  const md5 = spawnSync(
    'ffmpeg',
    ['-v', 'error', '-i', video, '-map', '0:v', '-c', 'copy', '-f', 'framemd5', '-'],
    {
      encoding: 'utf8',
    },
  )
    .stdout.split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(',').at(-1)!.trim());
  const key =
    spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=flags', '-of', 'csv=p=0', video], {
    encoding: 'utf8',
  }) // prettier-ignore
      .stdout.split('\n')
      .filter(Boolean)
      .map((l) => l.includes('K'));
  return { md5, key };
}

/** concatShards' refusal: a UserError for exit 1 whose message names `dir`. */
async function refusal(shards: string[], dir: string): Promise<string> {
  const out = join(root, `refused-${Math.random().toString(36).slice(2)}`);
  const e = await concatShards(out, shards, quiet).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UserError);
  expect((e as UserError).exitCode).toBe(1);
  expect((e as UserError).message).toContain(dir);
  expect(existsSync(out), 'nothing written when refused').toBe(false);
  return (e as UserError).message;
}

let single: string;
let a: string;
let b: string;
let c: string;

beforeAll(() => {
  // A single render of frames 0-49 and the same frames in three ranges that start on GOP
  // boundaries (a GOP is fps frames, 10 here).
  single = render('single', '0-49');
  a = render('a', '0-19');
  b = render('b', '20-39');
  c = render('c', '40-49');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('gen-frames concat', () => {
  let out: string;
  let joined: Manifest;

  beforeAll(async () => {
    out = join(root, 'joined');
    joined = await concatShards(out, [c, a, b], quiet); // any order
  });

  it('writes the manifest of a single render: same options, input and per-frame hashes', () => {
    const whole = manifestOf(single);
    expect(manifestOf(out)).toEqual(joined);
    expect(joined.frames).toEqual(whole.frames);
    expect(joined.frames.map((f) => f.index)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(joined.options).toEqual(whole.options);
    expect(joined.input).toEqual(whole.input);
    expect([joined.width, joined.height]).toEqual([W, H]);
    expect(joined.shard).toBeUndefined();
    expect(joined.complete).toBe(true);
    expect(joined.video).toBe('video.mp4');
    // The joined video's pictures are certified too: the single render's, in order.
    expect(joined.videoFrames).toEqual(whole.videoFrames);
    expect(joined.videoFrames).toHaveLength(50);
  });

  it('links the PNG frames, whose pixels are the hashed bytes', async () => {
    const whole = manifestOf(single);
    for (const [i, f] of whole.frames.entries()) {
      const file = join(out, pngName(f.index));
      const shard = f.index < 20 ? a : f.index < 40 ? b : c;
      expect(statSync(file).ino, `${file} is a hard link`).toBe(statSync(join(shard, pngName(f.index))).ino);
      // Decoding all 50 takes a while on two cores; every 7th frame and the shard edges are enough.
      if (i % 7 === 0 || [19, 20, 39, 40, 49].includes(f.index)) {
        const rgba = await sharp(file).ensureAlpha().raw().toBuffer();
        expect(await frameDigest(rgba), pngName(f.index)).toBe(f.digest);
      }
    }
  });

  it('joins the MP4 segments without re-encoding into the video of a single render', () => {
    const video = join(out, 'video.mp4');
    expect(probe(video)).toEqual({ frames: 50, codec: 'h264', pix: 'yuv420p' });

    // Stream copy: every packet is the shard's own; keyframes may also carry the parameter sets
    // in-band (the concat demuxer's auto_convert), which changes their bytes but not their pictures.
    const got = packets(video);
    const parts = [a, b, c].map((d) => packets(join(d, 'video.mp4')));
    const want = parts.flatMap((p) => p.md5);
    expect(got.md5.length).toBe(50);
    const changed = got.md5.flatMap((m, i) => (m === want[i] ? [] : [i]));
    expect(changed.filter((i) => !got.key[i])).toEqual([]);

    // Decoded, the joined video is frame for frame the single render's video.
    const joinedFrames = decodedHashes(video);
    const singleFrames = decodedHashes(join(single, 'video.mp4'));
    expect(singleFrames.length).toBe(50);
    const differ = joinedFrames.flatMap((h, i) => (h === singleFrames[i] ? [] : [i]));
    expect(differ, 'decoded frames that differ from the single render').toEqual([]);
  });

  it('replaces an earlier join in the same folder', async () => {
    const again = await concatShards(out, [a, b, c], quiet);
    expect(again).toEqual(joined);
    expect(probe(join(out, 'video.mp4')).frames).toBe(50);
  });
});

describe('gen-frames concat refuses', () => {
  it('a gap between shards, naming them and the missing frames', async () => {
    const message = await refusal([a, c], c);
    expect(message).toContain('frames 20-39 are missing');
    expect(message).toContain(a);
  });

  it('overlapping shards', async () => {
    // The single render of frames 0-49 overlaps every range (a real render, so no render here).
    const message = await refusal([a, single, b, c], single);
    expect(message).toContain('overlaps');
    expect(message).toContain(a);
  });

  it('shards of a different render (another --seed)', async () => {
    const e = render('seed7', '40-49', ['--seed', '7']);
    const message = await refusal([a, b, e], e);
    expect(message).toMatch(/option seed is 7 but shard .* has 42|input digest/);
  });

  it('a folder with no manifest, or a corrupt one', async () => {
    const empty = join(root, 'no-manifest');
    mkdirSync(empty);
    expect(await refusal([a, empty, c], empty)).toContain('no manifest.json');

    const corrupt = join(root, 'corrupt');
    cpSync(b, corrupt, { recursive: true });
    writeFileSync(join(corrupt, 'manifest.json'), '{"tool": "portglow gen-fr');
    expect(await refusal([a, corrupt, c], corrupt)).toContain('manifest.json is corrupt');
  });

  it('a shard with a frame file missing', async () => {
    const holed = join(root, 'holed');
    cpSync(b, holed, { recursive: true });
    rmSync(join(holed, pngName(27)));
    expect(await refusal([a, holed, c], holed)).toContain(pngName(27));
  });

  it('a shard without the video the others have', async () => {
    const novideo = join(root, 'no-video');
    cpSync(b, novideo, { recursive: true });
    rmSync(join(novideo, 'video.mp4'));
    expect(await refusal([a, novideo, c], novideo)).toContain('video.mp4');
  });

  /** A copy of shard b, changed by `change`. */
  function copyOfB(name: string, change: (dir: string) => void): string {
    const dir = join(root, name);
    cpSync(b, dir, { recursive: true });
    change(dir);
    return dir;
  }
  const editManifest = (dir: string, edit: (m: Manifest) => void) => {
    const m = manifestOf(dir);
    edit(m);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
  };

  it('a shard whose PNG is another valid image, naming shard and frame', async () => {
    const t = copyOfB('tampered', (d) => copyFileSync(join(d, pngName(28)), join(d, pngName(27))));
    const message = await refusal([a, t, c], t);
    expect(message).toContain(`shard ${t}: frame-000027.png: its pixels differ from the manifest`);
  });

  it('a shard whose PNG cannot be decoded', async () => {
    const t = copyOfB('undecodable', (d) => writeFileSync(join(d, pngName(30)), 'not a png'));
    expect(await refusal([a, t, c], t)).toContain('frame-000030.png: cannot be decoded as PNG');
  });

  it('a shard whose video was cut short, naming the first missing frame', async () => {
    const t = copyOfB('cut', (d) => {
      const v = join(d, 'video.mp4');
      const r = spawnSync('ffmpeg', ['-v', 'error', '-i', v, '-c', 'copy', '-frames:v', '7', `${v}.cut.mp4`]);
      expect(r.status).toBe(0);
      renameSync(`${v}.cut.mp4`, v);
    });
    expect(await refusal([a, t, c], t)).toContain(
      'video.mp4: holds 7 pictures but the manifest lists 20: it is cut short at frame 27',
    );
  });

  it.each(['../../elsewhere/private.mp4', '../../../etc/passwd', '/etc/passwd'])(
    'a manifest whose video path (%s) leaves the shard folder',
    async (path) => {
      const elsewhere = join(root, 'elsewhere');
      mkdirSync(elsewhere, { recursive: true });
      copyFileSync(join(b, 'video.mp4'), join(elsewhere, 'private.mp4'));
      const t = copyOfB(`escape-${path.replace(/\W/g, '')}`, (d) => editManifest(d, (m) => (m.video = path)));
      expect(await refusal([a, t, c], t)).toContain(`video ${JSON.stringify(path)} leaves the folder`);
    },
  );

  it('a shard video that is a link out of the folder', async () => {
    const t = copyOfB('linked', (d) => {
      rmSync(join(d, 'video.mp4'));
      symlinkSync(join(b, 'video.mp4'), join(d, 'video.mp4'));
    });
    expect(await refusal([a, t, c], t)).toContain('video.mp4: is a link');
  });

  it('through the CLI: exit 1 and the shard named, no stack trace', () => {
    const r = genFrames(['concat', '--out', join(root, 'cli-gap'), a, c]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(c);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--shard K/N renders: joined equal to the single render; a shard left out', async () => {
    // Three shards of 5 GOPs: frames 0-9, 10-29 and 30-49.
    const [s0, s1, s2] = [0, 1, 2].map((k) => render(`shard-${k}`, '0-49', ['--shard', `${k}/3`]));
    const joined = await concatShards(join(root, 'joined-shards'), [s2, s0, s1], quiet);
    expect(joined.frames).toEqual(manifestOf(single).frames);
    expect(joined.options).toEqual(manifestOf(single).options);
    expect(decodedHashes(join(root, 'joined-shards', 'video.mp4'))).toEqual(
      decodedHashes(join(single, 'video.mp4')),
    );
    const message = await refusal([s0, s1], s1);
    expect(message).toContain('shard 2/3 missing');
  });
});
