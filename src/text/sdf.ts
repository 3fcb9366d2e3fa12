import type { Outline } from './outline.js';

/**
 * Signed distance fields from flattened outlines, computed exactly: each texel's value is the Euclidean
 * distance from its centre to the nearest outline segment, signed by the nonzero winding rule at that
 * centre. Plain IEEE double arithmetic plus Math.sqrt / Math.round / Math.floor (all exactly specified),
 * so the bytes are the same on every machine.
 */

/** Nonzero winding number of the outline around (px, py): crossings of the ray towards -x, half-open in y. */
export function windingAt(seg: Float64Array, count: number, px: number, py: number): number {
  let wind = 0;
  for (let k = 0; k < count; k++) {
    const x0 = seg[4 * k];
    const y0 = seg[4 * k + 1];
    const x1 = seg[4 * k + 2];
    const y1 = seg[4 * k + 3];
    if (y0 <= py ? py < y1 : y1 <= py) {
      const x = x0 + ((py - y0) * (x1 - x0)) / (y1 - y0);
      if (x < px) wind += y1 > y0 ? 1 : -1;
    }
  }
  return wind;
}

/** How far off a segment's midpoint, in texels, the fill is probed on either side. */
const PROBE = 1 / 1024;

/**
 * The segments that really bound the filled area: those with fill on exactly one side. A segment with
 * fill on both sides (inside an overlapping contour) or neither side (a cancelling pair) is no edge of
 * the glyph, and measuring distances to it would mark interior texels as near the outline.
 */
export function boundarySegments(o: Outline): Outline {
  const keep: number[] = [];
  for (let k = 0; k < o.count; k++) {
    const x0 = o.seg[4 * k];
    const y0 = o.seg[4 * k + 1];
    const x1 = o.seg[4 * k + 2];
    const y1 = o.seg[4 * k + 3];
    const len = Math.sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
    const nx = (-(y1 - y0) / len) * PROBE;
    const ny = ((x1 - x0) / len) * PROBE;
    const mx = (x0 + x1) / 2;
    const my = (y0 + y1) / 2;
    const a = windingAt(o.seg, o.count, mx + nx, my + ny) !== 0;
    const b = windingAt(o.seg, o.count, mx - nx, my - ny) !== 0;
    if (a !== b) keep.push(x0, y0, x1, y1);
  }
  if (keep.length === o.seg.length) return o;
  return { ...o, seg: Float64Array.from(keep), count: keep.length / 4 };
}

/**
 * The SDF of a w×h texel rectangle whose top-left corner lies at (ox, oy) in the outline's texel space;
 * texel (i, j) is sampled at its centre (ox + i + 0.5, oy + j + 0.5). Byte = round(128 ± d·127/spread),
 * + inside, clamped to 0..255.
 */
export function glyphSdf(
  o: Outline,
  ox: number,
  oy: number,
  w: number,
  h: number,
  spread: number,
): Uint8Array {
  const out = new Uint8Array(w * h);
  const { seg, count } = o;
  // Distances beyond this all clamp to 0 or 255, so the nearest-segment search can stop there.
  const cap = spread + 1;
  const cap2 = cap * cap;
  const k127 = 127 / spread;

  // Per row: the segments that can lie within `cap` of the row's centres.
  const rows: number[][] = Array.from({ length: h }, () => []);
  for (let k = 0; k < count; k++) {
    const ya = Math.min(seg[4 * k + 1], seg[4 * k + 3]);
    const yb = Math.max(seg[4 * k + 1], seg[4 * k + 3]);
    const j0 = Math.max(0, Math.ceil(ya - cap - oy - 0.5));
    const j1 = Math.min(h - 1, Math.floor(yb + cap - oy - 0.5));
    for (let j = j0; j <= j1; j++) rows[j].push(k);
  }

  const cross: number[] = [];
  const crossDir: number[] = [];
  const order: number[] = [];
  for (let j = 0; j < h; j++) {
    const py = oy + j + 0.5;
    // Winding along the row: the crossings sorted by x, summed while sweeping left to right.
    cross.length = 0;
    crossDir.length = 0;
    for (let k = 0; k < count; k++) {
      const y0 = seg[4 * k + 1];
      const y1 = seg[4 * k + 3];
      if (y0 <= py ? py < y1 : y1 <= py) {
        const x0 = seg[4 * k];
        cross.push(x0 + ((py - y0) * (seg[4 * k + 2] - x0)) / (y1 - y0));
        crossDir.push(y1 > y0 ? 1 : -1);
      }
    }
    order.length = 0;
    for (let c = 0; c < cross.length; c++) order.push(c);
    order.sort((a, b) => cross[a] - cross[b] || a - b);
    let next = 0;
    let wind = 0;

    const cand = rows[j];
    for (let i = 0; i < w; i++) {
      const px = ox + i + 0.5;
      while (next < order.length && cross[order[next]] < px) wind += crossDir[order[next++]];

      let best = cap2;
      for (let c = 0; c < cand.length; c++) {
        const k = cand[c];
        const x0 = seg[4 * k];
        const y0 = seg[4 * k + 1];
        const x1 = seg[4 * k + 2];
        const y1 = seg[4 * k + 3];
        // Bounding-box reject: no point of the segment can beat `best`.
        const bx =
          px < Math.min(x0, x1) ? Math.min(x0, x1) - px : px > Math.max(x0, x1) ? px - Math.max(x0, x1) : 0;
        if (bx * bx >= best) continue;
        const by =
          py < Math.min(y0, y1) ? Math.min(y0, y1) - py : py > Math.max(y0, y1) ? py - Math.max(y0, y1) : 0;
        if (bx * bx + by * by >= best) continue;
        const dx = x1 - x0;
        const dy = y1 - y0;
        let t = ((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy);
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const ex = x0 + t * dx - px;
        const ey = y0 + t * dy - py;
        const d2 = ex * ex + ey * ey;
        if (d2 < best) best = d2;
      }
      const d = Math.sqrt(best) * k127;
      const v = Math.round(wind !== 0 ? 128 + d : 128 - d);
      out[j * w + i] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return out;
}
