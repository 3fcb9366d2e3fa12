import type { AtlasGlyph } from '../text/font-atlas.js';

/**
 * Everything the GPU core needs for a render, as flat integer arrays: what the scene stage hands to
 * the frame plan and the GPU, and what travels once to the page. Positions are in 1/16 px.
 */
export interface SceneData {
  width: number;
  height: number;
  seed: number;
  travel: number;
  decay: number;
  /** Frames in the render span (one per time bin). */
  frameCount: number;
  /** Background colour, 0xBBGGRR. */
  background: number;
  /** Bubble radius per √packet, 1/16 px; and its cap. */
  radiusUnit: number;
  radiusMax: number;
  /** Destination jitter and path-arc amplitudes, 1/16 px. */
  jitter: number;
  arcMax: number;
  rowCount: number;
  markerCount: number;
  /** Port-label glyphs (Label records of src/gpu/abi.ts at labelsOff). */
  labelCount: number;
  labelsOff: number;
  /** Glow level from which a port counts as hot (its service name shows). */
  hotLevel: number;
  /** The font's distance field, 4 texels per word, atlasWidth texels a row; spread in texels. */
  atlas: Uint32Array;
  atlasWidth: number;
  spread: number;
  /** ThemeFlag bits (src/gpu/abi.ts). */
  flags: number;
  /** 4 words per timeline entry: bin, country row, marker, packets. Sorted by bin. */
  entries: Uint32Array;
  /** frameCount + 1 offsets into entries (in entries, not words). */
  binOffsets: Uint32Array;
  /** Scene words: rows, markers and port labels (the Row, Marker and Label records of src/gpu/abi.ts),
   *  then the motion and decay tables. */
  words: Uint32Array;
  rowsOff: number;
  markersOff: number;
  easeOff: number;
  arcOff: number;
  decayOff: number;
  /** Objects that never change (OBJ_WORDS each, kinds in src/gpu/abi.ts), drawn once into the base layer. */
  staticObjects: Int32Array;
  /** Text that never changes (GLYPH_OVER objects): drawn over the light, so every frame lists it
   *  (the frame plan appends it to the host-made objects); textRuns: its glyphs per text, in order. */
  textObjects: Int32Array;
  textRuns: number[];
  /** Running-total bars (country rows, then hosts in the hosts view): x0, y0, y1, full width (px), rgb, scale. */
  bars: Int32Array;
  barCount: number;
  /** (frameCount + 1) × barCount: packets of each bar's item that landed before frame k's cut, at [k·barCount + i]. */
  barCumulative: Uint32Array;
  /** Time progress line: y0, y1 (px), rgb. */
  progress: [number, number, number];
  /** Host-made text, fixed slots per field so that frames compare slot by slot (src/plan/dynamic-text.ts). */
  text: DynamicTextSpec;
  /** The atlas's metrics, for laying out host-made text in the page. */
  font: FontMetrics;
}

/** FontAtlas without its pixels, in a form that survives JSON. */
export interface FontMetrics {
  emTexels: number;
  ascent: number;
  descent: number;
  lineHeight: number;
  glyphs: [string, AtlasGlyph][];
  missing: AtlasGlyph;
}

/** Text the host writes each frame: the clock, each row's running total, callouts. */
export interface DynamicTextSpec {
  /** Epoch seconds of frame 0 and seconds per frame, for the clock. */
  start: number;
  binSeconds: number;
  clock: TextSlot;
  /** One per bar: its running total. */
  totals: TextSlot[];
  /** Callouts: [first frame, last frame, slot index, text] — shown while the event lasts. */
  callouts: { from: number; to: number; slot: number; text: string }[];
  calloutSlots: TextSlot[];
}

export interface TextSlot {
  /** Origin (left end of the baseline, or right end when align = 'right'), 1/16 px. */
  x: number;
  y: number;
  sizePx16: number;
  maxChars: number;
  rgb: number;
  alpha: number;
  align: 'left' | 'right' | 'center';
}

const ARRAYS = [
  'entries',
  'binOffsets',
  'words',
  'staticObjects',
  'textObjects',
  'bars',
  'barCumulative',
  'atlas',
] as const;
type ArrayKey = (typeof ARRAYS)[number];

/** Binary form for the page: a JSON header, then each array on a 4-byte boundary. */
export function encodeScene(scene: SceneData): Uint8Array {
  const header: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(scene)) if (!ARRAYS.includes(k as ArrayKey)) header[k] = v;
  header.lengths = ARRAYS.map((k) => scene[k].length);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headLen = (json.length + 3) & ~3;
  const total = 4 + headLen + ARRAYS.reduce((s, k) => s + scene[k].byteLength, 0);
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  let at = 4 + headLen;
  for (const k of ARRAYS) {
    const a = scene[k];
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  }
  return out;
}

export function decodeScene(bytes: Uint8Array): SceneData {
  const buf = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const jsonLen = new DataView(buf.buffer, buf.byteOffset).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(buf.subarray(4, 4 + jsonLen)));
  let at = buf.byteOffset + 4 + ((jsonLen + 3) & ~3);
  const arrays: Record<string, unknown> = {};
  ARRAYS.forEach((k, i) => {
    const n: number = header.lengths[i];
    const Ctor = k === 'staticObjects' || k === 'textObjects' || k === 'bars' ? Int32Array : Uint32Array;
    arrays[k] = new Ctor((buf.buffer as ArrayBuffer).slice(at, at + n * 4));
    at += n * 4;
  });
  delete header.lengths;
  return { ...header, ...arrays } as SceneData;
}
