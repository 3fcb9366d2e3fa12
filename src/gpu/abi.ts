/**
 * The GPU contract: every number, record layout and binding that the WGSL in shaders/ and the
 * TypeScript must agree on, defined once, here. The shaders get these as generated `const` lines
 * and the `struct Params` declaration (`wgslPrelude`, prepended by src/gpu/shaders.ts), so no .wgsl
 * file repeats a number; test/gpu/abi.test.ts reads the compiled WGSL back and checks the
 * bindings and structs against these tables.
 *
 * A leaf module: it imports nothing, and every stage may import it (the scene writes objects and
 * records in these layouts). To add a constant, add one entry to a table below; it reaches WGSL
 * under the table's prefix (Kind.GLYPH → KIND_GLYPH).
 */

/** Tile edge in pixels: the unit of change detection, binning and transport; small, so that a
 *  moving bubble re-rasterises few pixels. */
export const TILE = 8;
/** Bytes of one tile of RGBA8 pixels. */
export const TILE_BYTES = TILE * TILE * 4;
/** Invocations per workgroup of every 1-D pass (glow, objects, bin count/fill, raster). */
export const WORKGROUP_SIZE = 64;

/** Single numbers the shaders read by these names. */
export const Sizes = {
  TILE,
  TILE_SHIFT: Math.log2(TILE),
  TILE_PIXELS: TILE * TILE,
  WORKGROUP_SIZE,
  /** The raster runs one invocation per row of a tile, so a workgroup takes this many dirty tiles. */
  RASTER_TILES: WORKGROUP_SIZE / TILE,
  /** Words of one object record (struct Obj: two vec4<i32>). */
  OBJ_WORDS: 8,
  /** tileSlot of a tile that is not dirty. */
  NO_SLOT: 0xffffffff,
  /** Glow saturates here; halos and labels follow it in steps of GLOW_STEP (a label redraws only
   *  when its glow crosses a step, not on every frame of its decay). */
  GLOW_MAX: 1024,
  GLOW_STEP: 64,
  /** Alpha of an idle port label: the base layer draws it, a glowing label takes it away again. */
  LABEL_IDLE_ALPHA: 120,
  /** Words per pixel of the base layer: r | g << 16, then b (16 bits a channel). */
  BASE_WORDS: 2,
  /** Dark outline of text drawn over the light, in atlas texels beyond the glyph's edge (< the
   *  atlas's spread, so the distance field still reaches it). */
  GLYPH_OUTLINE: 2,
  /** Opacity (of 256) of the background-coloured plate under a hot port label (less while the glow
   *  is below hot): what lies under it still shows, too faint to compete with the label's text. */
  PLATE_ALPHA: 216,
  /** Objects drawn over the light carry a layer in the top byte of their colour word (bits from
   *  LAYER_SHIFT): text 0, a glowing label and its plate its glow level / GLOW_STEP, so that hotter
   *  labels lie over cooler ones. They are drawn by layer, then by object id (ids < 2^24). */
  LAYER_SHIFT: 24,
} as const;
export const OBJ_WORDS = Sizes.OBJ_WORDS;

/** Object kinds, word 0 of an object record (struct Obj in shaders/common.wgsl). WGSL: KIND_*, i32. */
export const Kind = {
  NONE: 0,
  DISC: 1,
  MARKER: 2,
  RECT: 3,
  GLYPH: 4,
  /** A glyph whose light is taken away (an idle label leaving the base layer). */
  GLYPH_SUB: 5,
  /** Drawn over the light, after every additive object, in object order: a glyph blended over the
   *  tone-mapped picture (a dark outline of GLYPH_OUTLINE texels, then its colour). */
  GLYPH_OVER: 6,
  /** Drawn over the light like GLYPH_OVER: pixels [x, p0) × [y, p1) blended towards the background
   *  by alpha (the plate under a glowing port label). */
  PLATE: 7,
} as const;

/** Params.flags bits, set by the theme. WGSL: FLAG_*. */
export const ThemeFlag = {
  /** Light theme: the dark picture's light, subtracted from white. */
  LIGHT: 1,
  /** Alpha from coverage, no background. */
  TRANSPARENT: 2,
} as const;

/** Third word of hash3(seed, entry, purpose): keeps a bubble's random numbers apart. WGSL: JITTER_*. */
export const JitterPurpose = {
  /** Destination x. */
  X: 1,
  /** Destination y. */
  Y: 2,
  /** Height of the flight's arc. */
  ARC: 3,
} as const;

/**
 * Words of the meta buffer (`tileMeta` in bin.wgsl and raster.wgsl), written by bin:compact and
 * bin:scan, read back by the host. Words 6 and 7 are unused. WGSL: META_*.
 */
export const Meta = {
  /** The raster's indirect dispatch: workgroups x, y, z. */
  DISPATCH_X: 0,
  DISPATCH_Y: 1,
  DISPATCH_Z: 2,
  /** 1 when the tile-object list overflowed its capacity. */
  OVERFLOW: 3,
  /** (tile, object) pairs listed. */
  LISTED: 4,
  /** Dirty tiles this frame. */
  DIRTY: 5,
  /** First of the dirty tile ids, ascending. */
  TILES: 8,
} as const;

/**
 * The bins buffer: three sections (counts, offsets, cursors), each with one word per (dirty tile,
 * class). Glyphs are binned apart from shapes so that the raster runs two small loops. WGSL: BIN_*.
 */
export const Bin = {
  CLASS_SHAPE: 0,
  CLASS_GLYPH: 1,
  /** GLYPH_OVER and PLATE: drawn last, by layer then object id (order:main sorts them so). */
  CLASS_OVER: 2,
  CLASSES: 3,
  /** Objects binned to the (tile, class), counted by bin:count. */
  COUNTS: 0,
  /** Where its ids start in the list, from bin:scan. */
  OFFSETS: 1,
  /** Ids written so far, by bin:fill. */
  CURSORS: 2,
  SECTIONS: 3,
} as const;

/**
 * Words of the live buffer, written each frame by live:main: the object slots a frame simulates and
 * bins, in slot order within each part — the host-made objects that change, then the live marker and
 * label slots (those of the ports glowing at f or f-1: every other port's slots are empty at both, so
 * they are neither simulated nor binned), then the bubbles, then the host-made objects that never
 * change (binned, never simulated). The base layer's pass writes it from the host: every slot. WGSL: LIVE_*.
 */
export const Live = {
  /** objects:main's indirect dispatch (every listed slot but the never-changing ones). */
  OBJECTS_X: 0,
  OBJECTS_Y: 1,
  OBJECTS_Z: 2,
  /** bin:count's and bin:fill's indirect dispatch (every listed slot). */
  BIN_X: 3,
  BIN_Y: 4,
  BIN_Z: 5,
  /** Slots listed. */
  COUNT: 6,
  /** First of the slot ids. */
  IDS: 8,
} as const;

/** A country row in the scene words (at rowsOff, WORDS each); positions in 1/16 px. WGSL: ROW_*. */
export const Row = { LEFT: 0, RIGHT: 1, Y: 2, RGB: 3, WORDS: 4 } as const;

/** A marker (a port or host target) in the scene words (at markersOff, WORDS each). WGSL: MARKER_*. */
export const Marker = {
  /** Centre, 1/16 px. */
  X: 0,
  Y: 1,
  /** Halo radius at rest, 1/16 px. */
  HALO: 2,
  RGB: 3,
  /** Label size: px per atlas texel, in 1/256. */
  SCALE: 4,
  /** How much the label grows at full glow, in 1/256 of its size. */
  SWELL: 5,
  /** The box of the label at rest, relative to the centre, 1/16 px, signed: left, top, right of the
   *  number alone, right with the service name, bottom; the plate under a glowing label, padded. */
  PLATE_X0: 6,
  PLATE_Y0: 7,
  PLATE_X1: 8,
  PLATE_NAME_X1: 9,
  PLATE_Y1: 10,
  WORDS: 12,
} as const;

/** One glyph of a port label in the scene words (at labelsOff, WORDS each). WGSL: LABEL_*. */
export const Label = {
  /** The marker's index, with NAME_BIT set for a service-name glyph (shown only while hot). */
  HEAD: 0,
  /** Atlas position x | y << 16. */
  ATLAS: 1,
  /** Atlas rectangle w | h << 16, texels. */
  SIZE: 2,
  /** Offset from the marker, 1/16 px at rest: dx | dy << 16, signed 16 bits each. */
  OFFSET: 3,
  WORDS: 4,
  NAME_BIT: 0x80000000,
  /** Object slots per label glyph in the objects pass: the idle glyph taken away, the label's plate
   *  (on its first glyph only, so that it lies over every label drawn before and under its own
   *  text), the glowing glyph. */
  SLOTS: 3,
} as const;

type WgslScalar = 'u32' | 'i32';

/** The tables above as WGSL constants: one `const` line per entry, named prefix + key. */
const CONST_TABLES: { prefix: string; type: WgslScalar; table: Record<string, number> }[] = [
  { prefix: '', type: 'u32', table: Sizes },
  { prefix: 'KIND_', type: 'i32', table: Kind },
  { prefix: 'FLAG_', type: 'u32', table: ThemeFlag },
  { prefix: 'JITTER_', type: 'u32', table: JitterPurpose },
  { prefix: 'META_', type: 'u32', table: Meta },
  { prefix: 'BIN_', type: 'u32', table: Bin },
  { prefix: 'LIVE_', type: 'u32', table: Live },
  { prefix: 'ROW_', type: 'u32', table: Row },
  { prefix: 'MARKER_', type: 'u32', table: Marker },
  { prefix: 'LABEL_', type: 'u32', table: Label },
];

/**
 * The uniform every pass reads as `P`, field by field in this order (all u32); the host packs it
 * by name (`packParams`). Positions in 1/16 px, colours 0xBBGGRR.
 */
export const PARAMS = {
  width: 'frame width, px',
  height: 'frame height, px',
  tilesX: 'tiles a row',
  tilesY: 'tile rows',
  frame: 'the frame rendered',
  hasPrev: '1: the host holds frame - 1, so only changed tiles are rasterised',
  seed: 'the render seed',
  travel: 'frames a bubble flies',
  decay: 'frames a hit glows',
  bubbleLo: 'entries [bubbleLo, bubbleHi) may fly at frame or frame - 1',
  bubbleHi: '',
  glowLo: 'entries [glowLo, glowHi) may glow at frame or frame - 1',
  glowHi: '',
  dynCount: 'host-made objects a frame',
  fixedCount: 'the last of them, the same every frame: in the object slots once, never simulated',
  markerCount: 'markers in the scene words',
  rowsOff: 'offsets into the scene words',
  markersOff: '',
  easeOff: '',
  arcOff: '',
  decayOff: '',
  radiusUnit: 'bubble radius per square root of a packet, 1/16 px',
  radiusMax: 'largest bubble radius, 1/16 px',
  jitter: 'destination jitter amplitude, 1/16 px',
  objCount: 'object slots this pass',
  listCapacity: 'tile-object pairs the list holds',
  background: 'background colour',
  arcMax: 'largest height of a flight arc, 1/16 px',
  labelCount: 'port-label glyphs',
  labelsOff: 'offset of the label glyphs in the scene words',
  atlasWidth: 'texels a row of the font atlas',
  spread: 'distance-field spread, texels',
  flags: 'ThemeFlag bits',
  hotLevel: 'glow from which a port is hot (its service name shows)',
  drawBase: '1: draw background + never-changing objects into the base layer; 0: a frame on top of it',
} as const;

export type ParamName = keyof typeof PARAMS;
export type Params = Record<ParamName, number>;
export const PARAM_NAMES = Object.keys(PARAMS) as ParamName[];

/** The Params words in declaration order, each taken by name. */
export function packParams(p: Params): Uint32Array {
  return Uint32Array.from(PARAM_NAMES, (name) => p[name]);
}

/**
 * Bindings (group 0) of each shader module, by the name of the WGSL variable. Entry points of one
 * module share its declarations; a pipeline's auto layout keeps only the bindings it uses.
 */
export const BINDINGS = {
  glow: { P: 0, entries: 1, scene: 2, glow: 3 },
  live: { P: 0, glow: 1, markerGlyphs: 2, live: 3 },
  objects: { P: 0, entries: 1, scene: 2, glow: 3, dyn: 4, objects: 5, flags: 6, live: 7 },
  bin: { P: 0, flags: 1, tileSlot: 2, tileMeta: 3, objects: 4, bins: 5, list: 6, live: 7 },
  order: { P: 0, tileMeta: 1, objects: 2, bins: 3, list: 4 },
  raster: { P: 0, tileMeta: 1, objects: 2, bins: 3, list: 4, outPixels: 5, atlas: 6, baseLayer: 7 },
} as const;
export type ShaderModuleName = keyof typeof BINDINGS;
type BindingName<M extends ShaderModuleName> = keyof (typeof BINDINGS)[M] & string;
const uses = <M extends ShaderModuleName>(_module: M, ...names: BindingName<M>[]) => names;

/** Every compute pipeline, as module:entryPoint, with exactly the bindings its entry point uses. */
export const PIPELINES = {
  'glow:main': uses('glow', 'P', 'entries', 'scene', 'glow'),
  'live:main': uses('live', 'P', 'glow', 'markerGlyphs', 'live'),
  'objects:main': uses('objects', 'P', 'entries', 'scene', 'glow', 'dyn', 'objects', 'flags', 'live'),
  'bin:compact': uses('bin', 'P', 'flags', 'tileSlot', 'tileMeta'),
  'bin:count': uses('bin', 'P', 'tileSlot', 'objects', 'bins', 'live'),
  'bin:scan': uses('bin', 'P', 'tileMeta', 'bins'),
  'bin:fill': uses('bin', 'P', 'tileSlot', 'objects', 'bins', 'list', 'live'),
  'order:main': uses('order', 'P', 'tileMeta', 'objects', 'bins', 'list'),
  // prettier-ignore
  'raster:main': uses('raster', 'P', 'tileMeta', 'objects', 'bins', 'list', 'outPixels', 'atlas', 'baseLayer'),
} satisfies Record<`${ShaderModuleName}:${string}`, string[]>;
export type PipelineName = keyof typeof PIPELINES;

/** Every binding name of every module: a slot supplies one buffer per name. */
export type AnyBindingName = { [M in ShaderModuleName]: BindingName<M> }[ShaderModuleName];

/** The generated WGSL that every module starts with: the constants above and `struct Params`. */
export function wgslPrelude(): string {
  const lines = ['// Generated from src/gpu/abi.ts: edit the tables there, not here.'];
  for (const { prefix, type, table } of CONST_TABLES) {
    for (const [key, value] of Object.entries(table)) {
      const [lo, hi] = type === 'u32' ? [0, 0xffffffff] : [-0x80000000, 0x7fffffff];
      if (!Number.isInteger(value) || value < lo || value > hi) {
        throw new Error(`${prefix}${key} = ${value} is not a ${type}`);
      }
      const literal = type === 'u32' ? `${value}u` : `${value}`;
      lines.push(`const ${prefix}${key}: ${type} = ${literal};`);
    }
  }
  lines.push('struct Params {');
  for (const [name, doc] of Object.entries(PARAMS)) lines.push(`  ${name}: u32,${doc ? ` // ${doc}` : ''}`);
  lines.push('}', '');
  return lines.join('\n');
}
