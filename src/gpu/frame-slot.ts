import type { SceneData } from '../scene/scene-data.js';
import type { RendererLayout } from './frame-renderer.js';
import { TILE } from './tile.js';

/** One frame in flight: its own per-frame buffers, bind groups and read-back buffers. */
export interface FrameSlot {
  params: GPUBuffer;
  glow: GPUBuffer;
  dyn: GPUBuffer;
  objects: GPUBuffer;
  flags: GPUBuffer;
  tileSlot: GPUBuffer;
  meta: GPUBuffer;
  bins: GPUBuffer;
  list: GPUBuffer;
  out: GPUBuffer;
  metaRead: GPUBuffer;
  outRead: GPUBuffer;
  groups: Record<string, GPUBindGroup>;
}

const S = GPUBufferUsage.STORAGE;
const OBJ_BYTES = 32;

export function createFrameSlot(
  device: GPUDevice,
  scene: SceneData,
  layout: RendererLayout,
  pipelines: Record<string, GPUComputePipeline>,
  shared: { entries: GPUBuffer; words: GPUBuffer; atlas: GPUBuffer; base: GPUBuffer },
): FrameSlot {
  const tiles = layout.tilesX * layout.tilesY;
  const buf = (size: number, usage: number) => device.createBuffer({ size: Math.max(16, size), usage });
  const objects = buf(layout.objCapacity * OBJ_BYTES, S | GPUBufferUsage.COPY_DST);
  const s = {
    params: buf(256, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST),
    glow: buf(2 * scene.markerCount * 4, S | GPUBufferUsage.COPY_DST),
    dyn: buf(2 * layout.dynCount * OBJ_BYTES, S | GPUBufferUsage.COPY_DST),
    objects,
    flags: buf(tiles * 4, S | GPUBufferUsage.COPY_DST),
    tileSlot: buf(tiles * 4, S),
    meta: buf(
      (8 + tiles) * 4,
      S | GPUBufferUsage.INDIRECT | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    ),
    bins: buf(6 * tiles * 4, S | GPUBufferUsage.COPY_DST),
    list: buf(layout.listCapacity * 4, S),
    out: buf(tiles * TILE * TILE * 4, S | GPUBufferUsage.COPY_SRC),
    metaRead: buf((8 + tiles) * 4, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST),
    outRead: buf(tiles * TILE * TILE * 4, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST),
  };
  // Bindings by number, as each shader declares them; an entry point's auto layout holds only the
  // bindings it uses.
  const group = (name: string, bindings: Record<number, GPUBuffer>) =>
    device.createBindGroup({
      layout: pipelines[name].getBindGroupLayout(0),
      entries: Object.entries(bindings).map(([binding, buffer]) => ({
        binding: Number(binding),
        resource: { buffer },
      })),
    });
  const { params: p } = s;
  const groups = {
    'glow:main': group('glow:main', { 0: p, 1: shared.entries, 2: shared.words, 3: s.glow }),
    'objects:main': group('objects:main', {
      0: p, 1: shared.entries, 2: shared.words, 3: s.glow, 4: s.dyn, 5: s.objects, 6: s.flags,
    }), // prettier-ignore
    'bin:compact': group('bin:compact', { 0: p, 1: s.flags, 2: s.tileSlot, 3: s.meta }),
    'bin:count': group('bin:count', { 0: p, 2: s.tileSlot, 4: s.objects, 5: s.bins }),
    'bin:scan': group('bin:scan', { 0: p, 3: s.meta, 5: s.bins }),
    'bin:fill': group('bin:fill', { 0: p, 2: s.tileSlot, 4: s.objects, 5: s.bins, 6: s.list }),
    'raster:main': group('raster:main', {
      0: p,
      1: s.meta,
      2: s.objects,
      3: s.bins,
      4: s.list,
      5: s.out,
      6: shared.atlas,
      7: shared.base,
    }),
  };
  return { ...s, groups };
}
