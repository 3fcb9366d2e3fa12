import type { PathCommand } from 'opentype.js';

/** Line segments per quadratic and per cubic Bézier: a fixed subdivision, so the result never depends on tolerances. */
export const QUAD_STEPS = 8;
export const CUBIC_STEPS = 12;

/** A flattened outline: segment k runs (seg[4k], seg[4k+1]) → (seg[4k+2], seg[4k+3]), in texels, y down. */
export interface Outline {
  seg: Float64Array;
  count: number;
  /** Bounds of all segment ends (meaningless when count is 0). */
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/**
 * Flattens opentype.js path commands (font units, y up) into closed polygons in texel space (y down),
 * `scale` texels per font unit. Zero-length segments are dropped; open contours are closed.
 */
export function flattenPath(commands: readonly PathCommand[], scale: number): Outline {
  const out: number[] = [];
  let startX = 0;
  let startY = 0;
  let penX = 0;
  let penY = 0;
  let open = false;
  const lineTo = (x: number, y: number): void => {
    if (x !== penX || y !== penY) out.push(penX, penY, x, y);
    penX = x;
    penY = y;
  };
  const close = (): void => {
    if (open) lineTo(startX, startY);
    open = false;
  };
  for (const c of commands) {
    switch (c.type) {
      case 'M':
        close();
        startX = penX = c.x * scale;
        startY = penY = -c.y * scale;
        open = true;
        break;
      case 'L':
        lineTo(c.x * scale, -c.y * scale);
        break;
      case 'Q': {
        const x0 = penX;
        const y0 = penY;
        const x1 = c.x1 * scale;
        const y1 = -c.y1 * scale;
        const x2 = c.x * scale;
        const y2 = -c.y * scale;
        for (let i = 1; i <= QUAD_STEPS; i++) {
          if (i === QUAD_STEPS) {
            lineTo(x2, y2);
            break;
          }
          const t = i / QUAD_STEPS;
          const u = 1 - t;
          lineTo(u * u * x0 + 2 * u * t * x1 + t * t * x2, u * u * y0 + 2 * u * t * y1 + t * t * y2);
        }
        break;
      }
      case 'C': {
        const x0 = penX;
        const y0 = penY;
        const x1 = c.x1 * scale;
        const y1 = -c.y1 * scale;
        const x2 = c.x2 * scale;
        const y2 = -c.y2 * scale;
        const x3 = c.x * scale;
        const y3 = -c.y * scale;
        for (let i = 1; i <= CUBIC_STEPS; i++) {
          if (i === CUBIC_STEPS) {
            lineTo(x3, y3);
            break;
          }
          const t = i / CUBIC_STEPS;
          const u = 1 - t;
          const a = u * u * u;
          const b = 3 * u * u * t;
          const d = 3 * u * t * t;
          const e = t * t * t;
          lineTo(a * x0 + b * x1 + d * x2 + e * x3, a * y0 + b * y1 + d * y2 + e * y3);
        }
        break;
      }
      case 'Z':
        close();
        break;
    }
  }
  close();
  const seg = Float64Array.from(out);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < seg.length; i += 2) {
    minX = Math.min(minX, seg[i]);
    maxX = Math.max(maxX, seg[i]);
    minY = Math.min(minY, seg[i + 1]);
    maxY = Math.max(maxY, seg[i + 1]);
  }
  return { seg, count: seg.length / 4, minX, minY, maxX, maxY };
}
