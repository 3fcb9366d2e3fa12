import type { Timeline } from '../timeline/timeline.js';
import { countryName } from '../ingest/country-name.js';
import type { TextSlot } from './scene-data.js';
import type { SceneWriter } from './scene-writer.js';

/** A column of labelled rows with a running-total bar each (countries, or hosts). */
export interface RowColumn {
  /** Per row: y centre (px). */
  y: number[];
  /** Per bar: x0, y0, y1, full width, rgb (ink applied), scale (filled in by the caller). */
  bars: number[];
  totals: TextSlot[];
}

export interface ColumnBox {
  left: number;
  right: number;
  top: number;
  rowH: number;
  /** Space for the name before the bar starts. */
  nameW: number;
  s: (px1080: number) => number;
}

/** Rows of a column: swatch (or none), name, bar track, running-total slot. Returns each row's centre. */
export function layoutRowColumn(
  w: SceneWriter,
  box: ColumnBox,
  names: string[],
  colours: number[],
  swatch: boolean,
): RowColumn {
  const { s } = box;
  const size = s(14) * 16;
  const totalW = w.measure('000,000,000', s(13) * 16);
  const barX0 = box.left + (swatch ? s(18) : 0) + box.nameW;
  const barX1 = box.right - totalW - s(8);
  const barH = s(8);
  const out: RowColumn = { y: [], bars: [], totals: [] };
  names.forEach((name, r) => {
    const y = box.top + r * box.rowH + (box.rowH >> 1);
    if (swatch) w.rect(box.left, y - s(6), box.left + s(12), y + s(6), colours[r], 256);
    w.text(name, box.left + (swatch ? s(18) : 0), y + s(5), size, w.theme.text, 230);
    w.rect(barX0, y - (barH >> 1), barX1, y - (barH >> 1) + barH, colours[r], 30);
    out.y.push(y);
    out.bars.push(barX0, y - (barH >> 1), y - (barH >> 1) + barH, barX1 - barX0, w.theme.ink(colours[r]), 0);
    out.totals.push(w.slot(box.right, y + s(5), s(13) * 16, 11, w.theme.text, 200, 'right'));
  });
  return out;
}

export interface CountryRows {
  /** Timeline country index → row. */
  rowOf: Uint32Array;
  names: string[];
  colours: number[];
}

/** The top countries get a row each (traffic order); the rest share "Other". */
export function chooseCountryRows(
  t: Timeline,
  maxRows: number,
  palette: readonly number[],
  other: number,
): CountryRows {
  const fits = t.countries.length <= maxRows ? t.countries.length : maxRows - 1;
  const rowOf = new Uint32Array(t.countries.length).map((_, i) => Math.min(i, fits));
  const names = t.countries.slice(0, fits).map((cc) => `${countryName(cc)}`);
  const colours = names.map((_, r) => palette[r % palette.length]);
  if (t.countries.length > fits) {
    names.push(`Other (${t.countries.length - fits})`);
    colours.push(other);
  }
  return { rowOf, names, colours };
}

/** (binCount + 1) × items cumulative packets; an entry counts for every item itemsOf(entry) names. */
export function cumulative(t: Timeline, items: number, itemsOf: (entry: number) => number[]): Uint32Array {
  const cum = new Uint32Array((t.binCount + 1) * items);
  for (let b = 0; b < t.binCount; b++) {
    cum.copyWithin((b + 1) * items, b * items, (b + 1) * items);
    for (let i = t.binOffsets[b]; i < t.binOffsets[b + 1]; i++) {
      for (const item of itemsOf(i)) cum[(b + 1) * items + item] += t.entryPackets[i];
    }
  }
  return cum;
}
