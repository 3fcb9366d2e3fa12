import type { SceneData } from '../scene/scene-data.js';
import {
  BINDINGS,
  Bin,
  Live,
  Meta,
  OBJ_WORDS,
  PIPELINES,
  TILE_BYTES,
  type AnyBindingName,
  type PipelineName,
  type ShaderModuleName,
} from './abi.js';
import { tileCount, type RendererLayout } from './renderer-layout.js';

/** One frame in flight: its own per-frame buffers, bind groups and read-back buffers. */
export interface FrameSlot {
  params: GPUBuffer;
  glow: GPUBuffer;
  live: GPUBuffer;
  dyn: GPUBuffer;
  objects: GPUBuffer;
  flags: GPUBuffer;
  tileSlot: GPUBuffer;
  meta: GPUBuffer;
  bins: GPUBuffer;
  list: GPUBuffer;
  out: GPUBuffer;
  /** Where a frame is read back: the meta words, then from readPixelsAt(tiles) the dirty tiles' pixels. */
  read: GPUBuffer;
  groups: Record<PipelineName, GPUBindGroup>;
}

/** Buffers every slot shares: the scene's, and the base layer. */
export interface SharedBuffers {
  entries: GPUBuffer;
  words: GPUBuffer;
  atlas: GPUBuffer;
  base: GPUBuffer;
  markerGlyphs: GPUBuffer;
}

const S = GPUBufferUsage.STORAGE;
const OBJ_BYTES = OBJ_WORDS * 4;

/** Bytes of the meta words for `tiles` tiles (the META_* words, then the dirty tile ids). */
export const metaBytes = (tiles: number) => (Meta.TILES + tiles) * 4;

/** Where the pixels start in a slot's read-back buffer: after the meta words, 8-byte aligned (mapAsync's offsets). */
export const readPixelsAt = (tiles: number) => Math.ceil(metaBytes(tiles) / 8) * 8;

/** A slot's buffers, without its bind groups. */
export type SlotBuffers = Omit<FrameSlot, 'groups'>;

/** The buffers of a slot: they need no pipeline, so they can be made while the pipelines compile. */
export function createSlotBuffers(device: GPUDevice, scene: SceneData, layout: RendererLayout): SlotBuffers {
  const tiles = tileCount(layout);
  // Whole quads of tiles: bin.wgsl reads and writes the flags and slots four tiles a word.
  const quadBytes = Math.ceil(tiles / 4) * 16;
  const buf = (size: number, usage: number) => device.createBuffer({ size: Math.max(16, size), usage });
  return {
    params: buf(256, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST),
    glow: buf(2 * scene.markerCount * 4, S | GPUBufferUsage.COPY_DST),
    live: buf((Live.IDS + layout.objCapacity) * 4, S | GPUBufferUsage.INDIRECT | GPUBufferUsage.COPY_DST),
    dyn: buf(2 * layout.dynCount * OBJ_BYTES, S | GPUBufferUsage.COPY_DST),
    objects: buf(layout.objCapacity * OBJ_BYTES, S | GPUBufferUsage.COPY_DST),
    flags: buf(quadBytes, S | GPUBufferUsage.COPY_DST),
    tileSlot: buf(quadBytes, S),
    meta: buf(
      metaBytes(tiles),
      S | GPUBufferUsage.INDIRECT | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    ),
    bins: buf(Bin.SECTIONS * Bin.CLASSES * tiles * 4, S | GPUBufferUsage.COPY_DST),
    list: buf(layout.listCapacity * 4, S),
    out: buf(tiles * TILE_BYTES, S | GPUBufferUsage.COPY_SRC),
    read: buf(readPixelsAt(tiles) + tiles * TILE_BYTES, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST),
  };
}

/** The slot: its buffers bound to every pipeline. */
export function bindFrameSlot(
  device: GPUDevice,
  s: SlotBuffers,
  pipelines: Record<PipelineName, GPUComputePipeline>,
  shared: SharedBuffers,
): FrameSlot {
  // Each WGSL binding name stands for one buffer in every module that declares it.
  const byName: Record<AnyBindingName, GPUBuffer> = {
    P: s.params, entries: shared.entries, scene: shared.words, glow: s.glow, live: s.live,
    markerGlyphs: shared.markerGlyphs, dyn: s.dyn,
    objects: s.objects, flags: s.flags, tileSlot: s.tileSlot, tileMeta: s.meta, bins: s.bins,
    list: s.list, outPixels: s.out, atlas: shared.atlas, baseLayer: shared.base,
  }; // prettier-ignore
  // A pipeline's auto layout holds only the bindings its entry point uses: exactly PIPELINES' list.
  const groups = {} as Record<PipelineName, GPUBindGroup>;
  for (const [name, uses] of Object.entries(PIPELINES) as [PipelineName, AnyBindingName[]][]) {
    const table = BINDINGS[name.split(':')[0] as ShaderModuleName] as Record<string, number>;
    groups[name] = device.createBindGroup({
      layout: pipelines[name].getBindGroupLayout(0),
      entries: uses.map((binding) => ({ binding: table[binding], resource: { buffer: byName[binding] } })),
    });
  }
  return { ...s, groups };
}
