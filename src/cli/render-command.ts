import { join, resolve } from 'node:path';
import { availableParallelism, totalmem } from 'node:os';
import { defaultTitle } from './default-title.js';
import { stopOnSignals } from './stop-codes.js';
export { defaultTitle } from './default-title.js';
import { createHash } from 'node:crypto';
import type { ArgumentsCamelCase, CommandModule, InferredOptionTypes, Options } from 'yargs';
import { chromiumPath } from '../host/chromium/launch-chromium.js';
import { HostStarter } from './host-starter.js';
import type { LoadedInput } from '../ingest/read-input.js';
import type { Caption } from '../ingest/read-captions.js';
import { encodeScene } from '../scene/scene-data.js';
import { makeScene, pinnedTimeline, viewTimeline } from './make-scene.js';
import { loadSharp, PngSink } from '../encode/png-sink.js';
import { Mp4Sink } from '../encode/mp4-sink.js';
import { openMp4 } from '../encode/chunked-mp4-sink.js';
import { mp4EncoderCount, parseMp4Encoders } from '../encode/mp4-encoders.js';
import { ffmpegBinary } from '../encode/ffmpeg.js';
import { ManifestWriter, TOOL, VERSION, type Manifest } from '../encode/manifest.js';
import type { FrameSink } from '../encode/frame-sink.js';
import { claimOutDir } from '../encode/out-dir.js';
import { MANIFEST_FILE, VIDEO_FILE, newRunId } from '../encode/output-names.js';
import { outputError } from '../encode/output-error.js';
import { checkOutputPaths } from './output-paths.js';
import { renderFrames } from '../render/render-frames.js';
import { cpuFrame } from '../gpu/cpu-frame.js';
import { shardRange } from '../render/frame-ranges.js';
import { existingFrames } from '../render/resume.js';
import { loadInput } from './load-input.js';
import { frameSize, renderOptions } from './render-options.js';
import { inputOptions, seedOption } from './input-options.js';
import { startProgress } from './progress.js';
import { printConfig, recordedOptions, withConfig } from './config.js';
import { pictureOptions, captionsFor, readCaptions } from './picture-options.js';
import type { PaletteName } from '../scene/palette.js';
import { UserError } from '../errors.js';
import { FRAME_HASH } from '../frame-hash.js';
import { DEFAULT_X264_PRESET, checkX264, splitsExactly, type X264Preset } from '../encode/x264-options.js';
import { checkRenderFrames } from '../timeline/frame-budget.js';
import { layoutOption, loadLayout } from './layout-from.js';
import { followOptions, runFollow } from './follow-render.js';
import { traceMark } from '../trace.js';
import { dawnPollOverride } from '../host/dawn/gentle-polling.js';

const outputOptions = {
  overwrite: {
    type: 'boolean',
    default: false,
    describe:
      'Render into an --out folder that holds another render: its gen-frames files (frames, video.mp4, ' +
      'manifest.json) and the --preview file are removed first; nothing else there is touched',
  },
} satisfies Record<string, Options>;
const options = {
  ...seedOption, ...renderOptions, ...inputOptions, ...pictureOptions, ...outputOptions, ...layoutOption, ...followOptions,
}; // prettier-ignore
export type RenderArgs = ArgumentsCamelCase<InferredOptionTypes<typeof options>>;

/** Renders; returns the exit code (0, or 129/130/143 when stopped by SIGHUP/SIGINT/SIGTERM). */
export async function runRender(
  argv: RenderArgs,
  log: (line: string) => void = console.error,
): Promise<number> {
  try {
    return await render(argv, log);
  } catch (e) {
    // An OS error on an output (ENOSPC, EROFS, EACCES, …) is a sentence with the path, not a stack.
    throw outputError(e) ?? e;
  }
}

async function render(argv: RenderArgs, log: (line: string) => void): Promise<number> {
  if (argv.follow) return runFollow(argv, log);
  if (argv.hls !== undefined)
    throw new UserError('--hls needs --follow (a batch render writes video.mp4 in --out instead)');
  const [width, height] = frameSize(argv);
  const out = resolve(argv.out);
  const previewPath = argv.preview ? resolve(argv.preview) : undefined;
  // Before the input is read (which opens --rejects for writing): no output may land on the input.
  await checkOutputPaths({ input: argv.input, rejects: argv.rejects, preview: argv.preview, out });
  const captionFile = argv.captions ? readCaptions(argv.captions) : [];
  const layout = await loadLayout(argv, log);
  const wantPng = argv.format !== 'mp4';
  const wantVideo = argv.format !== 'png';
  // Exit 2 for a missing browser or ffmpeg before anything is written.
  const chromium = argv.gpuHost === 'chromium' ? chromiumPath(argv.chromium) : undefined;
  if (wantVideo && argv.transparent)
    throw new UserError('--transparent needs --format png (a video has no alpha)');
  const x264 = checkX264({ preset: argv.x264Preset as X264Preset | undefined, crf: argv.crf });
  if (argv.shard && !splitsExactly(x264))
    throw new UserError(
      '--crf cannot be split with --shard (its rate control spans GOPs); drop --crf or --shard',
    );
  const encoders = wantVideo
    ? mp4EncoderCount(parseMp4Encoders(argv.mp4Encoders), {
        cores: availableParallelism(), memory: totalmem(), frameBytes: width * height * 4, gop: argv.fps,
        splitsExactly: splitsExactly(x264),
      }) // prettier-ignore
    : 1;
  if (wantVideo || argv.preview) ffmpegBinary();
  if (argv.gpuHost === 'node') dawnPollOverride(); // a wrong PORTGLOW_DAWN_POLL, before any output
  if (wantPng) loadSharp();
  traceMark('options checked');
  const hosts = new HostStarter({ gpuHost: argv.gpuHost as 'chromium' | 'node', chromium, log });
  try {
    // Dawn's pipelines compile on its threads while the input is read and the scene built.
    hosts.openDevice();
    const input = await loadInput(argv, log);
    traceMark('input read');
    const checked = {
      width,
      height,
      out,
      previewPath,
      captionFile,
      wantPng,
      wantVideo,
      x264,
      encoders,
      layout,
    };
    return await renderInput(argv, log, input, hosts, checked);
  } finally {
    await hosts.close();
  }
}

/** What render() checked before the input was read. */
interface Checked {
  width: number;
  height: number;
  out: string;
  previewPath: string | undefined;
  captionFile: Caption[];
  wantPng: boolean;
  wantVideo: boolean;
  x264: ReturnType<typeof checkX264>;
  /** ffmpeg processes for the MP4 (--mp4-encoders). */
  encoders: number;
  /** --layout-from's layout, when given. */
  layout: Awaited<ReturnType<typeof loadLayout>>;
}

async function renderInput(
  argv: RenderArgs,
  log: (line: string) => void,
  input: LoadedInput,
  hosts: HostStarter,
  { width, height, out, previewPath, captionFile, wantPng, wantVideo, x264, encoders, layout }: Checked,
): Promise<number> {
  const picture = {
    width, height, seed: argv.seed, travel: argv.travel, decay: argv.decay, view: argv.view as 'ports' | 'hosts',
    theme: argv.theme as 'dark' | 'light', transparent: argv.transparent, title: argv.title ?? defaultTitle(input.source),
    callouts: argv.callouts, captions: captionsFor(captionFile, layout ? [] : input.notes, input.binSeconds), palette: argv.palette as PaletteName,
  }; // prettier-ignore
  const span0 = { binSeconds: input.binSeconds, start: input.start, end: input.end };
  const view = layout
    ? { timeline: pinnedTimeline(input.rows, span0, layout) }
    : viewTimeline(input, picture.view);
  const { timeline } = view;
  if (timeline.binCount === 0) throw new UserError('the input has no rows to render in the chosen span');
  const last = timeline.binCount - 1;
  const [first, final] = argv.frames ?? [0, last];
  if (final > last)
    throw new UserError(`--frames ${first}-${final} is past the last frame ${last} of this input`);
  const gop = argv.fps;
  const span = argv.shard ? shardRange(first, final, argv.shard[0], argv.shard[1], gop) : [first, final];
  if (span) checkRenderFrames(span[0], span[1], gop);
  const [from, to] = span ?? [first, first - 1];
  // The frames to render are known and valid. When the GPU host draws the first frame, Chromium starts
  // now (in its own processes) while the events and the scene are built here; its page compiles the
  // pipelines, then waits for the scene. When the first frame is drawn on the CPU, Chromium is launched
  // once it is drawn (see drawOnCpu below).
  traceMark('timeline built');
  if (span && !argv.cpuFirst) {
    await hosts.launch();
    traceMark('host launched');
  }
  const { scene } = makeScene(input, picture, log, { view, layout });
  // The scene's digest covers everything the frames depend on besides the input (layout, font, colours,
  // tables): a render by another version of the tool never reuses or joins these frames.
  const sceneBytes = encodeScene(scene);
  hosts.setScene(sceneBytes);
  traceMark('scene built');
  const sceneDigest = createHash('sha256').update(sceneBytes).digest('hex');
  const opts = {
    seed: argv.seed, width, height, fps: argv.fps, travel: argv.travel, decay: argv.decay,
    bin: input.binSeconds, format: argv.format, gop, view: picture.view, theme: picture.theme,
    transparent: picture.transparent, title: picture.title, callouts: picture.callouts, scene: sceneDigest, from, to,
    // Recorded only when given, so that folders of renders before these options still resume and join.
    ...(layout ? { layout: layout.digest } : {}),
    ...(x264.preset && x264.preset !== DEFAULT_X264_PRESET ? { x264Preset: x264.preset } : {}), ...(x264.crf !== undefined ? { crf: x264.crf } : {}),
  }; // prettier-ignore
  const identity = { options: opts, input: { source: input.source, digest: input.digest, rows: input.rows.length },
    width, height, version: VERSION }; // prettier-ignore
  // The folder is this render's from here on: locked, and holding nothing of anyone else's.
  const runId = newRunId();
  const claim = await claimOutDir({
    dir: out, identity, from, to, wantsVideo: wantVideo, preview: previewPath, overwrite: argv.overwrite, runId, log,
  }); // prettier-ignore
  const stopper = stopOnSignals(log);
  const stop = stopper.abort;
  let manifest: ManifestWriter | undefined;
  try {
    const existing = wantPng ? await existingFrames(out, claim.previous, from, to) : new Map();
    if (existing.size) log(`resuming: ${existing.size} frames of ${from}-${to} are already in ${out}`);

    const sinks: FrameSink[] = [];
    const png = wantPng ? await PngSink.create(out, width, height, picture.transparent, runId) : undefined;
    if (png) sinks.push(png);
    const video = wantVideo
      ? openMp4({ path: join(out, VIDEO_FILE), width, height, fps: argv.fps, gop, runId, encoders, ...x264 })
      : undefined;
    if (video) sinks.push(video);
    if (previewPath) {
      sinks.push(new Mp4Sink({ path: previewPath, width, height, fps: argv.fps, output: 'gif', previewWidth: 640, previewStep: 2, runId })); // prettier-ignore
    }
    const records = new Map<number, string>();
    let finished = false;
    let adapter = '';
    const writer = new ManifestWriter(
      join(out, MANIFEST_FILE),
      (): Manifest => {
        // Only whole frames: a PNG once renamed to its final name; a video once it is complete.
        const claimed = [...records.keys()]
          .filter((f) => (png ? png.written.has(f) || existing.has(f) : finished))
          .sort((a, b) => a - b);
        return {
          tool: TOOL, ...identity, config: recordedOptions(argv), adapter,
          ...(argv.shard ? { shard: { index: argv.shard[0], count: argv.shard[1] } } : {}),
          video: video && finished ? VIDEO_FILE : null,
          ...(video && finished ? { videoFrames: video.pictureHashes } : {}),
          preview: previewPath && finished ? previewPath : null,
          complete: claimed.length === to - from + 1 && finished,
          hash: FRAME_HASH,
          frames: claimed.map((index) => ({ index, digest: records.get(index)! })),
        }; // prettier-ignore
      },
      runId,
    );
    manifest = writer;

    const where = argv.shard ? ` (shard ${argv.shard[0]}/${argv.shard[1]})` : '';
    log(`rendering frames ${from}-${to}${where} at ${width}x${height} to ${out}`);
    if (encoders > 1) log(`MP4 in ${encoders} parallel encoders, GOP by GOP, joined without re-encoding`);
    const progress = startProgress(to - from + 1, argv.progress ?? process.stderr.isTTY, log);
    const started = performance.now();
    const result = await renderFrames({
      startHost: async () => {
        const host = await hosts.start();
        traceMark('host ready');
        adapter = host.adapter;
        return host;
      },
      size: { width, height },
      from,
      to,
      sinks,
      existing,
      drawOnCpu: argv.cpuFirst
        ? (f, into) => {
            cpuFrame(scene, f, into);
            traceMark('first frame drawn on the CPU');
            // Only now: launching Chromium (0.25 s of module loading on this thread, then its start on
            // every core) before the draw held the first frame back by 0.6 s on 2 cores, and did not
            // bring the GPU's first frame sooner there. Not at all when no frame is left for the host.
            if (hostNeededAfter(f, to, existing)) void hosts.launch();
            // Named until a GPU host renders the rest (a render of one frame never starts one).
            adapter ||= 'CPU (src/gpu/cpu-frame.ts)';
          }
        : undefined,
      log,
      signal: stop.signal,
      onFrame: (r) => {
        if (r.index === from) traceMark('first frame recorded');
        records.set(r.index, r.digest);
        progress.tick(r.index);
        writer.tick();
      },
    });
    progress.stop();
    finished = !result.stopped;
    await writer.flush();
    const seconds = (performance.now() - started) / 1000;
    const rendered = result.frames.length - result.reused;
    log(
      `${rendered} frames rendered, ${result.reused} reused, in ${seconds.toFixed(1)} s ` +
        `(${(rendered / seconds).toFixed(1)} frames/s)` +
        (result.restarts ? `, ${result.restarts} host restarts` : ''),
    );
    return stopper.exitCode();
  } catch (e) {
    await manifest?.flush().catch(() => undefined);
    throw e;
  } finally {
    stopper.release();
    await claim.lock.release();
  }
}

export const renderCommand: CommandModule<object, RenderArgs> = {
  command: '$0',
  describe: 'Render the ports view of the input (default: a synthetic day for --seed) to PNG frames and MP4',
  builder: (y) => withConfig(y, options) as never,
  handler: async (argv) => {
    if ((argv as { printConfig?: boolean }).printConfig) return void process.stdout.write(printConfig(argv));
    process.exitCode = await runRender(argv);
  },
};

/** Whether a frame after f (up to `to`) is still to be rendered, that is, not reused from disk. */
function hostNeededAfter(f: number, to: number, existing: Map<number, unknown>): boolean {
  for (let g = f + 1; g <= to; g++) if (!existing.has(g)) return true;
  return false;
}
