/**
 * The page that runs the GPU core inside headless Chromium. It fetches the scene once, renders the
 * frames it is asked for, and POSTs each frame's changed tiles as raw bytes to the render's server.
 * Every request carries the render's token; the server refuses any other.
 */
import { decodeScene } from '../src/scene/scene-data.js';
import { FrameRenderer, type FramePatch } from '../src/gpu/frame-renderer.js';

const token = new URLSearchParams(location.search).get('token') ?? '';
const headers = { 'x-portglow-token': token };
/** Frames being rendered or travelling at once: the GPU works on f+1 while f is on the wire. */
const IN_FLIGHT = 3;

let renderer: FrameRenderer | undefined;
let gpuDevice: GPUDevice | undefined;
/** Time spent sending frames (POST until the server's answer) and bytes sent, for the benchmark. */
const transport = { ms: 0, frames: 0, bytes: 0 };

async function post(path: string, body: BodyInit): Promise<void> {
  const res = await fetch(path, { method: 'POST', headers, body });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
}

function encodePatch(p: FramePatch): Blob {
  const head = new Uint32Array([p.frame, p.tiles.length, 0, 0]);
  return new Blob([head, p.tiles as Uint32Array<ArrayBuffer>, p.pixels as Uint8Array<ArrayBuffer>]);
}

async function init(): Promise<{ ok: boolean; info: string }> {
  if (!('gpu' in navigator))
    return { ok: false, info: 'navigator.gpu is missing (not a secure context, or WebGPU disabled)' };
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) return { ok: false, info: 'requestAdapter() returned null' };
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
      maxStorageBuffersPerShaderStage: Math.min(8, adapter.limits.maxStorageBuffersPerShaderStage),
    },
  });
  device.addEventListener('uncapturederror', (e) => {
    void post('/error', `WebGPU error: ${(e as GPUUncapturedErrorEvent).error.message}`);
  });
  gpuDevice = device;
  await load();
  const i = adapter.info;
  return { ok: true, info: [i.vendor, i.architecture, i.device, i.description].filter(Boolean).join(' ') };
}

/** (Re)loads the scene from the server: one page can render several scenes in turn. */
async function load(): Promise<void> {
  if (!gpuDevice) throw new Error('init() has not run');
  const res = await fetch('/scene', { headers });
  const scene = decodeScene(new Uint8Array(await res.arrayBuffer()));
  renderer = await FrameRenderer.create(gpuDevice, scene, IN_FLIGHT);
}

/** Renders frames [from, to] in order; returns at once, the frames arrive by POST, tagged with `run`. */
function start(from: number, to: number, run: number): void {
  void (async () => {
    try {
      if (!renderer) throw new Error('init() has not run');
      const r = renderer;
      const pending = new Set<Promise<void>>();
      for (let f = from; f <= to; f++) {
        while (pending.size >= IN_FLIGHT) await Promise.race(pending);
        const job = r.render(f, f > from).then(async (patch) => {
          const body = encodePatch(patch);
          const t0 = performance.now();
          await post(`/frame?run=${run}`, body);
          transport.ms += performance.now() - t0;
          transport.frames++;
          transport.bytes += body.size;
        });
        pending.add(job);
        void job.then(
          () => pending.delete(job),
          () => pending.delete(job),
        );
      }
      await Promise.all(pending);
      await post(`/done?run=${run}`, '');
    } catch (e) {
      await post(`/error?run=${run}`, e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e));
    }
  })();
}

/** Benchmark only: per-stage GPU times over frames [from, to], one frame at a time. */
function profile(from: number, to: number) {
  if (!renderer) throw new Error('init() has not run');
  return renderer.profile(from, to);
}

Object.assign(globalThis, { portglow: { init, load, start, profile, transport: () => ({ ...transport }) } });
