import { basename, join, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { ArgumentsCamelCase, CommandModule, InferredOptionTypes } from 'yargs';
import { ChromiumHost } from '../host/chromium/chromium-host.js';
import { chromiumPath } from '../host/chromium/launch-chromium.js';
import { DawnHost } from '../host/dawn/dawn-host.js';
import { encodeScene } from '../scene/scene-data.js';
import { makeScene } from './make-scene.js';
import { PngSink } from '../encode/png-sink.js';
import { Mp4Sink, ffmpegBinary } from '../encode/mp4-sink.js';
import { ManifestWriter, type Manifest } from '../encode/manifest.js';
import type { FrameSink } from '../encode/frame-sink.js';
import { renderFrames } from '../render/render-frames.js';
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

const options = { ...seedOption, ...renderOptions, ...inputOptions, ...pictureOptions };
type RenderArgs = ArgumentsCamelCase<InferredOptionTypes<typeof options>>;

/** "portglow · marx-cc.csv.gz" for a file, "portglow · synthetic day (seed 42)" otherwise. */
function defaultTitle(source: string): string {
  if (source.startsWith('file:')) return `portglow · ${basename(source.slice(5))}`;
  if (source.startsWith('files:'))
    return `portglow · ${source
      .slice(6)
      .split(',')
      .map((p) => basename(p))
      .join(', ')}`;
  return `portglow · synthetic traffic (seed ${source.split(':')[1]})`;
}

/** Renders; returns the exit code (0, or 130/143 when stopped by SIGINT/SIGTERM). */
export async function runRender(
  argv: RenderArgs,
  log: (line: string) => void = console.error,
): Promise<number> {
  const [width, height] = frameSize(argv);
  const captionFile = argv.captions ? readCaptions(argv.captions) : [];
  const input = await loadInput(argv, log);
  const picture = {
    width, height, seed: argv.seed, travel: argv.travel, decay: argv.decay, view: argv.view as 'ports' | 'hosts',
    theme: argv.theme as 'dark' | 'light', transparent: argv.transparent, title: argv.title ?? defaultTitle(input.source),
    callouts: argv.callouts, captions: captionsFor(captionFile, input.notes, input.binSeconds), palette: argv.palette as PaletteName,
  }; // prettier-ignore
  const { timeline, scene } = makeScene(input, picture, log);
  if (timeline.binCount === 0) throw new UserError('the input has no rows to render in the chosen span');
  const last = timeline.binCount - 1;
  const [first, final] = argv.frames ?? [0, last];
  if (final > last)
    throw new UserError(`--frames ${first}-${final} is past the last frame ${last} of this input`);
  const gop = argv.fps;
  const span = argv.shard ? shardRange(first, final, argv.shard[0], argv.shard[1], gop) : [first, final];
  const out = resolve(argv.out);
  await mkdir(out, { recursive: true });
  const wantPng = argv.format !== 'mp4';
  const wantVideo = argv.format !== 'png';
  // Exit 2 for a missing browser or ffmpeg before anything is written.
  const chromium = argv.gpuHost === 'chromium' ? chromiumPath(argv.chromium) : undefined;
  if (wantVideo && picture.transparent)
    throw new UserError('--transparent needs --format png (a video has no alpha)');
  if (wantVideo || argv.preview) ffmpegBinary();
  const [from, to] = span ?? [first, first - 1];
  // The scene's digest covers everything the frames depend on besides the input (layout, font, colours,
  // tables): a render by another version of the tool never reuses or joins these frames.
  const sceneBytes = encodeScene(scene);
  const sceneDigest = createHash('sha256').update(sceneBytes).digest('hex');
  const opts = {
    seed: argv.seed, width, height, fps: argv.fps, travel: argv.travel, decay: argv.decay,
    bin: input.binSeconds, format: argv.format, gop, view: picture.view, theme: picture.theme,
    transparent: picture.transparent, title: picture.title, callouts: picture.callouts, scene: sceneDigest, from, to,
  }; // prettier-ignore
  const existing = wantPng
    ? await existingFrames(out, { options: opts, digest: input.digest }, from, to)
    : new Map();
  if (existing.size) log(`resuming: ${existing.size} frames of ${from}-${to} are already in ${out}`);

  const sinks: FrameSink[] = [];
  const png = wantPng ? await PngSink.create(out, width, height, picture.transparent) : undefined;
  if (png) sinks.push(png);
  if (wantVideo) sinks.push(new Mp4Sink({ path: join(out, 'video.mp4'), width, height, fps: argv.fps, gop }));
  if (argv.preview) {
    const path = resolve(argv.preview);
    sinks.push(
      new Mp4Sink({ path, width, height, fps: argv.fps, output: 'gif', previewWidth: 640, previewStep: 2 }),
    );
  }
  const records = new Map<number, string>();
  let videoDone = false;
  let adapter = '';
  const manifest = new ManifestWriter(join(out, 'manifest.json'), (): Manifest => {
    const claimed = [...records.keys()]
      .filter((f) => (png ? png.written.has(f) || existing.has(f) : videoDone))
      .sort((a, b) => a - b);
    return {
      tool: 'portglow gen-frames', version: '0.1.0', options: opts,
      input: { source: input.source, digest: input.digest, rows: input.rows.length },
      config: recordedOptions(argv),
      width, height, adapter,
      ...(argv.shard ? { shard: { index: argv.shard[0], count: argv.shard[1] } } : {}),
      video: videoDone ? 'video.mp4' : null,
      complete: claimed.length === to - from + 1 && (!wantVideo || videoDone),
      frames: claimed.map((index) => ({ index, sha256: records.get(index)! })),
    }; // prettier-ignore
  });

  const stop = new AbortController();
  let signal: NodeJS.Signals | undefined;
  const onSignal = (s: NodeJS.Signals) => {
    signal = s;
    log(`${s}: stopping after the frames in hand; the manifest will list what is finished`);
    stop.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const where = argv.shard ? ` (shard ${argv.shard[0]}/${argv.shard[1]})` : '';
    log(`rendering frames ${from}-${to}${where} at ${width}x${height} to ${out}`);
    const progress = startProgress(to - from + 1, argv.progress ?? process.stderr.isTTY, log);
    const started = performance.now();
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
      from,
      to,
      sinks,
      existing,
      log,
      signal: stop.signal,
      onFrame: (r) => {
        records.set(r.index, r.sha256);
        progress.tick(r.index);
        manifest.tick();
      },
    });
    progress.stop();
    videoDone = wantVideo && !result.stopped;
    await manifest.flush();
    const seconds = (performance.now() - started) / 1000;
    const rendered = result.frames.length - result.reused;
    log(
      `${rendered} frames rendered, ${result.reused} reused, in ${seconds.toFixed(1)} s ` +
        `(${(rendered / seconds).toFixed(1)} frames/s)` +
        (result.restarts ? `, ${result.restarts} host restarts` : ''),
    );
    return signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 0;
  } catch (e) {
    await manifest.flush().catch(() => undefined);
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
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
