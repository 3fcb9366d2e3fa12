import common from '../../shaders/common.wgsl';
import glow from '../../shaders/glow.wgsl';
import live from '../../shaders/live.wgsl';
import objects from '../../shaders/objects.wgsl';
import bin from '../../shaders/bin.wgsl';
import order from '../../shaders/order.wgsl';
import raster from '../../shaders/raster.wgsl';
import { wgslPrelude, type ShaderModuleName } from './abi.js';

/**
 * WGSL has no includes: every module is compiled with the generated contract (constants and
 * `struct Params` from abi.ts) and the shared functions of common.wgsl in front.
 */
const front = wgslPrelude() + common;

export const shaderSources: Record<ShaderModuleName, string> = {
  glow: front + glow,
  live: front + live,
  objects: front + objects,
  bin: front + bin,
  order: front + order,
  raster: front + raster,
};
