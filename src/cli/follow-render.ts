/**
 * `--follow`: a render that keeps reading its growing input (a log being appended to, or standard
 * input) and writes each frame once its bin has closed, as PNG frames with a manifest in --out and,
 * with `--hls DIR`, a live HLS stream.
 *
 * Frame f draws the bubbles and glows of bins f-travel-decay … f and the running totals up to f; under
 * a layout pinned by --layout-from (no callouts, input notes not shown, --from/--to fixing the frame
 * count) that is all it depends on. So bin b is *closed*, and frame b final, once a row at or after
 * end(b) + --follow-lag has been read (or standard input has ended): later rows cannot land in it. A
 * row that still lands in a written frame (out of time order by more than the lag) stops the render
 * with an error, as the written frames would no longer be those of a batch render of the same rows.
 */
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Options } from 'yargs';
import { ChromiumHost } from '../host/chromium/chromium-host.js';
import { chromiumPath } from '../host/chromium/launch-chromium.js';
import { DawnHost } from '../host/dawn/dawn-host.js';
import { encodeScene } from '../scene/scene-data.js';
import { PngSink } from '../encode/png-sink.js';
import { HlsSink, claimHlsDir } from '../encode/hls-sink.js';
import { ffmpegBinary } from '../encode/ffmpeg.js';
import { ManifestWriter, TOOL, VERSION, type Manifest } from '../encode/manifest.js';
import type { FrameSink } from '../encode/frame-sink.js';
import { claimOutDir } from '../encode/out-dir.js';
import { MANIFEST_FILE, newRunId } from '../encode/output-names.js';
import { renderFrames } from '../render/render-frames.js';
import { readInput } from '../ingest/read-input.js';
import { GrowingInput } from '../ingest/growing-input.js';
import { STDIN } from '../ingest/open-input.js';
import type { PacketRow } from '../ingest/packet-row.js';
import { checkTimelineSpan } from '../timeline/frame-budget.js';
import { UserError } from '../errors.js';
import { FRAME_HASH } from '../frame-hash.js';
import { DEFAULT_X264_PRESET, checkX264, type X264Preset } from '../encode/x264-options.js';
import { checkOutputPaths } from './output-paths.js';
import { frameSize } from './render-options.js';
import { inputOptionsFromArgv, parseDuration } from './input-options.js';
import { recordedOptions } from './config.js';
import { captionsFor, readCaptions } from './picture-options.js';
import type { PaletteName } from '../scene/palette.js';
import { makePinnedScene } from './make-scene.js';
import { loadLayout } from './layout-from.js';
import { defaultTitle } from './default-title.js';
import { stopOnSignals } from './stop-codes.js';
import type { RenderArgs } from './render-command.js';

export const followOptions = {
  follow: {
    type: 'boolean',
    default: false,
    describe:
      'Keep reading the growing --input (a log being appended to, or - for standard input) and write each frame once its bin has closed; needs --from, --to, --layout-from and --no-callouts',
  },
  'follow-lag': {
    type: 'string',
    describe: 'With --follow: a bin closes once a row this much past its end is read, e.g. 30s (default 0)',
    coerce: (v: unknown) => (String(v).trim() === '0' ? 0 : parseDuration('follow-lag', v)),
  },
  hls: {
    type: 'string',
    describe:
      'With --follow: also write a live HLS stream (playlist.m3u8, init.mp4, fMP4 segments) to this new or empty folder',
  },
} satisfies Record<string, Options>;

/** What --follow cannot do, as the sentence that says why and what to change; undefined when fine. */
export function followConflict(a: {
  input?: string[] | string;
  from?: number;
  to?: number;
  layoutFrom?: string;
  frames?: unknown;
  shard?: unknown;
  preview?: string;
  format: string;
  transparent: boolean;
  hls?: string;
}): string | undefined {
  const inputs = a.input === undefined ? [] : Array.isArray(a.input) ? a.input : [a.input];
  if (inputs.length !== 1)
    return '--follow needs one --input FILE to follow (or --input - for standard input)';
  if (a.from === undefined || a.to === undefined)
    return '--follow needs --from and --to: the span fixes the frame count (and the progress line) before the rows are in';
  if (a.layoutFrom === undefined)
    return (
      '--follow needs --layout-from FILE (e.g. an earlier log): the country rows and port labels of a growing ' +
      'log would change as rows arrive, changing frames already written'
    );
  if (a.frames !== undefined || a.shard !== undefined)
    return '--follow writes every frame of --from/--to as its bin closes; drop --frames and --shard';
  if (a.preview !== undefined)
    return '--follow cannot write a --preview GIF (its palette needs every frame); drop --preview';
  if (a.format === 'mp4')
    return '--follow writes PNG frames, and a live stream with --hls DIR; an MP4 cannot be read while it grows: use --format png';
  if (a.transparent && a.hls !== undefined) return '--transparent needs no --hls (a video has no alpha)';
  return undefined;
}

const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');

export async function runFollow(argv: RenderArgs, log: (line: string) => void): Promise<number> {
  const conflict = followConflict(argv);
  if (conflict) throw new UserError(conflict);
  const [width, height] = frameSize(argv);
  const out = resolve(argv.out);
  const hlsDir = argv.hls !== undefined ? resolve(argv.hls) : undefined;
  await checkOutputPaths({ input: argv.input, rejects: argv.rejects, out });
  const base = inputOptionsFromArgv(argv);
  const path = base.inputs[0];
  if (hlsDir && (hlsDir === out || (path !== STDIN && hlsDir === resolve(path))))
    throw new UserError(`--hls ${argv.hls} must be a folder of its own, not --out or the input`);
  const captionFile = argv.captions ? readCaptions(argv.captions) : [];
  const layout = (await loadLayout(argv, log))!;
  const bin = base.binSeconds;
  const start = argv.from!;
  const end = argv.to!;
  checkTimelineSpan(start, end, bin, '--from/--to');
  const last = Math.ceil((end - start) / bin) - 1;
  const lag = argv.followLag ?? 0;
  const source = `file:${path}`;
  const picture = {
    width, height, seed: argv.seed, travel: argv.travel, decay: argv.decay, view: 'ports' as const,
    theme: argv.theme as 'dark' | 'light', transparent: argv.transparent, title: argv.title ?? defaultTitle(source),
    callouts: false, captions: captionsFor(captionFile, [], bin), palette: argv.palette as PaletteName,
  }; // prettier-ignore
  const span = { binSeconds: bin, start, end };
  const chromium = argv.gpuHost === 'chromium' ? chromiumPath(argv.chromium) : undefined;
  const x264 = checkX264({ preset: argv.x264Preset as X264Preset | undefined, crf: argv.crf });
  if (hlsDir) ffmpegBinary();
  // The layout's digest (the scene of no rows): what the frames depend on besides the rows.
  const layoutDigest = createHash('sha256')
    .update(encodeScene(makePinnedScene([], span, picture, layout).scene))
    .digest('hex');
  const gop = argv.fps;
  const opts = {
    seed: argv.seed, width, height, fps: argv.fps, travel: argv.travel, decay: argv.decay, bin, format: 'png', gop,
    view: picture.view, theme: picture.theme, transparent: picture.transparent, title: picture.title, callouts: false,
    scene: layoutDigest, from: 0, to: last, layout: layout.digest, follow: true,
    ...(x264.preset && x264.preset !== DEFAULT_X264_PRESET ? { x264Preset: x264.preset } : {}), ...(x264.crf !== undefined ? { crf: x264.crf } : {}),
  }; // prettier-ignore
  const input = { source, digest: createHash('sha256').digest('hex'), rows: 0 };
  const identity = { options: opts, input, width, height, version: VERSION };
  const runId = newRunId();
  const claim = await claimOutDir({ dir: out, identity, from: 0, to: last, wantsVideo: false, overwrite: argv.overwrite, runId, log }); // prettier-ignore
  const stopper = stopOnSignals(log);
  const stop = stopper.abort;
  let png: PngSink | undefined;
  let hls: HlsSink | undefined;
  let writer: ManifestWriter | undefined;
  let growing: GrowingInput | undefined;
  try {
    if (hlsDir) await claimHlsDir(hlsDir);
    png = await PngSink.create(out, width, height, picture.transparent, runId);
    const pngs = png;
    hls = hlsDir ? new HlsSink(hlsDir, { width, height, fps: argv.fps, gop, ...x264 }) : undefined;
    const stream = hls;
    // renderFrames closes its sinks after each batch of closed frames: the stream stays open until the end.
    const sinks: FrameSink[] = [{ wantsExisting: false, write: (f, b, h) => pngs.write(f, b, h), close: () => pngs.close(), abort: () => pngs.abort() }]; // prettier-ignore
    if (stream) sinks.push({ wantsExisting: false, write: (f, b) => stream.write(f, b), close: async () => undefined, abort: async () => undefined }); // prettier-ignore
    const records = new Map<number, string>();
    let adapter = '';
    writer = new ManifestWriter(
      join(out, MANIFEST_FILE),
      (): Manifest => {
        // Only frames whose PNG is whole under its final name: exactly the frames on disk.
        const claimed = [...records.keys()].filter((f) => pngs.written.has(f)).sort((a, b) => a - b);
        return {
          tool: TOOL, ...identity, input: { ...input }, config: recordedOptions(argv), adapter, video: null, preview: null,
          complete: claimed.length === last + 1, hash: FRAME_HASH,
          frames: claimed.map((index) => ({ index, digest: records.get(index)! })),
        }; // prettier-ignore
      },
      runId,
    );
    const manifest = writer;
    if (claim.previous) log(`--follow renders afresh; the frames of the earlier run in ${out} are replaced`);
    log(`following ${path === STDIN ? 'standard input' : path}: frames 0-${last} of ${iso(start)}–${iso(end)} to ${out}${hlsDir ? ` and ${hlsDir}` : ''}`); // prettier-ignore
    const feed = new GrowingInput(path);
    growing = feed;
    const readOpts = {
      ...base,
      // Rows past --to still move the input's clock; the timeline leaves them out.
      selection: { ...base.selection, to: undefined },
      cacheDir: null,
      open: () => Promise.resolve(feed.opened()),
    };
    const inSpan = (rows: readonly PacketRow[], before: number) =>
      rows.reduce((n, r) => (r.time >= start && r.time < before ? n + 1 : n), 0);
    let next = 0;
    let drawn = 0;
    while (next <= last && !stop.signal.aborted) {
      const snap = await feed.next(stop.signal);
      if (!snap) break;
      const read = await readInput(readOpts);
      const cut = start + next * bin;
      if (inSpan(read.rows, cut) !== drawn)
        throw new UserError(
          `${path === STDIN ? 'stdin' : path}: a row before ${iso(cut)} arrived after frames 0-${next - 1} were written ` +
            '(rows must come in time order; --follow-lag SECONDS allows rows that late); the frames on disk stay as they were',
        );
      const clock = read.rows.reduce((m, r) => Math.max(m, r.time), -Infinity);
      const closed = snap.ended ? last : Math.min(last, Math.floor((clock - lag - start) / bin) - 1);
      if (closed < next) continue;
      const { scene } = makePinnedScene(read.rows, span, picture, layout);
      const sceneBytes = encodeScene(scene);
      input.digest = read.digest;
      input.rows = inSpan(read.rows, end);
      const result = await renderFrames({
        startHost: async () => {
          const host =
            argv.gpuHost === 'node'
              ? await DawnHost.start({ scene: sceneBytes, log })
              : await ChromiumHost.start({ scene: sceneBytes, chromium });
          adapter = host.adapter;
          return host;
        },
        size: { width, height },
        from: next,
        to: closed,
        sinks,
        log,
        signal: stop.signal,
        onFrame: (r) => {
          records.set(r.index, r.digest);
          manifest.tick();
        },
      });
      const done = result.frames.map((r) => r.index);
      if (done.length) {
        log(`frames ${next}-${Math.max(...done)} written (bins closed by the rows up to ${iso(clock)})`);
        next = Math.max(...done) + 1;
      }
      drawn = inSpan(read.rows, start + next * bin);
      await manifest.flush();
    }
    await png.close();
    // Ctrl-C in a terminal reaches ffmpeg too, which then ends the stream itself: not an error.
    if (hls) await (stopper.signal() ? hls.abort() : hls.close());
    await manifest.flush();
    if (next > last) log(`all ${last + 1} frames written`);
    return stopper.exitCode();
  } catch (e) {
    await png?.abort().catch(() => undefined);
    await hls?.abort().catch(() => undefined);
    await writer?.flush().catch(() => undefined);
    throw e;
  } finally {
    growing?.close();
    stopper.release();
    await claim.lock.release();
  }
}
