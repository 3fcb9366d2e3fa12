import type { SceneData } from '../scene/scene-data.js';
import { maxBubbleSlots, planFrame, dynamicCount } from '../plan/frame-plan.js';
import { OBJ_WORDS } from '../plan/objects.js';
import { baseObjects } from '../plan/base-layer.js';
import { shaderSources } from './shaders.js';
import { createFrameSlot, type FrameSlot } from './frame-slot.js';

import { TILE } from './tile.js';

export { TILE };
const META_TILES = 8;
const PARAM_WORDS = 36;

/** The tiles of frame f that differ from frame f-1 (all tiles when there is no f-1 in this render). */
export interface FramePatch {
  frame: number;
  /** Tile ids (row-major over ceil(w/16) × ceil(h/16) tiles), ascending. */
  tiles: Uint32Array;
  /** TILE×TILE RGBA8 pixels per tile, in the order of `tiles`. */
  pixels: Uint8Array;
  /** (tile, object) pairs the raster went through: the work it did (diagnostics). */
  pairs?: number;
}

/** Milliseconds per GPU stage (profiling only). */
export interface StageTimes {
  simulate: number;
  bin: number;
  raster: number;
  readback: number;
}

export interface RendererLayout {
  tilesX: number;
  tilesY: number;
  staticCount: number;
  dynCount: number;
  objCapacity: number;
  listCapacity: number;
}

/**
 * The GPU core: simulate, glow, bin and raster frame f with WebGPU compute, and read back only the
 * tiles that changed. Written against the standard WebGPU API only, so it runs in a browser page or
 * in Node through Dawn. Several frames can be in flight, one per slot.
 */
export class FrameRenderer {
  private readonly free: FrameSlot[];
  private readonly waiting: ((s: FrameSlot) => void)[] = [];

  private constructor(
    private readonly device: GPUDevice,
    private readonly scene: SceneData,
    readonly layout: RendererLayout,
    private readonly pipelines: Record<string, GPUComputePipeline>,
    slots: FrameSlot[],
  ) {
    this.free = slots;
  }

  static async create(device: GPUDevice, scene: SceneData, slotCount = 2): Promise<FrameRenderer> {
    const tilesX = Math.ceil(scene.width / TILE);
    const tilesY = Math.ceil(scene.height / TILE);
    // The objects that never change are drawn once, into the base layer; none are static per frame.
    const staticCount = 0;
    const dynCount = dynamicCount(scene);
    const base = baseObjects(scene);
    const perFrame = dynCount + scene.markerCount + 2 * scene.labelCount + maxBubbleSlots(scene);
    const objCapacity = Math.max(perFrame, base.length / OBJ_WORDS);
    const listCapacity = Math.max(1 << 20, objCapacity * 24);
    const layout = { tilesX, tilesY, staticCount, dynCount, objCapacity, listCapacity };

    const modules = Object.fromEntries(
      Object.entries(shaderSources).map(([k, code]) => [k, device.createShaderModule({ code, label: k })]),
    );
    const make = (module: string, entryPoint: string) =>
      device.createComputePipelineAsync({ layout: 'auto', compute: { module: modules[module], entryPoint } });
    const names = [
      'glow:main',
      'objects:main',
      'bin:compact',
      'bin:count',
      'bin:scan',
      'bin:fill',
      'raster:main',
    ];
    const built = await Promise.all(names.map((n) => make(...(n.split(':') as [string, string]))));
    const pipelines = Object.fromEntries(names.map((n, i) => [n, built[i]]));

    const shared = {
      entries: upload(device, scene.entries.length ? scene.entries : new Uint32Array(4)),
      words: upload(device, scene.words),
      atlas: upload(device, scene.atlas.length ? scene.atlas : new Uint32Array(4)),
      base: device.createBuffer({ size: scene.width * scene.height * 8, usage: GPUBufferUsage.STORAGE }),
    };
    const slots: FrameSlot[] = [];
    for (let i = 0; i < slotCount; i++) {
      slots.push(createFrameSlot(device, scene, layout, pipelines, shared));
    }
    const renderer = new FrameRenderer(device, scene, layout, pipelines, slots);
    await renderer.buildBase(base);
    return renderer;
  }

  /** Draws the base layer: background, the never-changing objects and the idle labels, every tile. */
  private async buildBase(objects: Int32Array): Promise<void> {
    const s = this.free[0];
    this.device.queue.writeBuffer(s.objects, 0, objects);
    const count = objects.length / OBJ_WORDS;
    this.writeParams(s, { frame: 0, hasPrev: false, objCount: count, mode: 1, ranges: [0, 0, 0, 0] });
    const enc = this.device.createCommandEncoder();
    enc.clearBuffer(s.flags);
    enc.clearBuffer(s.bins);
    enc.clearBuffer(s.meta, 0, 32);
    const pass = enc.beginComputePass();
    const stages: [string, number][] = [['bin:compact', 1], ['bin:count', Math.ceil(count / 64)], ['bin:scan', 1], ['bin:fill', Math.ceil(count / 64)], ['raster:main', -1]]; // prettier-ignore
    this.encode(pass, s, stages);
    pass.end();
    enc.copyBufferToBuffer(s.meta, 0, s.metaRead, 0, s.metaRead.size);
    this.device.queue.submit([enc.finish()]);
    await this.readBack(s, -1);
  }

  private encode(pass: GPUComputePassEncoder, s: FrameSlot, stages: [string, number][]): void {
    for (const [name, groups] of stages) {
      if (groups === 0) continue; // nothing to do (and Dawn warns about empty dispatches)
      pass.setPipeline(this.pipelines[name]);
      pass.setBindGroup(0, s.groups[name]);
      if (groups < 0) pass.dispatchWorkgroupsIndirect(s.meta, 0);
      else pass.dispatchWorkgroups(groups);
    }
  }

  /** Renders frame f; `hasPrev` says the caller holds frame f-1, so only changed tiles come back. */
  async render(f: number, hasPrev: boolean): Promise<FramePatch> {
    const slot = await this.acquire();
    try {
      return await this.renderIn(slot, f, hasPrev);
    } finally {
      this.release(slot);
    }
  }

  private async renderIn(s: FrameSlot, f: number, hasPrev: boolean, times?: StageTimes): Promise<FramePatch> {
    const { device } = this;
    const stages = this.prepare(s, f, hasPrev);
    const submit = async (names: string[], stage?: keyof StageTimes) => {
      const t0 = performance.now();
      const enc = device.createCommandEncoder();
      if (names.includes('clear')) {
        enc.clearBuffer(s.glow);
        enc.clearBuffer(s.flags);
        enc.clearBuffer(s.bins);
        enc.clearBuffer(s.meta, 0, 32);
      }
      const pass = enc.beginComputePass();
      this.encode(
        pass,
        s,
        stages.filter(([name]) => names.includes(name)),
      );
      pass.end();
      if (names.includes('read')) enc.copyBufferToBuffer(s.meta, 0, s.metaRead, 0, s.metaRead.size);
      device.queue.submit([enc.finish()]);
      if (times && stage) {
        await device.queue.onSubmittedWorkDone();
        times[stage] += performance.now() - t0;
      }
    };
    if (times) {
      // Profiling: each stage alone, waited for, so that its time can be told apart.
      await submit(['clear', 'glow:main', 'objects:main'], 'simulate');
      await submit(['bin:compact', 'bin:count', 'bin:scan', 'bin:fill'], 'bin');
      await submit(['raster:main'], 'raster');
      await submit(['read']);
    } else {
      await submit(['clear', ...stages.map(([n]) => n), 'read']);
    }
    const t0 = performance.now();
    const patch = await this.readBack(s, f);
    if (times) times.readback += performance.now() - t0;
    return patch;
  }

  /** Writes the frame's parameters and host-made objects; returns the passes and their workgroup counts. */
  private prepare(s: FrameSlot, f: number, hasPrev: boolean): [string, number][] {
    const { device, scene, layout } = this;
    const plan = planFrame(scene, f);
    const bubbles = plan.bubbleHi - plan.bubbleLo;
    const objCount = layout.dynCount + scene.markerCount + 2 * scene.labelCount + bubbles;
    this.writeParams(s, {
      frame: f,
      hasPrev,
      objCount,
      mode: 0,
      ranges: [plan.bubbleLo, plan.bubbleHi, plan.glowLo, plan.glowHi],
    });
    device.queue.writeBuffer(s.dyn, 0, plan.dyn);
    return [
      ['glow:main', Math.ceil((plan.glowHi - plan.glowLo) / 64)],
      ['objects:main', Math.ceil((objCount - layout.staticCount) / 64)],
      ['bin:compact', 1],
      ['bin:count', Math.ceil(objCount / 64)],
      ['bin:scan', 1],
      ['bin:fill', Math.ceil(objCount / 64)],
      ['raster:main', -1], // indirect: one workgroup per dirty tile, counted on the GPU
    ];
  }

  private writeParams(
    s: FrameSlot,
    p: { frame: number; hasPrev: boolean; objCount: number; mode: number; ranges: number[] },
  ): void {
    const { scene, layout } = this;
    const [bubbleLo, bubbleHi, glowLo, glowHi] = p.ranges;
    const params = new Uint32Array(PARAM_WORDS);
    params.set([
      scene.width, scene.height, layout.tilesX, layout.tilesY,
      p.frame, p.hasPrev ? 1 : 0, scene.seed >>> 0, scene.travel,
      scene.decay, bubbleLo, bubbleHi, glowLo,
      glowHi, layout.staticCount, layout.dynCount, scene.markerCount,
      scene.rowsOff, scene.markersOff, scene.easeOff, scene.arcOff,
      scene.decayOff, scene.radiusUnit, scene.radiusMax, scene.jitter,
      p.objCount, layout.listCapacity, scene.background, scene.arcMax,
      scene.labelCount, scene.labelsOff, scene.atlasWidth, scene.spread,
      scene.flags, scene.hotLevel, p.mode, 0,
    ]); // prettier-ignore
    this.device.queue.writeBuffer(s.params, 0, params);
  }

  /** Two small round trips: the dirty-tile list first, then exactly that many tiles of pixels. */
  private async readBack(s: FrameSlot, f: number): Promise<FramePatch> {
    const { device, layout } = this;
    await s.metaRead.mapAsync(GPUMapMode.READ);
    const meta = new Uint32Array(s.metaRead.getMappedRange());
    const [, , , overflow, listed, n] = meta;
    const tiles = meta.slice(META_TILES, META_TILES + n);
    s.metaRead.unmap();
    if (overflow) {
      throw new Error(
        `frame ${f}: ${listed} tile-object pairs exceed the list capacity ${layout.listCapacity}`,
      );
    }
    const bytes = n * TILE * TILE * 4;
    if (bytes === 0) return { frame: f, tiles, pixels: new Uint8Array(0), pairs: listed };
    const enc = device.createCommandEncoder();
    enc.copyBufferToBuffer(s.out, 0, s.outRead, 0, bytes);
    device.queue.submit([enc.finish()]);
    await s.outRead.mapAsync(GPUMapMode.READ, 0, bytes);
    const pixels = new Uint8Array(s.outRead.getMappedRange(0, bytes).slice(0));
    s.outRead.unmap();
    return { frame: f, tiles, pixels, pairs: listed };
  }

  /** Renders frames one at a time, each stage alone, and returns the total milliseconds per stage. */
  async profile(from: number, to: number): Promise<StageTimes & { tiles: number }> {
    const times: StageTimes = { simulate: 0, bin: 0, raster: 0, readback: 0 };
    let tiles = 0;
    const slot = await this.acquire();
    try {
      for (let f = from; f <= to; f++) tiles += (await this.renderIn(slot, f, f > from, times)).tiles.length;
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
