import type { SceneData } from '../scene/scene-data.js';
import { traceMark } from '../trace.js';
import { fixedCount, planFrame } from '../plan/frame-plan.js';
import { baseObjects } from '../plan/base-layer.js';
import { shaderSources } from './shaders.js';
import { markerGlyphs } from './marker-glyphs.js';
import { quadAtlas } from './quad-atlas.js';
import { bindFrameSlot, createSlotBuffers, metaBytes, readPixelsAt, type FrameSlot } from './frame-slot.js';
import { frameObjectCount, rendererLayout, tileCount, type RendererLayout } from './renderer-layout.js';
import {
  Live,
  Meta,
  OBJ_WORDS,
  PIPELINES,
  Sizes,
  TILE_BYTES,
  WORKGROUP_SIZE,
  packParams,
  type Params,
  type PipelineName,
  type ShaderModuleName,
} from './abi.js';

/** The tiles of frame f that differ from frame f-1 (all tiles when there is no f-1 in this render). */
export interface FramePatch {
  frame: number;
  /** Tile ids (row-major over ceil(w/TILE) × ceil(h/TILE) tiles), ascending. */
  tiles: Uint32Array;
  /** TILE×TILE RGBA8 pixels per tile, in the order of `tiles`. */
  pixels: Uint8Array;
}

/** The Params fields that differ between passes; the rest come from the scene and the layout. */
type FrameParams = Pick<Params, 'frame' | 'hasPrev' | 'objCount' | 'drawBase' | 'fixedCount'> &
  Partial<Pick<Params, 'bubbleLo' | 'bubbleHi' | 'glowLo' | 'glowHi'>>;

/** Where the GPU counted a pass's workgroups: the raster's in the meta buffer, objects:main's and
 *  the bin passes' in the live buffer. */
const INDIRECT = {
  raster: ['meta', Meta.DISPATCH_X],
  objects: ['live', Live.OBJECTS_X],
  bin: ['live', Live.BIN_X],
} as const;

/** A pipeline and its workgroup count (0: nothing to do), or where the GPU counted it. */
type Stage = [PipelineName, number | keyof typeof INDIRECT];

/** Every compute pipeline of the core, by name. */
export type Pipelines = Record<PipelineName, GPUComputePipeline>;

/** The core's compute pipelines: they depend on the device alone (not on the scene), so they can be shared. */
export async function compilePipelines(device: GPUDevice): Promise<Pipelines> {
  const modules = Object.fromEntries(
    Object.entries(shaderSources).map(([k, code]) => [k, device.createShaderModule({ code, label: k })]),
  );
  const pipelines = {} as Pipelines;
  await Promise.all(
    (Object.keys(PIPELINES) as PipelineName[]).map(async (name) => {
      const [module, entryPoint] = name.split(':') as [ShaderModuleName, string];
      const compute = { module: modules[module], entryPoint };
      pipelines[name] = await device.createComputePipelineAsync({ layout: 'auto', compute });
    }),
  );
  return pipelines;
}

/** Workgroups of WORKGROUP_SIZE invocations for n items. */
const groupsFor = (n: number) => Math.ceil(n / WORKGROUP_SIZE);

/** Milliseconds per GPU stage (profiling only). */
export interface StageTimes {
  simulate: number;
  bin: number;
  raster: number;
  readback: number;
}

/**
 * The GPU core: simulate, glow, bin and raster frame f with WebGPU compute, and read back only the
 * tiles that changed. Written against the standard WebGPU API only, so it runs in a browser page or
 * in Node through Dawn. Several frames can be in flight, one per slot.
 */
export class FrameRenderer {
  private readonly free: FrameSlot[];
  private readonly waiting: ((s: FrameSlot) => void)[] = [];
  /** Dirty tiles of the last frame read back after the one before it: what the next one likely has. */
  private lastDirty = 0;
  /** Tiles in a frame, and where the read-back buffer's pixels start behind the meta words: fixed by the layout. */
  private readonly all: number;
  private readonly pixelsAt: number;

  private constructor(
    private readonly device: GPUDevice,
    private readonly scene: SceneData,
    readonly layout: RendererLayout,
    private readonly pipelines: Pipelines,
    slots: FrameSlot[],
  ) {
    this.free = slots;
    this.all = tileCount(layout);
    this.pixelsAt = readPixelsAt(this.all);
  }

  /**
   * `pipelines`: from compilePipelines(device), which a host may start before the scene is ready (the
   * compile is the slowest part of the start on a software GPU).
   */
  static async create(
    device: GPUDevice,
    scene: SceneData,
    slotCount = 2,
    compiled: Promise<Pipelines> = compilePipelines(device),
  ): Promise<FrameRenderer> {
    // The objects that never change are drawn once, into the base layer.
    const base = baseObjects(scene);
    const layout = rendererLayout(scene, base.length / OBJ_WORDS);
    // The buffers first: they need no pipeline, so they are made while the pipelines may still compile.
    const shared = {
      entries: upload(device, scene.entries.length ? scene.entries : new Uint32Array(4)),
      words: upload(device, scene.words),
      atlas: upload(device, quadAtlas(scene.atlas, scene.atlasWidth)),
      markerGlyphs: upload(device, markerGlyphs(scene)),
      base: device.createBuffer({
        size: scene.width * scene.height * Sizes.BASE_WORDS * 4,
        usage: GPUBufferUsage.STORAGE,
      }),
    };
    const buffers = Array.from({ length: slotCount }, () => createSlotBuffers(device, scene, layout));
    traceMark('renderer: buffers made');
    const pipelines = await compiled;
    traceMark('renderer: pipelines compiled');
    const slots = buffers.map((b) => bindFrameSlot(device, b, pipelines, shared));
    const renderer = new FrameRenderer(device, scene, layout, pipelines, slots);
    await renderer.buildBase(base);
    traceMark('renderer: base layer drawn');
    // The host-made objects that never change lie in their slots from now on (after the base layer,
    // which used the first slot's objects for its own).
    const fixed = fixedCount(scene);
    const moving = layout.dynCount - fixed;
    const fixedObjects = planFrame(scene, 0).dyn.subarray(moving * OBJ_WORDS, layout.dynCount * OBJ_WORDS);
    for (const s of slots) device.queue.writeBuffer(s.objects, moving * OBJ_WORDS * 4, fixedObjects);
    return renderer;
  }

  /** Draws the base layer: background, the never-changing objects and the idle labels, every tile. */
  private async buildBase(objects: Int32Array): Promise<void> {
    const s = this.free[0];
    this.device.queue.writeBuffer(s.objects, 0, objects);
    const count = objects.length / OBJ_WORDS;
    // Every slot is binned: the live list, from the host, is 0 … count - 1.
    const live = new Uint32Array(Live.IDS + count);
    live[Live.COUNT] = count;
    for (let i = 0; i < count; i++) live[Live.IDS + i] = i;
    this.device.queue.writeBuffer(s.live, 0, live);
    this.writeParams(s, { frame: 0, hasPrev: 0, objCount: count, drawBase: 1, fixedCount: 0 });
    const enc = this.device.createCommandEncoder();
    enc.clearBuffer(s.flags);
    enc.clearBuffer(s.bins);
    enc.clearBuffer(s.meta, 0, Meta.TILES * 4);
    const pass = enc.beginComputePass();
    const stages: Stage[] = [['bin:compact', 1], ['bin:count', groupsFor(count)], ['bin:scan', 1], ['bin:fill', groupsFor(count)], ['order:main', 'raster'], ['raster:main', 'raster']]; // prettier-ignore
    this.encode(pass, s, stages);
    pass.end();
    this.copyForReading(enc, s, 0);
    this.device.queue.submit([enc.finish()]);
    // Only the meta words come back (the list's overflow is checked): the base layer stays on the
    // GPU, and reading its pixels back would cost a copy and a mapping of the whole frame.
    await this.mapMeta(s, -1, 0);
    s.read.unmap();
  }

  private encode(pass: GPUComputePassEncoder, s: FrameSlot, stages: Stage[]): void {
    for (const [name, groups] of stages) {
      if (groups === 0) continue; // nothing to do (and Dawn warns about empty dispatches)
      pass.setPipeline(this.pipelines[name]);
      pass.setBindGroup(0, s.groups[name]);
      if (typeof groups === 'number') pass.dispatchWorkgroups(groups);
      else {
        const [buffer, word] = INDIRECT[groups];
        pass.dispatchWorkgroupsIndirect(s[buffer], word * 4);
      }
    }
  }

  /** Renders frame f; `hasPrev` says the caller holds frame f-1, so only changed tiles come back. */
  render(f: number, hasPrev: boolean): Promise<FramePatch> {
    return this.renderLent(f, hasPrev, (p) => ({ ...p, pixels: p.pixels.slice() }));
  }

  /**
   * Renders frame f and hands its patch to `use` while the pixels are still the read-back buffer's
   * mapped memory, valid only during the call: `use` copies what it keeps. Where the caller copies
   * the tiles anyway (the page, into its socket message), this saves a copy of them a frame. `use`
   * should not return a promise: the frame's slot is free again when renderLent settles.
   */
  async renderLent<R>(f: number, hasPrev: boolean, use: (p: FramePatch) => R): Promise<R> {
    const slot = await this.acquire();
    try {
      return await this.renderIn(slot, f, hasPrev, use);
    } finally {
      this.release(slot);
    }
  }

  private async renderIn<R>(
    s: FrameSlot,
    f: number,
    hasPrev: boolean,
    use: (p: FramePatch) => R,
    times?: StageTimes,
  ): Promise<R> {
    const { device } = this;
    const stages = this.prepare(s, f, hasPrev);
    // Pixels copied for reading with the frame itself, so that most frames come back in one round
    // trip: half as many tiles again as the last frame had, plus 256 (all of them for a frame without
    // f-1). With a quarter more plus 64, a fifth of the real day's frames needed the second trip;
    // copying and mapping the spare tiles costs a memcpy of some 100-300 kB.
    const { all } = this;
    const guess = hasPrev ? Math.min(all, Math.ceil(this.lastDirty * 1.5) + 256) : all;
    const submit = async (names: string[], stage?: keyof StageTimes) => {
      const t0 = performance.now();
      const enc = device.createCommandEncoder();
      if (names.includes('clear')) {
        enc.clearBuffer(s.glow);
        enc.clearBuffer(s.flags);
        enc.clearBuffer(s.bins);
        enc.clearBuffer(s.meta, 0, Meta.TILES * 4);
      }
      const pass = enc.beginComputePass();
      this.encode(
        pass,
        s,
        stages.filter(([name]) => names.includes(name)),
      );
      pass.end();
      if (names.includes('read')) this.copyForReading(enc, s, guess);
      device.queue.submit([enc.finish()]);
      if (times && stage) {
        await device.queue.onSubmittedWorkDone();
        times[stage] += performance.now() - t0;
      }
    };
    if (times) {
      // Profiling: each stage alone, waited for, so that its time can be told apart.
      await submit(['clear', 'glow:main', 'live:main', 'objects:main'], 'simulate');
      await submit(['bin:compact', 'bin:count', 'bin:scan', 'bin:fill', 'order:main'], 'bin');
      await submit(['raster:main'], 'raster');
      await submit(['read']);
    } else {
      await submit(['clear', ...stages.map(([n]) => n), 'read']);
    }
    const t0 = performance.now();
    const result = await this.readBack(s, f, guess, use, (n) => {
      if (hasPrev) this.lastDirty = n;
    });
    if (times) times.readback += performance.now() - t0;
    return result;
  }

  /** Copies the meta words, and the pixels of the first `tiles` dirty tiles, into the slot's read-back buffer. */
  private copyForReading(enc: GPUCommandEncoder, s: FrameSlot, tiles: number): void {
    enc.copyBufferToBuffer(s.meta, 0, s.read, 0, metaBytes(this.all));
    if (tiles > 0) enc.copyBufferToBuffer(s.out, 0, s.read, this.pixelsAt, tiles * TILE_BYTES);
  }

  /** Writes the frame's parameters and host-made objects; returns the passes and their workgroup counts. */
  private prepare(s: FrameSlot, f: number, hasPrev: boolean): Stage[] {
    const { device, scene, layout } = this;
    const plan = planFrame(scene, f);
    const objCount = frameObjectCount(scene, layout.dynCount, plan.bubbleHi - plan.bubbleLo);
    const { bubbleLo, bubbleHi, glowLo, glowHi } = plan;
    const fixed = fixedCount(scene);
    this.writeParams(s, { frame: f, hasPrev: hasPrev ? 1 : 0, objCount, drawBase: 0, fixedCount: fixed, bubbleLo, bubbleHi, glowLo, glowHi }); // prettier-ignore
    // Only the host-made objects that change travel: f's, then f-1's.
    const moving = (layout.dynCount - fixed) * OBJ_WORDS;
    device.queue.writeBuffer(s.dyn, 0, plan.dyn, 0, moving);
    device.queue.writeBuffer(s.dyn, moving * 4, plan.dyn, layout.dynCount * OBJ_WORDS, moving);
    return [
      ['glow:main', groupsFor(glowHi - glowLo)],
      ['live:main', 1],
      ['objects:main', 'objects'], // the slots live:main lists
      ['bin:compact', 1],
      ['bin:count', 'bin'],
      ['bin:scan', 1],
      ['bin:fill', 'bin'],
      ['order:main', 'raster'], // one invocation per dirty tile, RASTER_TILES a workgroup
      ['raster:main', 'raster'], // RASTER_TILES dirty tiles a workgroup, counted on the GPU
    ];
  }

  /** Writes Params: the scene's and the layout's fields, and the pass's own. */
  private writeParams(s: FrameSlot, pass: FrameParams): void {
    const { scene, layout } = this;
    const params: Params = {
      width: scene.width, height: scene.height, tilesX: layout.tilesX, tilesY: layout.tilesY,
      seed: scene.seed >>> 0, travel: scene.travel, decay: scene.decay,
      bubbleLo: 0, bubbleHi: 0, glowLo: 0, glowHi: 0,
      dynCount: layout.dynCount, markerCount: scene.markerCount,
      rowsOff: scene.rowsOff, markersOff: scene.markersOff, easeOff: scene.easeOff, arcOff: scene.arcOff,
      decayOff: scene.decayOff, radiusUnit: scene.radiusUnit, radiusMax: scene.radiusMax,
      jitter: scene.jitter, listCapacity: layout.listCapacity, background: scene.background,
      arcMax: scene.arcMax, labelCount: scene.labelCount, labelsOff: scene.labelsOff,
      atlasWidth: scene.atlasWidth, spread: scene.spread, flags: scene.flags, hotLevel: scene.hotLevel,
      ...pass,
    }; // prettier-ignore
    this.device.queue.writeBuffer(s.params, 0, packParams(params));
  }

  /**
   * Maps the slot's read-back buffer (the meta words and the `copied` tiles' pixels behind them) and
   * returns the frame's dirty tiles; fails, unmapped, when the tile-object list overflowed. The
   * buffer stays mapped for the caller.
   */
  private async mapMeta(s: FrameSlot, f: number, copied: number): Promise<Uint32Array> {
    await s.read.mapAsync(GPUMapMode.READ, 0, this.pixelsAt + copied * TILE_BYTES);
    const meta = new Uint32Array(s.read.getMappedRange(0, metaBytes(this.all)));
    const [overflow, listed, n] = [meta[Meta.OVERFLOW], meta[Meta.LISTED], meta[Meta.DIRTY]];
    if (overflow) {
      s.read.unmap();
      throw new Error(
        `frame ${f}: ${listed} tile-object pairs exceed the list capacity ${this.layout.listCapacity}`,
      );
    }
    return meta.slice(Meta.TILES, Meta.TILES + n);
  }

  /**
   * Maps the meta words and the `copied` tiles' pixels copied with the frame: one round trip when the
   * frame has no more dirty tiles than that, else a second one for exactly its tiles. Lends the patch
   * to `use` (see renderLent); `dirty` learns the frame's dirty-tile count first.
   */
  private async readBack<R>(
    s: FrameSlot,
    f: number,
    copied: number,
    use: (p: FramePatch) => R,
    dirty: (n: number) => void = () => undefined,
  ): Promise<R> {
    const { device, pixelsAt: at } = this;
    const tiles = await this.mapMeta(s, f, copied);
    const n = tiles.length;
    dirty(n);
    const bytes = n * TILE_BYTES;
    if (n > copied) {
      s.read.unmap();
      const enc = device.createCommandEncoder();
      enc.copyBufferToBuffer(s.out, 0, s.read, at, bytes);
      device.queue.submit([enc.finish()]);
      await s.read.mapAsync(GPUMapMode.READ, at, bytes);
    }
    try {
      return use({
        frame: f,
        tiles,
        pixels: bytes ? new Uint8Array(s.read.getMappedRange(at, bytes)) : new Uint8Array(0),
      });
    } finally {
      s.read.unmap();
    }
  }

  /** Renders frames one at a time, each stage alone, and returns the total milliseconds per stage. */
  async profile(from: number, to: number): Promise<StageTimes & { tiles: number }> {
    const times: StageTimes = { simulate: 0, bin: 0, raster: 0, readback: 0 };
    let tiles = 0;
    const slot = await this.acquire();
    try {
      for (let f = from; f <= to; f++)
        tiles += await this.renderIn(slot, f, f > from, (p) => p.tiles.length, times);
    } finally {
      this.release(slot);
    }
    return { ...times, tiles };
  }

  private acquire(): Promise<FrameSlot> {
    const s = this.free.pop();
    return s ? Promise.resolve(s) : new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(s: FrameSlot): void {
    const next = this.waiting.shift();
    if (next) next(s);
    else this.free.push(s);
  }
}

export function upload(
  device: GPUDevice,
  data: Uint32Array | Int32Array,
  usage = GPUBufferUsage.STORAGE,
): GPUBuffer {
  const buffer = device.createBuffer({ size: Math.max(16, data.byteLength), usage, mappedAtCreation: true });
  new Uint32Array(buffer.getMappedRange(0, data.byteLength)).set(data);
  buffer.unmap();
  return buffer;
}
