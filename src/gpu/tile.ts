/** Tile edge in pixels (TILE in shaders/common.wgsl): the unit of change detection and transport. */
export const TILE = 8;
/** Bytes of one tile of RGBA8 pixels. */
export const TILE_BYTES = TILE * TILE * 4;
