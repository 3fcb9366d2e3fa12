import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PngSink } from '../src/encode/png-sink.js';
import { copyFrame, type FrameSink } from '../src/encode/frame-sink.js';
import { renderFrames } from '../src/render/render-frames.js';
import type { GpuHost } from '../src/host/gpu-host.js';
import { buildScene } from '../src/scene/build-scene.js';
import type { SceneData } from '../src/scene/scene-data.js';
import { syntheticRows } from '../src/ingest/synthetic.js';
import { buildTimeline } from '../src/timeline/build-timeline.js';
import { detectEvents } from '../src/events/detect-events.js';
import { benchMp4, hostLabel, startBenchHost, type BenchHost } from './bench-host.js';

type Transport = Awaited<ReturnType<NonNullable<BenchHost['transport']>>>;

/**
 * A host of its own for one output's render, started and warmed with one frame before the timing.
 * The render closes it once its last frame is in, as the CLI does, so the encoders alone and an MP4's
 * closing check run with no GPU host alive (beside an open Dawn device that check took 2-3 times as
 * long in some runs). `closed` learns the socket's totals (Chromium) just before the host goes.
 */
async function hostForOutput(
  scene: SceneData,
  closed: (t?: Transport) => void,
): Promise<GpuHost & { transport?: BenchHost['transport'] }> {
  const host = await startBenchHost(scene);
  for await (const warm of host.frames(0, 0)) void warm;
  return {
    adapter: host.adapter,
    frames: (a, b) => host.frames(a, b),
    transport: host.transport?.bind(host),
    close: async () => {
      closed(await host.transport?.().catch(() => undefined));
      await host.close();
    },
  };
}

export interface Row {
  name: string;
  value: number;
  unit: string;
}

/**
 * [label, width, height, plain]: the full picture at 720p, 1080p and 4K, and the plain one (no text)
 * at 1080p. BENCH_RENDER_SIZES=1080p,4K (labels, comma-separated) limits them.
 */
const SIZES: [string, number, number, boolean][] = [
  ['720p', 1280, 720, false],
  ['1080p', 1920, 1080, false],
  ['1080p plain', 1920, 1080, true],
  ['4K', 3840, 2160, false],
];

export type Output = 'raw' | 'png' | 'mp4' | 'png+mp4';

/** Consecutive frames of the render kept from the raw run, for the encoders alone on the same frames. */
const SAMPLE = 40;

/** A sink that keeps a copy of frames [from, from + SAMPLE). */
function sampleSink(from: number, into: Buffer[]): FrameSink {
  return {
    wantsExisting: false,
    write: async (f, rgba) => void (f >= from && f < from + SAMPLE && into.push(copyFrame(rgba))),
    close: async () => undefined,
    abort: async () => undefined,
  };
}

/**
 * Frames/s of the encoders of one output alone (PNG at the sink's own parallelism; PNG and MP4 side
 * by side for png+mp4, as a render feeds them) on frames already in memory: the sample over and over,
 * `count` frames in all (as many as the render wrote), so that ffmpeg's start and the MP4's closing
 * decode weigh on the encoder alone as much as on the render it is compared with.
 */
async function encoderAlone(
  kind: Exclude<Output, 'raw'>,
  frames: Buffer[],
  width: number,
  height: number,
  count: number,
) {
  const dir = mkdtempSync(join(tmpdir(), 'portglow-alone-'));
  const sinks: FrameSink[] = [];
  if (kind.includes('png')) sinks.push(await PngSink.create(dir, width, height));
  const video = kind.includes('mp4') ? benchMp4(join(dir, 'v.mp4'), width, height) : undefined;
  if (video) sinks.push(video);
  const t0 = performance.now();
  // The sample never changes, so its frames are lent for good: the sinks take them as they take the
  // render's ring slots (held, not copied), and the per-frame work in Node is the render's.
  const keep = () => undefined;
  for (let i = 0; i < count; i++)
    await Promise.all(sinks.map((s) => s.write(i, frames[i % frames.length], keep)));
  await Promise.all(sinks.map((s) => s.close()));
  const seconds = (performance.now() - t0) / 1000;
  rmSync(dir, { recursive: true, force: true });
  return {
    fps: count / seconds,
    check: video?.checkSeconds ?? 0,
    encodeFps: count / (seconds - (video?.checkSeconds ?? 0)),
  };
}

/**
 * The default day (synthetic, seed 42, with its callouts: the CLI's default picture) rendered whole
 * at 720p, 1080p and 4K, for each output; and the plain picture at 1080p, to show what the text costs.
 */
export async function benchRender(all: Output[] = ['raw', 'png', 'mp4', 'png+mp4']): Promise<Row[]> {
  const rows: Row[] = [];
  const input = syntheticRows(42);
  const events = detectEvents(input);
  const timeline = buildTimeline(input, { binSeconds: 300 });
  const want = process.env.BENCH_RENDER_SIZES?.split(',');
  for (const [label, width, height, plain] of SIZES) {
    if (want && !want.includes(label)) continue;
    const scene = buildScene(timeline, { width, height, seed: 42, travel: 12, decay: 24, events, plain });
    const outputs = plain ? all.filter((o) => o === 'raw' || o === 'png+mp4') : all;
    rows.push(...(await benchScene(label, scene, timeline.binCount - 1, outputs)));
  }
  return rows;
}

/**
 * Frames 0..last of one scene through each output (raw first: it also keeps the frames the encoders
 * alone are then timed on), the Node stages per frame, each output's share of its encoder alone
 * (timed just before and just after the output, their mean) with the load average around it, and
 * the GPU stages alone.
 */
export async function benchScene(
  label: string,
  scene: SceneData,
  last: number,
  outputs: Output[],
): Promise<Row[]> {
  const rows: Row[] = [];
  const { width, height } = scene;
  label = hostLabel(label);
  // BENCH_OUTPUTS=raw,mp4 (say) limits the outputs; raw always runs, first.
  const only = process.env.BENCH_OUTPUTS?.split(',');
  if (only) outputs = outputs.filter((o) => o === 'raw' || only.includes(o));
  const sample: Buffer[] = [];
  if (outputs[0] !== 'raw')
    throw new Error('the raw output comes first: it keeps the frames the encoders alone are fed');
  const frames = last + 1;
  const load = () => loadavg()[0];
  for (const output of outputs) {
    // The encoders alone on the raw run's frames, in this run, just before and just after the
    // output they are held to, so that a neighbour's load that comes or goes weighs on both sides.
    const aloneBefore =
      output === 'raw' ? undefined : await encoderAlone(output, sample, width, height, frames);
    const dir = mkdtempSync(join(tmpdir(), 'portglow-bench-'));
    const sinks: FrameSink[] = [];
    if (output === 'raw') sinks.push(sampleSink(Math.floor(last / 2), sample));
    if (output.includes('png')) sinks.push(await PngSink.create(dir, width, height));
    const video = output.includes('mp4') ? benchMp4(join(dir, 'video.mp4'), width, height) : undefined;
    if (video) sinks.push(video);
    let after: Transport | undefined;
    const host = await hostForOutput(scene, (t) => (after = t));
    const before = await host.transport?.();
    const loadBefore = load();
    const t0 = performance.now();
    const r = await renderFrames({
      host,
      startHost: () => Promise.reject(new Error('the host died')),
      size: { width, height },
      from: 0,
      to: last,
      sinks,
      // BENCH_BAND_THREADS=0 (say) overrides the band workers' count, for a same-run comparison.
      bandThreads: process.env.BENCH_BAND_THREADS ? Number(process.env.BENCH_BAND_THREADS) : undefined,
    });
    const seconds = (performance.now() - t0) / 1000;
    const n = r.frames.length;
    const fps = n / seconds;
    rows.push(
      { name: `${label} ${output}: frames/s`, value: fps, unit: 'frames/s' },
      { name: `${label} ${output}: load average before / after`, value: loadBefore, unit: `/ ${load().toFixed(2)}` },
    ); // prettier-ignore
    rmSync(dir, { recursive: true, force: true });
    if (output === 'raw') {
      // One digest over every frame's hash, to compare the bytes of two machines' runs at a glance.
      const all = createHash('sha256')
        .update(r.frames.map((f) => f.digest).join())
        .digest('hex');
      console.error(`bench: ${label} raw on ${host.adapter}: digest of the frame hashes ${all.slice(0, 16)}`);
      if (before && after) {
        const sent = after.frames - before.frames;
        rows.push(
          { name: `${label} transport (page → Node socket, per frame)`, value: (after.ms - before.ms) / sent, unit: 'ms' },
          { name: `${label} bytes sent per frame`, value: (after.bytes - before.bytes) / sent, unit: 'bytes' },
        ); // prettier-ignore
      }
      rows.push(
        { name: `${label} assemble tiles into frame`, value: r.times.assemble / n, unit: 'ms' },
        { name: `${label} frame hash (off the main thread)`, value: r.times.hash / n, unit: 'ms' },
        { name: `${label} tiles changed per frame`, value: r.tiles / n, unit: 'tiles' },
      );
      continue;
    }
    const aloneAfter = await encoderAlone(output, sample, width, height, frames);
    const alone = ((aloneBefore?.fps ?? 0) + aloneAfter.fps) / 2;
    rows.push(
      { name: `${label} ${output}: wait on encoders`, value: r.times.encodeWait / n, unit: 'ms/frame' },
      { name: `${label} ${output} encoder alone before / after (same frames)`, value: aloneBefore?.fps ?? 0, unit: `/ ${aloneAfter.fps.toFixed(2)} frames/s` },
      { name: `${label} ${output}: share of encoder alone (their mean)`, value: (100 * fps) / alone, unit: '%' },
    ); // prettier-ignore
    if (video) {
      // The MP4's closing check (decode again, hash each picture) runs once the last frame is
      // encoded, on both sides, and is a large part of the encoder alone's time: the same share
      // without it says how close the frames come to the encoder's own pace.
      const encodeFps = n / (seconds - video.checkSeconds);
      const aloneEncode = ((aloneBefore?.encodeFps ?? 0) + aloneAfter.encodeFps) / 2;
      rows.push(
        { name: `${label} ${output}: closing check, render / alone before / after`, value: video.checkSeconds, unit: `/ ${aloneBefore?.check.toFixed(2)} / ${aloneAfter.check.toFixed(2)} s` },
        { name: `${label} ${output}: frames/s without the closing check, render / alone (mean)`, value: encodeFps, unit: `/ ${aloneEncode.toFixed(2)} frames/s` },
        { name: `${label} ${output}: share of encoder alone without the closing check`, value: (100 * encodeFps) / aloneEncode, unit: '%' },
      ); // prettier-ignore
    }
  }
  const host = await startBenchHost(scene);
  try {
    const p = await host.profile(0, last);
    for (const stage of ['simulate', 'bin', 'raster', 'readback'] as const) {
      rows.push({ name: `${label} GPU ${stage} (alone)`, value: p[stage] / (last + 1), unit: 'ms/frame' });
    }
  } finally {
    await host.close();
  }
  return rows;
}
