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
  /** 4 words per timeline entry: bin, country row, marker, packets. Sorted by bin. */
  entries: Uint32Array;
  /** frameCount + 1 offsets into entries (in entries, not words). */
  binOffsets: Uint32Array;
  /** Scene words: rows (4 each: left x, right x, y, rgb), markers (4 each: x, y, radius, rgb), tables. */
  words: Uint32Array;
  rowsOff: number;
  markersOff: number;
  easeOff: number;
  arcOff: number;
  decayOff: number;
  /** Objects that never change (8 words each, see shaders/common.wgsl). */
  staticObjects: Int32Array;
  /** Per row: bar x0, y0, y1, full width (px), rgb. */
  bars: Int32Array;
  /** (frameCount + 1) × rowCount: packets of each row in bins before k, at [k·rowCount + row]. */
  rowCumulative: Uint32Array;
  /** Largest row total: the bar that reaches full width. */
  barScale: number;
  /** Time progress line: y0, y1 (px). */
  progressY: [number, number];
}

const ARRAYS = ['entries', 'binOffsets', 'words', 'staticObjects', 'bars', 'rowCumulative'] as const;
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
    const Ctor = k === 'staticObjects' || k === 'bars' ? Int32Array : Uint32Array;
    arrays[k] = new Ctor((buf.buffer as ArrayBuffer).slice(at, at + n * 4));
    at += n * 4;
  });
  delete header.lengths;
  return { ...header, ...arrays } as SceneData;
}
