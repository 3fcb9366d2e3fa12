import type { SceneData } from '../scene/scene-data.js';
import { OBJ_WORDS, maxBubbleSlots, planFrame, dynamicCount } from '../plan/frame-plan.js';
import { shaderSources } from './shaders.js';
import { createFrameSlot, type FrameSlot } from './frame-slot.js';

export const TILE = 16;
const META_TILES = 8;
const PARAM_WORDS = 28;

/** The tiles of frame f that differ from frame f-1 (all tiles when there is no f-1 in this render). */
export interface FramePatch {
  frame: number;
  /** Tile ids (row-major over ceil(w/16) × ceil(h/16) tiles), ascending. */
  tiles: Uint32Array;
  /** 16×16 RGBA8 pixels per tile, in the order of `tiles`. */
  pixels: Uint8Array;
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
    const staticCount = scene.staticObjects.length / OBJ_WORDS;
    const dynCount = dynamicCount(scene);
    const objCapacity = staticCount + dynCount + scene.markerCount + maxBubbleSlots(scene);
    const listCapacity = Math.max(1 << 20, objCapacity * 24);
    const layout = { tilesX, tilesY, staticCount, dynCount, objCapacity, listCapacity };

    const modules = Object.fromEntries(
      Object.entries(shaderSources).map(([k, code]) => [k, device.createShaderModule({ code, label: k })]),
    );
    const make = (module: string, entryPoint: string) =>
      device.createComputePipelineAsync({ layout: 'auto', compute: { module: modules[module], entryPoint } });
    const names = ['glow:main', 'objects:main', 'bin:compact', 'bin:count', 'bin:scan', 'bin:fill', 'raster:main'];
    const built = await Promise.all(names.map((n) => make(...(n.split(':') as [string, string]))));
    const pipelines = Object.fromEntries(names.map((n, i) => [n, built[i]]));

    const shared = {
      entries: upload(device, scene.entries.length ? scene.entries : new Uint32Array(4)),
      words: upload(device, scene.words),
    };
    const slots: FrameSlot[] = [];
    for (let i = 0; i < slotCount; i++) {
      slots.push(createFrameSlot(device, scene, layout, pipelines, shared));
    }
    return new FrameRenderer(device, scene, layout, pipelines, slots);
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

  private async renderIn(s: FrameSlot, f: number, hasPrev: boolean): Promise<FramePatch> {
    const { device, scene, layout } = this;
    const plan = planFrame(scene, f);
    const bubbles = plan.bubbleHi - plan.bubbleLo;
    const objCount = layout.staticCount + layout.dynCount + scene.markerCount + bubbles;
    const params = new Uint32Array(PARAM_WORDS);
    params.set([
      scene.width, scene.height, layout.tilesX, layout.tilesY,
      f, hasPrev ? 1 : 0, scene.seed >>> 0, scene.travel,
      scene.decay, plan.bubbleLo, plan.bubbleHi, plan.glowLo,
      plan.glowHi, layout.staticCount, layout.dynCount, scene.markerCount,
      scene.rowsOff, scene.markersOff, scene.easeOff, scene.arcOff,
      scene.decayOff, scene.radiusUnit, scene.radiusMax, scene.jitter,
      objCount, layout.listCapacity, scene.background, scene.arcMax,
    ]); // prettier-ignore
    device.queue.writeBuffer(s.params, 0, params);
    device.queue.writeBuffer(s.dyn, 0, plan.dyn);

    const enc = device.createCommandEncoder();
    enc.clearBuffer(s.glow);
    enc.clearBuffer(s.flags);
    enc.clearBuffer(s.bins);
    enc.clearBuffer(s.meta, 0, 32);
    const pass = enc.beginComputePass();
    const run = (name: string, groups: number) => {
      pass.setPipeline(this.pipelines[name]);
      pass.setBindGroup(0, s.groups[name]);
      pass.dispatchWorkgroups(groups);
    };
    run('glow:main', Math.ceil((plan.glowHi - plan.glowLo) / 64));
    run('objects:main', Math.ceil((objCount - layout.staticCount) / 64));
    run('bin:compact', 1);
    run('bin:count', Math.ceil(objCount / 64));
    run('bin:scan', 1);
    run('bin:fill', Math.ceil(objCount / 64));
    pass.setPipeline(this.pipelines['raster:main']);
    pass.setBindGroup(0, s.groups['raster:main']);
    pass.dispatchWorkgroupsIndirect(s.meta, 0);
    pass.end();
    enc.copyBufferToBuffer(s.meta, 0, s.metaRead, 0, s.metaRead.size);
    device.queue.submit([enc.finish()]);

    await s.metaRead.mapAsync(GPUMapMode.READ);
    const meta = new Uint32Array(s.metaRead.getMappedRange());
    const n = meta[0];
    const overflow = meta[3];
    const listed = meta[4];
    const tiles = meta.slice(META_TILES, META_TILES + n);
    s.metaRead.unmap();
    if (overflow) {
      throw new Error(`frame ${f}: ${listed} tile-object pairs exceed the list capacity ${layout.listCapacity}`);
    }
    const bytes = n * TILE * TILE * 4;
    if (bytes === 0) return { frame: f, tiles, pixels: new Uint8Array(0) };
    const enc2 = device.createCommandEncoder();
    enc2.copyBufferToBuffer(s.out, 0, s.outRead, 0, bytes);
    device.queue.submit([enc2.finish()]);
    await s.outRead.mapAsync(GPUMapMode.READ, 0, bytes);
    const pixels = new Uint8Array(s.outRead.getMappedRange(0, bytes).slice(0));
    s.outRead.unmap();
    return { frame: f, tiles, pixels };
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

export function upload(device: GPUDevice, data: Uint32Array | Int32Array, usage = GPUBufferUsage.STORAGE): GPUBuffer {
  const buffer = device.createBuffer({ size: Math.max(16, data.byteLength), usage, mappedAtCreation: true });
  new Uint32Array(buffer.getMappedRange(0, data.byteLength)).set(data);
  buffer.unmap();
  return buffer;
}
