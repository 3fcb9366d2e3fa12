import type { Timeline } from '../timeline/timeline.js';
import type { PacketRow } from '../ingest/packet-row.js';
import type { DetectedEvent } from '../events/detect-events.js';
import { atlasWords, buildAtlas } from '../text/font-atlas.js';
import { Row } from '../gpu/abi.js';
import type { SceneData, TextSlot } from './scene-data.js';
import { SceneWriter } from './scene-writer.js';
import { chooseCountryRows, cumulative, layoutRowColumn } from './layout-rows.js';
import { layoutPortSide } from './layout-ports.js';
import { planCallouts } from './callouts.js';
import type { Caption } from '../ingest/read-captions.js';
import { theme as makeTheme, type ThemeName } from './theme.js';
import type { PaletteName } from './palette.js';
import { pinnedCountryRows, pinnedPortMarkers } from './pinned-layout.js';
import { arcTable, decayTable, easeTable } from './tables.js';

export interface SceneOptions {
  width: number;
  height: number;
  seed: number;
  /** Frames a bubble flies. */
  travel: number;
  /** Frames a port glows after a hit. */
  decay: number;
  view?: 'ports' | 'hosts';
  /** Hosts view: the host names by target (busiest first). */
  hosts?: string[];
  theme?: ThemeName;
  transparent?: boolean;
  title?: string;
  /** Events to call out while they last (gen-frames events); none when empty. */
  events?: DetectedEvent[];
  /** Country colours (--palette); default 'default'. */
  palette?: PaletteName;
  /** Captions (--captions, Suricata alert signatures) on a line of their own under the events. */
  captions?: Caption[];
  /** No text at all (the benchmark's baseline picture). */
  plain?: boolean;
  /** ICMP packets per ICMP type over the span, shown under the ICMP target. */
  icmpTypes?: [type: number, packets: number][];
  /**
   * A pinned layout (--layout-from, ports view only): country rows, port labels and the bars' scale
   * from this reference timeline (pinned-layout.ts); the drawn timeline must rank its countries in the
   * reference's order (buildTimeline's countryOrder).
   */
  layout?: Timeline;
}

const ICMP_NAMES: Record<number, string> = {
  0: 'echo reply', 3: 'unreachable', 4: 'source quench', 5: 'redirect', 8: 'echo request', 11: 'time exceeded',
  12: 'parameter problem', 13: 'timestamp', 14: 'timestamp reply', 17: 'mask request',
}; // prettier-ignore

/** ICMP packets per ICMP type (the timeline keeps ICMP as one target, so this comes from the rows). */
export function icmpTypeCounts(rows: readonly PacketRow[]): [number, number][] {
  const counts = new Map<number, number>();
  for (const r of rows) if (r.proto === 'icmp') counts.set(r.port, (counts.get(r.port) ?? 0) + 1);
  return [...counts];
}

/** "8 echo request 91% · 3 unreachable 6%": the commonest ICMP types, for the ICMP target. */
export function icmpSummary(types: [number, number][]): string {
  const total = types.reduce((n, [, p]) => n + p, 0);
  return [...types]
    .filter(([t]) => t >= 0)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, 3)
    .map(([t, p]) => `type ${t}${ICMP_NAMES[t] ? ` ${ICMP_NAMES[t]}` : ''} ${Math.round((p * 100) / total)}%`)
    .join('  ·  ');
}

/** Scale a length given for 1080 lines to this frame's height, in whole pixels. */
export function scaler(height: number): (px1080: number) => number {
  return (v) => Math.max(1, Math.round((v * height) / 1080));
}

const GLOW_HOT = 300;

/**
 * The picture for a frame size, as a pure function of (timeline, options): the same layout scaled
 * from 720p to 4K. Ports view: countries in the centre, UDP ports left, TCP ports right, ICMP below;
 * hosts view: countries left, destination hosts right.
 */
export function buildScene(t: Timeline, o: SceneOptions): SceneData {
  return buildSceneWithLayout(t, o).scene;
}

/** What a layout check needs: every text box placed (px) and the port labels per side. */
export interface LayoutReport {
  texts: [number, number, number, number, string][];
  portLabels: { udp: number; tcp: number };
}

export function buildSceneWithLayout(
  t: Timeline,
  o: SceneOptions,
): { scene: SceneData; layout: LayoutReport } {
  const { width: W, height: H } = o;
  const s = scaler(H);
  const th = makeTheme(o.theme ?? 'dark', o.transparent, o.palette);
  const atlas = buildAtlas();
  const w = new SceneWriter(atlas, th, o.plain);
  const view = o.view ?? 'ports';
  const top = s(100);
  const bottom = H - s(64);

  // Header: title, clock; footer: legend and the time-progress line.
  w.text(o.title ?? 'portglow', s(28), s(44), s(26) * 16, th.text, 256);
  const clock = w.slot(W - s(28), s(44), s(22) * 16, 20, th.text, 240, 'right');
  const minutes = Math.round(t.binSeconds / 60);
  const legend =
    view === 'ports'
      ? `colour = source country  ·  bubble area = packets  ·  left: UDP ports  ·  right: TCP ports  ·  one frame = ${minutes} min`
      : `colour = source country  ·  bubble area = packets  ·  right: destination hosts  ·  one frame = ${minutes} min`;
  w.text(legend, s(28), H - s(20), s(13) * 16, th.dim, 230);

  const markerOf = new Uint32Array(t.targets.length);
  const portLabels = { udp: 0, tcp: 0 };
  const rowH = s(26);
  let rows;
  let barScale: number | undefined;
  let columnBox;
  const hostBars: number[] = [];
  const hostTotals: TextSlot[] = [];
  if (view === 'ports') {
    const colLeft = Math.round(W * 0.355);
    const colRight = Math.round(W * 0.645);
    const maxRows = Math.max(2, Math.min(24, Math.floor((bottom - s(70) - top) / rowH)));
    const ref = o.layout;
    if (ref) ({ scale: barScale, ...rows } = pinnedCountryRows(ref, t, maxRows, th.countries, th.other));
    else rows = chooseCountryRows(t, maxRows, th.countries, th.other);
    columnBox = { left: colLeft, right: colRight, top, rowH, nameW: s(150), s };
    const side = { top, bottom, s, height: H };
    w.text('UDP', s(28), top - s(16), s(16) * 16, th.udp, 256);
    w.text('TCP', W - s(28), top - s(16), s(16) * 16, th.tcp, 256, 'right');
    const portsOf = ref ?? t;
    const portMarkers = ref ? new Uint32Array(ref.targets.length) : markerOf;
    const others: { udp: { other?: number }; tcp: { other?: number } } = { udp: {}, tcp: {} };
    portLabels.udp = layoutPortSide(
      w,
      portsOf,
      'udp',
      { ...side, left: s(28), right: colLeft - s(36) },
      th.udp,
      portMarkers,
      ref ? others.udp : undefined,
    );
    portLabels.tcp = layoutPortSide(
      w,
      portsOf,
      'tcp',
      { ...side, left: colRight + s(36), right: W - s(28) },
      th.tcp,
      portMarkers,
      ref ? others.tcp : undefined,
    );
    if (ref)
      pinnedPortMarkers(ref, t, portMarkers, { udp: others.udp.other, tcp: others.tcp.other }, markerOf);
    const icmp = w.marker(
      { x: W >> 1, y: bottom - s(24), halo: s(30), colour: th.icmp, sizePx16: s(18) * 16 },
      'ICMP',
    );
    const types = icmpSummary(o.icmpTypes ?? []);
    if (types) w.text(types, W >> 1, H - s(44), s(12) * 16, th.icmp, 200, 'center');
    t.targets.forEach((tg, i) => {
      if (tg.proto === 'icmp') markerOf[i] = icmp;
    });
  } else {
    if (o.layout) throw new Error('a pinned layout is for the ports view only');
    const maxRows = Math.max(2, Math.min(30, Math.floor((bottom - top) / rowH)));
    rows = chooseCountryRows(t, maxRows, th.countries, th.other);
    columnBox = { left: s(28), right: Math.round(W * 0.45), top, rowH, nameW: s(150), s };
    const hosts = o.hosts ?? t.targets.map((tg) => String(tg.port));
    const hostH = Math.max(rowH, Math.min(s(60), Math.floor((bottom - top) / Math.max(hosts.length, 1))));
    const hLeft = Math.round(W * 0.58);
    const nameW = Math.max(...hosts.map((h) => w.measure(h, s(16) * 16))) + s(24);
    const hostCol = layoutRowColumn(
      w,
      { left: hLeft, right: W - s(28), top, rowH: hostH, nameW, s },
      hosts.map(() => ''),
      hosts.map(() => th.host),
      false,
    );
    t.targets.forEach((tg, i) => {
      const y = hostCol.y[tg.port];
      const x = hLeft + (w.measure(hosts[tg.port], s(16) * 16) >> 1);
      markerOf[i] = w.marker(
        { x, y, halo: s(26), colour: th.host, sizePx16: s(16) * 16, swell: 48 },
        hosts[tg.port],
      );
    });
    hostBars.push(...hostCol.bars);
    hostTotals.push(...hostCol.totals);
  }
  const col = layoutRowColumn(w, columnBox, rows.names, rows.colours, true);
  if (!w.markerCount) throw new Error('a scene needs at least one target');

  // Bars: country rows, then (hosts view) hosts; each group scales to its own largest total.
  const R = rows.names.length;
  const barItems = R + hostBars.length / 6;
  const barCumulative = cumulative(t, barItems, (e) =>
    view === 'ports'
      ? [rows.rowOf[t.entryCountry[e]]]
      : [rows.rowOf[t.entryCountry[e]], R + t.targets[t.entryTarget[e]].port],
  );
  const bars = [...col.bars, ...hostBars];
  const last = t.binCount * barItems;
  const groupMax = (a: number, b: number) =>
    Math.max(1, ...Array.from({ length: b - a }, (_, i) => barCumulative[last + a + i]));
  for (let i = 0; i < barItems; i++)
    bars[i * 6 + 5] = i < R ? (barScale ?? groupMax(0, R)) : groupMax(R, barItems);

  const words: number[] = [];
  const rowsOff = words.length;
  const anchorL = (columnBox.left - s(10)) * 16;
  const anchorR = (columnBox.right + s(10)) * 16;
  col.y.forEach((y, r) => {
    const rec = new Array<number>(Row.WORDS).fill(0);
    rec[Row.LEFT] = view === 'ports' ? anchorL : anchorR;
    rec[Row.RIGHT] = anchorR;
    rec[Row.Y] = y * 16 + 8;
    rec[Row.RGB] = th.ink(rows.colours[r]);
    words.push(...rec);
  });
  const markersOff = words.length;
  words.push(...w.markers);
  const labelsOff = words.length;
  words.push(...w.labels);
  const easeOff = words.length;
  words.push(...easeTable(o.travel));
  const arcOff = words.length;
  words.push(...arcTable(o.travel));
  const decayOff = words.length;
  words.push(...decayTable(o.decay));

  const n = t.entryBin.length;
  const entries = new Uint32Array(n * 4);
  for (let i = 0; i < n; i++)
    entries.set(
      [t.entryBin[i], rows.rowOf[t.entryCountry[i]], markerOf[t.entryTarget[i]], t.entryPackets[i]],
      i * 4,
    );
  const callouts = planCallouts(w, t, o.events ?? [], {
    x: W >> 1,
    y: s(40),
    s,
    frames: Math.max(36, o.travel * 3),
  }, o.captions); // prettier-ignore

  const scene: SceneData = {
    width: W, height: H, seed: o.seed >>> 0, travel: o.travel, decay: o.decay, frameCount: t.binCount,
    background: th.ink(th.background), radiusUnit: s(3) * 16 - 8, radiusMax: Math.round(H * 0.085) * 16,
    jitter: s(4) * 16, arcMax: s(60) * 16, rowCount: R, markerCount: w.markerCount,
    labelCount: w.labelCount, labelsOff, hotLevel: GLOW_HOT,
    atlas: atlasWords(atlas), atlasWidth: atlas.width, spread: atlas.spread, flags: th.flags,
    entries, binOffsets: t.binOffsets, words: Uint32Array.from(words),
    rowsOff, markersOff, easeOff, arcOff, decayOff,
    staticObjects: Int32Array.from(w.statics), textObjects: Int32Array.from(w.texts), textRuns: w.textRuns,
    bars: Int32Array.from(bars), barCount: barItems, barCumulative,
    progress: [H - s(5), H - s(2), th.ink(th.dim)],
    text: { start: t.start, binSeconds: t.binSeconds, clock, totals: [...col.totals, ...hostTotals], ...callouts },
    font: { emTexels: atlas.emTexels, ascent: atlas.ascent, descent: atlas.descent, lineHeight: atlas.lineHeight, glyphs: [...atlas.glyphs], missing: atlas.missing },
  }; // prettier-ignore
  return { scene, layout: { texts: w.textBoxes, portLabels } };
}
