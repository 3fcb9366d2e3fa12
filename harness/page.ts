/**
 * The page that runs the GPU core inside headless Chromium. It compiles the pipelines, fetches the
 * scene (which the render may still be building: the request waits for it), renders the frames it
 * is asked for, and sends each frame's changed tiles as raw bytes over one WebSocket to the render's
 * server (harness/frame-channel.ts); reports (done, errors, a lost device) are POSTs.
 * Every request carries the render's token; the server refuses any other, and its CSP lets this page
 * reach nothing but that server.
 */
import { decodeScene } from '../src/scene/scene-data.js';
import { FrameRenderer, compilePipelines, type Pipelines } from '../src/gpu/frame-renderer.js';
import { describeAdapter, openDevice } from '../src/host/gpu-device.js';
import { IN_FLIGHT, inFlight } from '../src/host/in-flight.js';
import type { FramePatch } from '../src/gpu/frame-renderer.js';
import { FrameChannel, TransportLost } from './frame-channel.js';
import { patchBytes } from '../src/host/patch-wire.js';

const token = new URLSearchParams(location.search).get('token') ?? '';
// The token has been read: keep it out of the page's address from now on.
history.replaceState(null, '', '/');
const headers = { 'x-portglow-token': token };
const frames = new FrameChannel(() => new WebSocket(`ws://${location.host}/frames?token=${token}`));

let renderer: FrameRenderer | undefined;
let gpuDevice: GPUDevice | undefined;
/** Compiled once per device, from init() on: while they compile, the render may still be building the scene. */
let pipelines: Promise<Pipelines> | undefined;
/** Time spent sending frames (until the server's answer) and bytes sent, for the benchmark. */
const transport = { ms: 0, frames: 0, bytes: 0 };

async function post(path: string, body: BodyInit): Promise<void> {
  const res = await fetch(path, { method: 'POST', headers, body }).catch((e: Error) => {
    throw new TransportLost(`${path}: ${e.message}`);
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
}

/**
 * Reports to the server without waiting. When the server cannot be reached (Chromium restarts a
 * crashed network process within moments), tries again for a while: an unsent report would leave
 * the render waiting for frames that never come.
 */
function report(path: string, message: string, tries = 40): void {
  post(path, message).catch((e) => {
    if (e instanceof TransportLost && tries > 1) setTimeout(() => report(path, message, tries - 1), 250);
  });
}

async function init(): Promise<{ ok: boolean; info: string }> {
  if (!('gpu' in navigator))
    return { ok: false, info: 'navigator.gpu is missing (not a secure context, or WebGPU disabled)' };
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) return { ok: false, info: 'requestAdapter() returned null' };
  gpuDevice = await openDevice(adapter, {
    // A lost device (the GPU process crashed or was killed) ends this host: the server turns it into
    // a crash, and the render starts a new browser.
    onLost: (why) => report('/lost', why),
    onError: (m) => report('/error', m),
  });
  pipelines = compilePipelines(gpuDevice);
  // A failed compile is reported where load() awaits it, not as an unhandled rejection.
  pipelines.catch(() => undefined);
  await load();
  return { ok: true, info: describeAdapter(adapter) };
}

/** (Re)loads the scene from the server: one page can render several scenes in turn. */
async function load(): Promise<void> {
  if (!gpuDevice || !pipelines) throw new Error('init() has not run');
  const res = await fetch('/scene', { headers });
  if (!res.ok) throw new Error(`/scene: HTTP ${res.status}`);
  const scene = decodeScene(new Uint8Array(await res.arrayBuffer()));
  renderer = await FrameRenderer.create(gpuDevice, scene, IN_FLIGHT, pipelines);
}

/** Sends a frame (copied before this returns); resolves once the server has taken it. */
async function send(run: number, patch: FramePatch): Promise<void> {
  const t0 = performance.now();
  await frames.send(run, patch);
  transport.ms += performance.now() - t0;
  transport.frames++;
  transport.bytes += patchBytes(patch.tiles.length);
}

/** Renders frames [from, to] in order; returns at once, the frames arrive over the frame socket, tagged with `run`. */
function start(from: number, to: number, run: number): void {
  void (async () => {
    try {
      if (!renderer) throw new Error('init() has not run');
      const r = renderer;
      // Each job renders a frame and sends it, so a frame travels while the next ones render. The
      // tiles are copied into the socket's message straight from the read-back buffer; the frame's
      // slot is free once they are, before Node has answered.
      for await (const _ of inFlight(from, to, IN_FLIGHT, (f) =>
        r.renderLent(f, f > from, (p) => ({ sent: send(run, p) })).then((x) => x.sent),
      ));
      await post(`/done?run=${run}`, '');
    } catch (e) {
      // A lost transport is a crash of one of Chromium's processes: the render starts a new browser.
      if (e instanceof TransportLost) report('/lost', `the page lost its server (${e.message})`);
      else report(`/error?run=${run}`, e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e));
    }
  })();
}

/** Benchmark only: per-stage GPU times over frames [from, to], one frame at a time. */
function profile(from: number, to: number) {
  if (!renderer) throw new Error('init() has not run');
  return renderer.profile(from, to);
}

Object.assign(globalThis, { portglow: { init, load, start, profile, transport: () => ({ ...transport }) } });
