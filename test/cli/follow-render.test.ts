/**
 * --follow end to end: a CSV grows in steps while the render runs; frames appear only once their bins
 * have closed, equal byte for byte a batch render of the same rows made afterwards, and the --hls
 * stream plays while rows are still coming: ffprobe decodes the playlist (init segment + fMP4 segments),
 * and Chromium, which has no native HLS, plays the listed segments through Media Source Extensions as an
 * HLS player in a page (hls.js) does.
 * Ctrl-C leaves a manifest that lists exactly the frames on disk. The GPU core runs in Node (Dawn).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../../src/host/chromium/launch-chromium.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gen-frames.js');
const T0 = Date.parse('2024-03-01T12:00:00Z') / 1000;
const LIVE_CC = ['CN', 'US', 'RU', 'BR', 'VN', 'IR', 'KR'];
const LIVE_PORTS = [22, 23, 80, 443, 53, 123, 3389, 8080, 5060, 1900, 31337];
const HEADER = 'time,src,proto,dport,cc\n';

const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');
const line = (t: number, i: number, ccs: string[], ports: number[]) =>
  `${iso(t)},198.51.100.${(i % 250) + 1},${i % 3 === 0 ? 'udp' : 'tcp'},${ports[(i * 5) % ports.length]},${ccs[(i * 7) % ccs.length]}\n`;

/** Three rows a second over [a, b) seconds after 12:00, from countries and ports the layout only partly knows. */
function liveRows(a: number, b: number): string {
  let s = '';
  for (let t = a; t < b; t++) for (let k = 0; k < 3; k++) s += line(T0 + t, t * 3 + k, LIVE_CC, LIVE_PORTS);
  return s;
}

/** The layout's reference: an hour the day before, four countries, six ports. */
function refRows(): string {
  let s = HEADER;
  for (let t = 0; t < 3600; t += 6)
    s += line(T0 - 86400 + t, t, ['CN', 'US', 'RU', 'BR'], [22, 23, 80, 443, 53, 123]);
  return s;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'portglow-follow-'));
  writeFileSync(join(dir, 'ref.csv'), refRows());
  const grow = join(dir, 'grow.csv');
  // 12 frames of 5 s from 12:00 to 12:01, 4 frames/s (a 4-frame GOP: one HLS segment a second).
  const args = (out: string) => [
    '--input', grow, '--layout-from', join(dir, 'ref.csv'), '--no-callouts', '--from', iso(T0), '--to', iso(T0 + 60),
    '--bin', '5s', '--fps', '4', '--size', '320x180', '--gpu-host', 'node', '--format', 'png', '--out', out,
  ]; // prettier-ignore
  return { dir, grow, args };
}

function start(args: string[]) {
  const child = spawn(process.execPath, [BIN, '--follow', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exit, stderr: () => stderr };
}

async function waitFor(what: string, cond: () => boolean, ms = 90_000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function manifest(
  out: string,
): { frames: { index: number; digest: string }[]; complete: boolean } | undefined {
  const path = join(out, 'manifest.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}
const listed = (out: string) => manifest(out)?.frames.map((f) => f.index) ?? [];
const onDisk = (out: string) =>
  readdirSync(out)
    .filter((n) => /^frame-\d+\.png$/.test(n))
    .map((n) => Number(n.slice(6, 12)))
    .sort((a, b) => a - b);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/** Pictures ffprobe decodes from a playlist or a media file. */
function decodedPictures(path: string): number {
  const r = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0',
    '-show_entries', 'stream=nb_read_frames', '-of', 'json', path], { encoding: 'utf8', timeout: 60_000 }); // prettier-ignore
  expect(r.status, r.stderr).toBe(0);
  // A playlist is also listed as a program holding the stream: the streams list has it once.
  return Number(
    (JSON.parse(r.stdout) as { streams: { nb_read_frames: string }[] }).streams[0].nb_read_frames,
  );
}

/** The init segment and the segments a playlist lists so far, in order. */
function listedMedia(hls: string): Buffer[] {
  const playlist = readFileSync(join(hls, 'playlist.m3u8'), 'utf8');
  const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(playlist)![1];
  const segments = playlist.split('\n').filter((l) => l && !l.startsWith('#'));
  return [init, ...segments].map((name) => readFileSync(join(hls, name)));
}

/**
 * What Chromium makes of the stream listed so far: the init segment and every listed segment appended
 * to a Media Source buffer of a muted <video>, which then plays for a moment.
 */
async function playInChromium(hls: string) {
  const media = listedMedia(hls);
  // The codec string from the init segment's avcC box: profile, compatibility, level.
  const at = media[0].indexOf('avcC') + 5;
  const codec = `avc1.${media[0].subarray(at, at + 3).toString('hex')}`;
  const parts = media.map((b) => b.toString('base64'));
  const chromium = await launchChromium(chromiumPath());
  try {
    const page = (await chromium.browser.pages())[0] ?? (await chromium.browser.newPage());
    return await page.evaluate(
      async (type: string, parts: string[]) => {
        const video = document.createElement('video');
        video.muted = true;
        document.body.append(video);
        const source = new MediaSource();
        video.src = URL.createObjectURL(source);
        await new Promise((r) => source.addEventListener('sourceopen', r, { once: true }));
        const buffer = source.addSourceBuffer(type);
        for (const b64 of parts) {
          buffer.appendBuffer(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
          await new Promise((r, j) => {
            buffer.onupdateend = r;
            buffer.onerror = j;
          });
        }
        await video.play();
        const until = performance.now() + 10_000;
        while (video.currentTime === 0 && performance.now() < until)
          await new Promise((r) => setTimeout(r, 50));
        return {
          segments: parts.length - 1,
          buffered: buffer.buffered.length ? buffer.buffered.end(0) : 0,
          width: video.videoWidth,
          playing: video.currentTime > 0,
          error: video.error?.code ?? 0,
        };
      },
      `video/mp4; codecs="${codec}"`,
      parts,
    );
  } finally {
    await chromium.close();
  }
}

describe('gen-frames --follow', () => {
  it('writes each frame once its bin closes, equal to a later batch render; the HLS stream decodes while it grows', async () => {
    const { dir, grow, args } = setup();
    const out = join(dir, 'follow');
    const hls = join(dir, 'hls');
    writeFileSync(grow, HEADER + liveRows(0, 20));
    const run = start([...args(out), '--hls', hls]);
    // Rows up to 12:00:19 close bins 0-2 ([0, 15 s)); bin 3 ([15, 20 s)) waits for a later row.
    await waitFor('frames 0-2', () => listed(out).length >= 3);
    await new Promise((r) => setTimeout(r, 1500));
    expect(listed(out)).toEqual(range(0, 2));
    expect(onDisk(out)).toEqual(range(0, 2));

    appendFileSync(grow, liveRows(20, 40));
    await waitFor('frames 0-6', () => listed(out).length >= 7);
    expect(onDisk(out)).toEqual(range(0, 6));
    // The stream so far: a growing EVENT playlist with whole segments, no end yet, and it decodes.
    const playlist = join(hls, 'playlist.m3u8');
    await waitFor(
      'a first segment',
      () => existsSync(playlist) && readFileSync(playlist, 'utf8').includes('#EXTINF'),
    );
    const live = readFileSync(playlist, 'utf8');
    expect(live).toContain('#EXT-X-PLAYLIST-TYPE:EVENT');
    expect(live).toContain('#EXT-X-MAP:URI="init.mp4"');
    expect(live).not.toContain('#EXT-X-ENDLIST');
    // A live playlist makes ffprobe wait for more segments, so what it lists is decoded as a player
    // reads it: the init segment, then each segment.
    const sofar = join(dir, 'sofar.mp4');
    writeFileSync(sofar, Buffer.concat(listedMedia(hls)));
    const early = decodedPictures(sofar);
    expect(early % 4).toBe(0);
    expect(early).toBeGreaterThanOrEqual(4);
    expect(early).toBeLessThanOrEqual(7);
    const played = await playInChromium(hls);
    expect(played).toMatchObject({ width: 320, playing: true, error: 0 });
    expect(played.segments).toBeGreaterThanOrEqual(1);
    expect(played.buffered).toBeGreaterThanOrEqual(played.segments * 0.99);
    expect(listed(out)).not.toContain(11); // still growing: the rows for the last frames are not in yet

    // The last rows, then one past --to: every bin closes and the render ends by itself.
    appendFileSync(grow, liveRows(40, 60) + line(T0 + 61, 0, LIVE_CC, LIVE_PORTS));
    expect(await run.exit, run.stderr()).toBe(0);
    const followed = manifest(out)!;
    expect(followed.complete).toBe(true);
    expect(followed.frames.map((f) => f.index)).toEqual(range(0, 11));
    expect(readFileSync(playlist, 'utf8')).toContain('#EXT-X-ENDLIST');
    expect(decodedPictures(playlist)).toBe(12);

    // A batch render of the same rows, now that they are all there, with the options the followed
    // render's manifest records (all but --follow and --hls): the same bytes, frame by frame.
    const batch = join(dir, 'batch');
    const b = spawnSync(process.execPath, [BIN, '--config', join(out, 'manifest.json'), '--out', batch], { encoding: 'utf8' }); // prettier-ignore
    expect(b.status, b.stderr).toBe(0);
    expect(manifest(batch)!.frames).toEqual(followed.frames);
    for (const f of range(0, 11)) {
      const name = `frame-${String(f).padStart(6, '0')}.png`;
      expect(readFileSync(join(batch, name)).equals(readFileSync(join(out, name))), name).toBe(true);
    }
    // The frames do show the rows: later frames differ from the first.
    expect(new Set(followed.frames.map((f) => f.digest)).size).toBeGreaterThan(6);
  });

  it('Ctrl-C leaves a manifest listing exactly the frames on disk, and an ended stream', async () => {
    const { dir, grow, args } = setup();
    const out = join(dir, 'follow');
    const hls = join(dir, 'hls');
    writeFileSync(grow, HEADER + liveRows(0, 45));
    const run = start([...args(out), '--hls', hls]);
    await waitFor('a first frame', () => listed(out).length >= 1);
    run.child.kill('SIGINT');
    expect(await run.exit, run.stderr()).toBe(130);
    const m = manifest(out)!;
    expect(m.complete).toBe(false);
    expect(m.frames.map((f) => f.index)).toEqual(onDisk(out));
    expect(readdirSync(out).filter((n) => n.includes('.partial'))).toEqual([]);
    expect(readFileSync(join(hls, 'playlist.m3u8'), 'utf8')).toContain('#EXT-X-ENDLIST');
  });

  it('a row that lands in a frame already written stops the render, naming the time', async () => {
    const { dir, grow, args } = setup();
    const out = join(dir, 'follow');
    writeFileSync(grow, HEADER + liveRows(0, 20));
    const run = start(args(out));
    await waitFor('frames 0-2', () => listed(out).length >= 3);
    appendFileSync(grow, line(T0 + 3, 1, LIVE_CC, LIVE_PORTS) + liveRows(20, 25));
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toContain(`a row before ${iso(T0 + 15)} arrived after frames 0-2 were written`);
    expect(run.stderr()).not.toMatch(/\n\s+at /);
    expect(listed(out)).toEqual(onDisk(out));
  });

  it('refuses what it cannot follow exactly, in one sentence', () => {
    const { dir, args } = setup();
    writeFileSync(join(dir, 'grow.csv'), HEADER);
    /** The follow arguments without `drop` (a flag, with its value unless it is --no-callouts), plus `extra`. */
    const refuse = (extra: string[], drop?: string) => {
      const a = args(join(dir, 'o'));
      const at = drop ? a.indexOf(drop) : -1;
      if (at >= 0) a.splice(at, drop === '--no-callouts' ? 1 : 2);
      const r = spawnSync(process.execPath, [BIN, ...a, ...extra], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      return r.stderr;
    };
    expect(refuse(['--follow'], '--layout-from')).toContain('--follow needs --layout-from FILE');
    expect(refuse(['--follow'], '--to')).toContain('--follow needs --from and --to');
    expect(refuse(['--follow'], '--no-callouts')).toContain('--layout-from needs --no-callouts');
    expect(refuse(['--hls', join(dir, 'h')])).toContain('--hls needs --follow');
    writeFileSync(join(dir, 'mine.txt'), 'x');
    expect(refuse(['--follow', '--hls', dir])).toContain('already holds');
    expect(readFileSync(join(dir, 'mine.txt'), 'utf8')).toBe('x');
  });
});
