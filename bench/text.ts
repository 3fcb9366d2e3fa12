/**
 * Text benchmark: building the font atlas (signed distance fields of every glyph, regular and bold)
 * from the bundled DejaVu font, uncached, best of 3. Target: under 300 ms for one weight.
 */
import { buildAtlasUncached } from '../src/text/font-atlas.js';
import type { Row } from './render.js';

export function benchText(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const bold of [false, true]) {
    let best = Infinity;
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      buildAtlasUncached(bold, 32, 4);
      best = Math.min(best, performance.now() - t0);
    }
    rows.push({
      name: `font atlas build, ${bold ? 'bold' : 'regular'} (best of 3)`,
      value: best,
      unit: 'ms',
    });
  }
  return Promise.resolve(rows);
}
