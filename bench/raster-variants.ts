/**
 * `RASTER_VARIANTS=a.wgsl,b.wgsl node dist/raster-variants.js`: the raster pass of shaders/raster.wgsl
 * against variants of it, in one process on one Dawn device (SwiftShader where there is no GPU), on
 * the default synthetic day (seed 42, callouts on). Each variant is a whole replacement for
 * raster.wgsl (compiled after the generated prelude and common.wgsl, entry point `main`, the same
 * bindings). Every frame's patch must come out byte for byte as the shipped raster's (tile ids and
 * pixels; RASTER_CHECK=0 skips this, for ablations that change pixels on purpose); then the raster
 * alone is timed, the renderers taking turns (the order reversed every round), so that the
 * machine's drift falls on all of them alike. Timings between processes here move by 10-20%; within
 * one run, by 1-2 ms. RASTER_SIZE=WxH (1920x1080), RASTER_ROUNDS (3), RASTER_LAST (the last frame).
 */
import { existsSync, readFileSync } from 'node:fs';
import { DawnHost } from '../src/host/dawn/dawn-host.js';
import { buildScene } from '../src/scene/build-scene.js';
import { syntheticRows } from '../src/ingest/synthetic.js';
import { buildTimeline } from '../src/timeline/build-timeline.js';
import { detectEvents } from '../src/events/detect-events.js';
import { wgslPrelude } from '../src/gpu/abi.js';
import type { FramePatch, FrameRenderer, Pipelines } from '../src/gpu/frame-renderer.js';
import common from '../shaders/common.wgsl';

/** More renderers than this on one Dawn device once ended in a SwiftShader abort (a futex error). */
const MAX_VARIANTS = 3;

function fail(message: string): never {
  console.error(`raster-variants: ${message}`);
  process.exit(1);
}

const paths = (process.env.RASTER_VARIANTS ?? '').split(',').filter(Boolean);
if (!paths.length) fail('name the variants: RASTER_VARIANTS=path.wgsl[,path.wgsl…] (whole copies of shaders/raster.wgsl, changed)'); // prettier-ignore
if (paths.length > MAX_VARIANTS) fail(`at most ${MAX_VARIANTS} variants a run (RASTER_VARIANTS names ${paths.length})`); // prettier-ignore
for (const p of paths) if (!existsSync(p)) fail(`${p} does not exist (RASTER_VARIANTS)`);
const [width, height] = (process.env.RASTER_SIZE ?? '1920x1080').split('x').map(Number);
if (!(width > 0 && height > 0)) fail(`RASTER_SIZE=${process.env.RASTER_SIZE} is not WIDTHxHEIGHT`);
const rounds = Number(process.env.RASTER_ROUNDS ?? 3);
if (!(Number.isInteger(rounds) && rounds > 0)) fail(`RASTER_ROUNDS=${process.env.RASTER_ROUNDS} is not a whole number above 0`); // prettier-ignore

const input = syntheticRows(42);
const timeline = buildTimeline(input, { binSeconds: 300 });
const scene = buildScene(timeline, {
  width,
  height,
  seed: 42,
  travel: 12,
  decay: 24,
  events: detectEvents(input),
});
const last = Math.min(Number(process.env.RASTER_LAST ?? Infinity), timeline.binCount - 1);
if (!(Number.isInteger(last) && last >= 1)) fail(`RASTER_LAST=${process.env.RASTER_LAST} is not a frame after the first`); // prettier-ignore

// Without the optional `webgpu` package or a Vulkan driver: the host's own sentence.
const opened = await DawnHost.open().catch((e: Error) => fail(e.message));
const { device } = opened;
const { FrameRenderer: Renderer } = await import('../src/gpu/frame-renderer.js');
const shipped = await opened.pipelines;

/** The shipped pipelines with the raster's replaced by the variant at `path`. */
async function withRaster(path: string): Promise<Pipelines> {
  const front = wgslPrelude() + common;
  const module = device.createShaderModule({ code: front + readFileSync(path, 'utf8'), label: path });
  // Lines counted in the variant's own file (the compiler counts from the prelude's first line).
  const before = front.split('\n').length - 1;
  const errors = (await module.getCompilationInfo()).messages.filter((m) => m.type === 'error');
  if (errors.length) fail(errors.map((m) => `${path}:${m.lineNum - before}: ${m.message}`).join('\n'));
  const raster = await device
    .createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' } })
    .catch((e: Error) => fail(`${path}: ${e.message}`));
  return { ...shipped, 'raster:main': raster };
}

async function renderer(pipelines: Pipelines, name: string): Promise<FrameRenderer> {
  device.pushErrorScope('validation');
  const r = await Renderer.create(device, scene, 1, Promise.resolve(pipelines));
  const e = await device.popErrorScope();
  // A variant that drops a binding gets a different automatic layout, and its bind groups fail here.
  if (e) fail(`${name}: ${e.message}`);
  return r;
}

const names = ['shipped', ...paths];
const renderers = [await renderer(shipped, 'shipped')];
for (const p of paths) renderers.push(await renderer(await withRaster(p), p));

const same = (a: FramePatch, b: FramePatch) =>
  Buffer.compare(Buffer.from(a.tiles.buffer, a.tiles.byteOffset, a.tiles.byteLength), Buffer.from(b.tiles.buffer, b.tiles.byteOffset, b.tiles.byteLength)) === 0 &&
  Buffer.compare(Buffer.from(a.pixels.buffer, a.pixels.byteOffset, a.pixels.byteLength), Buffer.from(b.pixels.buffer, b.pixels.byteOffset, b.pixels.byteLength)) === 0; // prettier-ignore
if (process.env.RASTER_CHECK !== '0') {
  for (let f = 0; f <= last; f++) {
    const want = await renderers[0].render(f, f > 0);
    for (let i = 1; i < renderers.length; i++)
      if (!same(want, await renderers[i].render(f, f > 0))) fail(`${names[i]}: frame ${f} differs from the shipped raster's`); // prettier-ignore
  }
  console.log(`frames 0-${last}: every variant's patches are the shipped raster's, byte for byte`);
}

const ms: number[][] = names.map(() => []);
for (let r = 0; r < rounds; r++) {
  const order = [...renderers.keys()];
  if (r % 2) order.reverse();
  for (const i of order) ms[i].push((await renderers[i].profile(0, last)).raster / (last + 1));
}
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
console.log(
  `raster alone, ms a frame, ${width}x${height}, frames 0-${last}, ${rounds} rounds (${opened.adapter})`,
);
for (let i = 0; i < names.length; i++) {
  const ratio = median(ms[i]) / median(ms[0]);
  console.log(`${names[i].padEnd(36)} ${ms[i].map((x) => x.toFixed(2).padStart(6)).join(' ')}   median ${median(ms[i]).toFixed(2)}  × ${ratio.toFixed(3)}`); // prettier-ignore
}
console.log(JSON.stringify({ size: `${width}x${height}`, frames: last + 1, rounds, ms: Object.fromEntries(names.map((n, i) => [n, ms[i]])) })); // prettier-ignore
device.destroy();
process.exit(0);
