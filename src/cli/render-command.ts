import { join, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { ArgumentsCamelCase, CommandModule, InferredOptionTypes } from 'yargs';
import { ChromiumHost } from '../../harness/chromium-host.js';
import { buildScene } from '../scene/build-scene.js';
import { encodeScene } from '../scene/scene-data.js';
import { buildTimeline } from '../timeline/build-timeline.js';
import { PngSink } from '../encode/png-sink.js';
import { Mp4Sink, ffmpegBinary } from '../encode/mp4-sink.js';
import { writeManifest } from '../encode/manifest.js';
import type { FrameSink } from '../encode/frame-sink.js';
import { renderFrames } from '../render/render-frames.js';
import { loadInput } from './load-input.js';
import { frameSize, renderOptions } from './render-options.js';
import { inputOptions, seedOption } from './input-options.js';
import { startProgress } from './progress.js';
import { UserError } from './user-error.js';

const options = { ...seedOption, ...renderOptions, ...inputOptions };
type RenderArgs = ArgumentsCamelCase<InferredOptionTypes<typeof options>>;

export async function runRender(argv: RenderArgs, log: (line: string) => void = console.error): Promise<void> {
  const [width, height] = frameSize(argv);
  const input = await loadInput(argv, log);
  const timeline = buildTimeline(input.rows, { binSeconds: input.binSeconds, start: input.start, end: input.end });
  if (timeline.binCount === 0) throw new UserError('the input has no rows to render in the chosen span');
  const last = timeline.binCount - 1;
  const [from, to] = argv.frames ?? [0, last];
  if (to > last) throw new UserError(`--frames ${from}-${to} is past the last frame ${last} of this input`);
  const scene = buildScene(timeline, { width, height, seed: argv.seed, travel: argv.travel, decay: argv.decay });

  const out = resolve(argv.out);
  await mkdir(out, { recursive: true });
  if (argv.format !== 'png') ffmpegBinary(); // exit 2 before starting Chromium if ffmpeg is missing
  const host = await ChromiumHost.start({ scene: encodeScene(scene), chromium: argv.chromium });
  const sinks: FrameSink[] = [];
  try {
    if (argv.format !== 'mp4') sinks.push(await PngSink.create(out, width, height));
    if (argv.format !== 'png') sinks.push(new Mp4Sink({ path: join(out, 'video.mp4'), width, height, fps: argv.fps }));
    log(`rendering frames ${from}-${to} at ${width}x${height} on ${host.adapter} to ${out}`);
    const progress = startProgress(to - from + 1, argv.progress ?? process.stderr.isTTY, log);
    const started = performance.now();
    const result = await renderFrames(host, { width, height }, { from, to }, sinks, (r) => progress.tick(r.index));
    progress.stop();
    const seconds = (performance.now() - started) / 1000;
    await writeManifest(join(out, 'manifest.json'), {
      tool: 'portglow gen-frames',
      version: '0.1.0',
      options: { seed: argv.seed, width, height, fps: argv.fps, travel: argv.travel, decay: argv.decay, from, to },
      input: { source: input.source, digest: input.digest, rows: input.rows.length },
      width,
      height,
      adapter: host.adapter,
      frames: result.frames,
    });
    log(`${result.frames.length} frames in ${seconds.toFixed(1)} s (${(result.frames.length / seconds).toFixed(1)} frames/s)`);
  } finally {
    await host.close();
  }
}

export const renderCommand: CommandModule<object, RenderArgs> = {
  command: '$0',
  describe: 'Render the ports view of the input (default: a synthetic day for --seed) to PNG frames and MP4',
  builder: (y) => y.options(options) as never,
  handler: (argv) => runRender(argv),
};
