import type { SceneData } from '../scene/scene-data.js';
import { dynamicCount, maxBubbleSlots } from '../plan/frame-plan.js';
import { Label, Sizes, TILE } from './abi.js';

/** Sizes of a render's GPU buffers, fixed for its scene. */
export interface RendererLayout {
  tilesX: number;
  tilesY: number;
  /** Host-made objects a frame (bars, progress line, text glyphs). */
  dynCount: number;
  /** Object slots: the most any frame or the base layer needs. */
  objCapacity: number;
  /** (tile, object) pairs the bin list holds. */
  listCapacity: number;
}

/** Tiles of the frame: what the tile flags, the dirty list and the read-back buffer are sized by. */
export const tileCount = (layout: RendererLayout) => layout.tilesX * layout.tilesY;

/** Object slots of frame f in the objects pass: [dyn | markers | label glyphs | bubbles]. */
export function frameObjectCount(scene: SceneData, dynCount: number, bubbles: number): number {
  return dynCount + scene.markerCount + Label.SLOTS * scene.labelCount + bubbles;
}

/** `baseObjectCount`: objects of the base layer (src/plan/base-layer.ts). */
export function rendererLayout(scene: SceneData, baseObjectCount: number): RendererLayout {
  const dynCount = dynamicCount(scene);
  const objCapacity = Math.max(frameObjectCount(scene, dynCount, maxBubbleSlots(scene)), baseObjectCount);
  // The raster orders the objects drawn over the light by (layer, id) in one u32 (abi.ts LAYER_SHIFT).
  if (objCapacity >= 1 << Sizes.LAYER_SHIFT) {
    throw new Error(`${objCapacity} object slots exceed the ${1 << Sizes.LAYER_SHIFT} the raster can order`);
  }
  return {
    tilesX: Math.ceil(scene.width / TILE),
    tilesY: Math.ceil(scene.height / TILE),
    dynCount,
    objCapacity,
    listCapacity: Math.max(1 << 20, objCapacity * 24),
  };
}
