import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { FramePatch, FrameRenderer, Pipelines, StageTimes } from '../../gpu/frame-renderer.js';
import { decodeScene, type SceneData } from '../../scene/scene-data.js';
import { UserError } from '../../errors.js';
import { HostCrashed, type GpuHost } from '../gpu-host.js';
import { describeAdapter, openDevice } from '../gpu-device.js';
import { IN_FLIGHT, inFlight } from '../in-flight.js';
import { traceMark } from '../../trace.js';
import { dawnPollOverride, gentleDawnPolling, rendersGently } from './gentle-polling.js';

export interface DawnDeviceOptions {
  /** Flags for Dawn's create() (e.g. "backend=vulkan", "adapter=NAME"). */
  flags?: string[];
  log?: (line: string) => void;
}

export interface DawnHostOptions extends DawnDeviceOptions {
  /** The scene, or the scene encoded (src/scene/scene-data.ts). */
  scene: SceneData | Uint8Array;
  /** A device from DawnHost.open(), opened (and compiling) while the scene was built; else one is opened now. */
  opened?: Promise<DawnDevice>;
}

/** What the device reported before and after the host took it. */
interface DeviceEventLog {
  /** Set once the device is destroyed on purpose: its loss is then no news. */
  closed?: boolean;
  /** Why the device was lost (other than by destroy()), and the first uncaptured WebGPU error of a run. */
  lost?: string;
  failure?: Error;
}

/**
 * A Dawn device with the core's pipelines compiling (on Dawn's threads): it needs no scene, so a
 * render opens it first and builds the scene meanwhile. destroy() it if no host takes it.
 */
export interface DawnDevice {
  gpu: GPU;
  device: GPUDevice;
  adapter: string;
  events: DeviceEventLog;
  pipelines: Promise<Pipelines>;
  destroy(): void;
  /** Ends the gentle polling of the start (gentle-polling.ts): at the host's first frame (unless it
   *  renders gently), at its close, or at destroy(). */
  started(): void;
  /** True when the polling stays gentle after the start too (rendersGently()). */
  rendersGently: boolean;
}

/** SwiftShader's Vulkan driver, shipped with Debian's chromium package; Dawn accepts it (not Mesa's lavapipe). */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

type WebGpuModule = { create(flags: string[]): GPU; globals: object };

/** Loads the optional `webgpu` package (Dawn for Node), or says how to install it. */
async function loadDawn(): Promise<WebGpuModule> {
  try {
    return (await import('webgpu')) as WebGpuModule;
  } catch (e) {
    throw new UserError(
      `--gpu-host node needs the optional package "webgpu" (Dawn for Node), which did not load ` +
        `(${(e as Error).message.split('\n')[0]}). Install it in the portglow folder with \`npm install webgpu\`, ` +
        'or render with --gpu-host chromium.',
      2,
    );
  }
}

/** The WebGPU globals (GPUBufferUsage, GPUMapMode, …) that FrameRenderer uses, where Node lacks them. */
function installGlobals(globals: object): void {
  const g = globalThis as Record<string, unknown>;
  for (const [k, v] of Object.entries(globals)) if (!(k in g)) g[k] = v;
}

const vulkanDriverSet = () => Boolean(process.env.VK_ICD_FILENAMES || process.env.VK_DRIVER_FILES);

/** A GPU's device node on Linux (DRM, NVIDIA's own, or WSL's); true elsewhere, where we cannot tell. */
function hasGpuDevice(): boolean {
  if (process.platform !== 'linux') return true;
  if (existsSync('/dev/dri') || existsSync('/dev/dxg')) return true;
  try {
    return readdirSync('/dev').some((n) => n.startsWith('nvidia'));
  } catch {
    return true;
  }
}

/**
 * The GPU core in Node through Dawn (the `webgpu` package): the same WGSL and FrameRenderer as the
 * browser page, no browser. Without a GPU, Vulkan falls back to SwiftShader from Debian's chromium.
 */
export class DawnHost implements GpuHost {
  private closed = false;

  private constructor(
    private gpu: GPU | undefined,
    private readonly device: GPUDevice,
    private readonly renderer: FrameRenderer,
    readonly adapter: string,
    private readonly events: DeviceEventLog,
    /** The gentle polling of the start: ended once the first frame is out, unless it stays on while
     *  the host renders (rendersGently); ended at close in any case. */
    private readonly polling: Pick<DawnDevice, 'started' | 'rendersGently'>,
  ) {}

  static async start(o: DawnHostOptions): Promise<DawnHost> {
    const scene = o.scene instanceof Uint8Array ? decodeScene(o.scene) : o.scene;
    let opened = await (o.opened ?? DawnHost.open(o));
    if (opened.events.lost) {
      // Lost while it waited for the scene: a fresh one.
      opened.destroy();
      opened = await DawnHost.open(o);
    }
    const { device, events } = opened;
    // Loaded only now: the renderer's modules read GPUBufferUsage when they load, and in Node that
    // global exists only once open() has installed it.
    const { FrameRenderer } = await import('../../gpu/frame-renderer.js');
    let renderer: FrameRenderer;
    try {
      renderer = await FrameRenderer.create(device, scene, IN_FLIGHT, opened.pipelines);
    } catch (e) {
      opened.destroy();
      throw e;
    }
    return new DawnHost(opened.gpu, device, renderer, opened.adapter, events, opened);
  }

  /** Opens Dawn's device and starts compiling the core's pipelines, which depend on the device alone. */
  static async open(o: DawnDeviceOptions = {}): Promise<DawnDevice> {
    const log = o.log ?? (() => undefined);
    const started = gentleDawnPolling();
    try {
      return await DawnHost.openGently(o, log, started);
    } catch (e) {
      started();
      throw e;
    }
  }

  private static async openGently(
    o: DawnDeviceOptions,
    log: (line: string) => void,
    started: () => void,
  ): Promise<DawnDevice> {
    const { create, globals } = await loadDawn();
    installGlobals(globals);
    traceMark('dawn: module loaded');
    const swiftShader = (why: string) => {
      // The Vulkan loader reads these each time Dawn makes an instance (each create()), so setting
      // them in this process, before create(), is enough: no re-spawn needed.
      log(`${why}; using SwiftShader's Vulkan driver (${SWIFTSHADER_ICD})`);
      process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
      process.env.VK_DRIVER_FILES = SWIFTSHADER_ICD;
    };
    const canFallBack = () => !vulkanDriverSet() && existsSync(SWIFTSHADER_ICD);
    // No GPU device node: skip probing the system's Vulkan drivers (noisy, and none would work).
    if (canFallBack() && !hasGpuDevice()) swiftShader('no GPU device in /dev');
    let gpu = create(o.flags ?? []);
    let adapter = await gpu.requestAdapter();
    if (!adapter && canFallBack()) {
      // No usable Vulkan driver by default (only Mesa's lavapipe, say, which Dawn rejects).
      swiftShader('no WebGPU adapter from the default Vulkan drivers');
      gpu = create(o.flags ?? []);
      adapter = await gpu.requestAdapter();
    }
    if (!adapter) {
      const set = ['VK_ICD_FILENAMES', 'VK_DRIVER_FILES'].filter((k) => process.env[k]);
      const tried = set.length
        ? `with ${set.map((k) => `${k}=${process.env[k]}`).join(' ')}`
        : `and ${SWIFTSHADER_ICD} does not exist`;
      throw new UserError(
        `No WebGPU adapter from Dawn (--gpu-host node) ${tried}. Dawn needs a Vulkan driver: a GPU's, or ` +
          "without a GPU SwiftShader's from Debian's chromium package (`apt-get install chromium`, then " +
          `VK_ICD_FILENAMES=${SWIFTSHADER_ICD}); Mesa's lavapipe is not accepted. Or render with --gpu-host chromium.`,
        2,
      );
    }
    traceMark('dawn: adapter');
    const gently = rendersGently({
      fallbackAdapter: adapter.info.isFallbackAdapter,
      cores: availableParallelism(),
      override: dawnPollOverride(),
    });
    // The device's events may come before the host exists (a loss while the renderer is built).
    const events: DeviceEventLog = {};
    const device = await openDevice(adapter, {
      onLost: (why) => {
        if (events.closed) return;
        log(why);
        events.lost ??= why;
      },
      onError: (m) => {
        log(m);
        events.failure ??= new Error(m);
      },
    });
    traceMark('dawn: device');
    // Loaded only now: the renderer's modules read GPUBufferUsage when they load, and in Node that
    // global exists only once installGlobals() has run.
    const { compilePipelines } = await import('../../gpu/frame-renderer.js');
    const pipelines = compilePipelines(device);
    // A failed compile is reported where start() awaits it, not as an unhandled rejection.
    pipelines.catch(() => undefined);
    const destroy = () => {
      started();
      events.closed = true;
      device.destroy();
    };
    return { gpu, device, adapter: describeAdapter(adapter), events, pipelines, destroy, started, rendersGently: gently }; // prettier-ignore
  }

  async *frames(from: number, to: number): AsyncGenerator<FramePatch> {
    if (this.closed) throw new Error('DawnHost is closed');
    const { events } = this;
    events.failure = undefined;
    try {
      for await (const patch of inFlight(from, to, IN_FLIGHT, (f) => this.renderer.render(f, f > from))) {
        if (events.lost) throw new HostCrashed(events.lost);
        if (events.failure) throw events.failure;
        if (patch.frame === from) {
          traceMark('dawn: first patch');
          if (!this.polling.rendersGently) this.polling.started();
        }
        yield patch;
      }
    } catch (e) {
      if (events.lost && !(e instanceof HostCrashed)) throw new HostCrashed(events.lost);
      throw e;
    }
  }

  /** Benchmark: GPU time per stage over frames [from, to], rendered one at a time. */
  profile(from: number, to: number): Promise<StageTimes & { tiles: number }> {
    return this.renderer.profile(from, to);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.polling.started();
    this.events.closed = true;
    this.device.destroy();
    // Dawn keeps Node's event loop alive while its GPU object is referenced.
    this.gpu = undefined;
  }
}
