import common from '../../shaders/common.wgsl';
import glow from '../../shaders/glow.wgsl';
import objects from '../../shaders/objects.wgsl';
import bin from '../../shaders/bin.wgsl';
import raster from '../../shaders/raster.wgsl';

/** WGSL has no includes: every pass is compiled with the shared declarations in front. */
export const shaderSources = {
  glow: common + glow,
  objects: common + objects,
  bin: common + bin,
  raster: common + raster,
};
