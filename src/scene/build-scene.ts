import type { Timeline } from '../timeline/timeline.js';
import type { SceneData } from './scene-data.js';
import { OBJ_WORDS, KIND_RECT } from '../plan/frame-plan.js';
import { layoutPorts, type PortLayout } from './layout-ports.js';
import { BACKGROUND, COUNTRY_COLOURS, OTHER_COLOUR } from './palette.js';
import { arcTable, decayTable, easeTable } from './tables.js';

export interface SceneOptions {
  width: number;
  height: number;
  seed: number;
  /** Frames a bubble flies. */
  travel: number;
  /** Frames a port glows after a hit. */
  decay: number;
}

/** Scale a length given for 1080 lines to this frame's height, in whole pixels. */
export function scaler(height: number): (px1080: number) => number {
  return (v) => Math.max(1, Math.round((v * height) / 1080));
}

interface Rows {
  /** Timeline country index → row. */
  rowOf: Uint32Array;
  count: number;
  colours: number[];
}

/** Top countries get a row each, in traffic order; the rest share an "Other" row. */
function chooseRows(t: Timeline, maxRows: number): Rows {
  const fits = t.countries.length <= maxRows ? t.countries.length : maxRows - 1;
  const rowOf = new Uint32Array(t.countries.length).map((_, i) => Math.min(i, fits));
  const count = t.countries.length > fits ? fits + 1 : fits;
  const colours = Array.from({ length: count }, (_, r) =>
    r < fits ? COUNTRY_COLOURS[r % COUNTRY_COLOURS.length] : OTHER_COLOUR,
  );
  return { rowOf, count, colours };
}

/**
 * The layout of the ports view for a frame size, as a pure function of (timeline, options):
 * countries in the centre column, UDP ports on the left, TCP ports on the right, ICMP below.
 */
export function buildScene(t: Timeline, o: SceneOptions): SceneData {
  const { width: W, height: H } = o;
  const s = scaler(H);
  const top = s(48);
  const bottom = H - s(56);
  const rowH = s(26);
  const rows = chooseRows(t, Math.max(2, Math.min(24, Math.floor((bottom - top) / rowH))));
  const rowY = (r: number) => top + r * rowH + (rowH >> 1);
  const colLeft = Math.round(W * 0.37);
  const colRight = Math.round(W * 0.63);
  const ports: PortLayout = layoutPorts(t, { W, H, top, bottom, s });

  const words: number[] = [];
  const rowsOff = words.length;
  for (let r = 0; r < rows.count; r++)
    words.push(colLeft * 16, colRight * 16, rowY(r) * 16 + 8, rows.colours[r]);
  const markersOff = words.length;
  for (const m of ports.markers) words.push(m.x * 16 + 8, m.y * 16 + 8, m.radius * 16, m.colour);
  const easeOff = words.length;
  words.push(...easeTable(o.travel));
  const arcOff = words.length;
  words.push(...arcTable(o.travel));
  const decayOff = words.length;
  words.push(...decayTable(o.decay));

  const statics: number[] = [];
  const rect = (x0: number, y0: number, x1: number, y1: number, colour: number, alpha: number) =>
    statics.push(KIND_RECT, x0, y0, x1, y1, colour, alpha, 0);
  const bars: number[] = [];
  const swatch = s(14);
  const barX0 = colLeft + swatch + s(10);
  const barH = s(10);
  for (let r = 0; r < rows.count; r++) {
    const y = rowY(r);
    rect(colLeft, y - (swatch >> 1), colLeft + swatch, y - (swatch >> 1) + swatch, rows.colours[r], 256);
    rect(barX0, y - (barH >> 1), colRight, y - (barH >> 1) + barH, rows.colours[r], 28);
    bars.push(barX0, y - (barH >> 1), y - (barH >> 1) + barH, colRight - barX0, rows.colours[r]);
  }
  for (const x of [ports.udpRight + s(8), ports.tcpLeft - s(8)])
    rect(x, top, x + 1, bottom, OTHER_COLOUR, 40);

  const n = t.entryBin.length;
  const entries = new Uint32Array(n * 4);
  for (let i = 0; i < n; i++) {
    entries[i * 4] = t.entryBin[i];
    entries[i * 4 + 1] = rows.rowOf[t.entryCountry[i]];
    entries[i * 4 + 2] = ports.markerOf[t.entryTarget[i]];
    entries[i * 4 + 3] = t.entryPackets[i];
  }
  const rowCumulative = cumulativeByRow(t, rows);
  const last = t.binCount * rows.count;
  let barScale = 0;
  for (let r = 0; r < rows.count; r++) barScale = Math.max(barScale, rowCumulative[last + r]);

  return {
    width: W,
    height: H,
    seed: o.seed >>> 0,
    travel: o.travel,
    decay: o.decay,
    frameCount: t.binCount,
    background: BACKGROUND,
    radiusUnit: s(3) * 16 - 8,
    radiusMax: Math.round(H * 0.085) * 16,
    jitter: s(5) * 16,
    arcMax: s(60) * 16,
    rowCount: rows.count,
    markerCount: ports.markers.length,
    entries,
    binOffsets: t.binOffsets,
    words: Uint32Array.from(words),
    rowsOff,
    markersOff,
    easeOff,
    arcOff,
    decayOff,
    staticObjects: Int32Array.from(statics),
    bars: Int32Array.from(bars),
    rowCumulative,
    barScale,
    progressY: [H - s(5), H - s(2)],
  };
}

function cumulativeByRow(t: Timeline, rows: Rows): Uint32Array {
  const R = rows.count;
  const cum = new Uint32Array((t.binCount + 1) * R);
  for (let b = 0; b < t.binCount; b++) {
    cum.copyWithin((b + 1) * R, b * R, (b + 1) * R);
    for (let i = t.binOffsets[b]; i < t.binOffsets[b + 1]; i++) {
      cum[(b + 1) * R + rows.rowOf[t.entryCountry[i]]] += t.entryPackets[i];
    }
  }
  return cum;
}

export const OBJECT_WORDS = OBJ_WORDS;
