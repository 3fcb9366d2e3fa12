/**
 * A layout pinned by a reference timeline (--layout-from): the country rows, the port labels and the
 * bars' scale come from the reference, never from the rows being drawn. So each frame depends only on
 * the rows up to its own bin, and a followed render (--follow) can write frame f before later rows
 * exist, with the bytes a batch render of all the rows writes later.
 */
import { countryName } from '../ingest/country-name.js';
import type { Timeline } from '../timeline/timeline.js';
import type { CountryRows } from './layout-rows.js';

const targetKey = (proto: string, port: number) => `${proto}/${port}`;

/**
 * The reference's busiest countries get a row each and a last row "Other" always exists, for every
 * country of the drawn timeline the reference has no row for. `scale`: the largest row total of the
 * reference, the bars' full length (a longer drawn total is clipped at the bar's end).
 */
export function pinnedCountryRows(
  ref: Timeline,
  live: Timeline,
  maxRows: number,
  palette: readonly number[],
  other: number,
): CountryRows & { scale: number } {
  const fits = Math.min(ref.countries.length, maxRows - 1);
  const rowByCc = new Map(ref.countries.slice(0, fits).map((cc, r) => [cc, r]));
  const names = ref.countries.slice(0, fits).map((cc) => countryName(cc));
  const colours = names.map((_, r) => palette[r % palette.length]);
  names.push('Other');
  colours.push(other);
  const rowOf = Uint32Array.from(live.countries, (cc) => rowByCc.get(cc) ?? fits);
  const totals = new Array<number>(fits + 1).fill(0);
  ref.countries.forEach((cc, i) => (totals[rowByCc.get(cc) ?? fits] += ref.countryPackets[i]));
  return { rowOf, names, colours, scale: Math.max(1, ...totals) };
}

/**
 * Markers of the drawn timeline's TCP and UDP targets: the reference's label of the same port, or the
 * side's "other" cell. `refMarkerOf` holds the reference targets' markers; ICMP is left to the caller.
 */
export function pinnedPortMarkers(
  ref: Timeline,
  live: Timeline,
  refMarkerOf: Uint32Array,
  others: Partial<Record<'tcp' | 'udp', number>>,
  markerOf: Uint32Array,
): void {
  const byKey = new Map(ref.targets.map((t, i) => [targetKey(t.proto, t.port), refMarkerOf[i]]));
  live.targets.forEach((t, i) => {
    if (t.proto === 'icmp') return;
    const m = byKey.get(targetKey(t.proto, t.port)) ?? others[t.proto];
    if (m === undefined) throw new Error(`no marker for ${t.proto} port ${t.port}`);
    markerOf[i] = m;
  });
}
