import type { DetectedEvent } from '../events/detect-events.js';
import type { Caption } from '../ingest/read-captions.js';
import type { Timeline } from '../timeline/timeline.js';
import type { DynamicTextSpec } from './scene-data.js';
import { serviceName } from './layout-ports.js';
import type { SceneWriter } from './scene-writer.js';

const SLOTS = 2;
/** A slow scan's stretch between fast callouts shorter than this many frames is not shown (no flicker). */
const MIN_STRETCH = 12;
/** The callout line captions use (under the events' lines). */
export const CAPTION_SLOT = SLOTS;

/** "17 days", "44 hours", "1 hour": days from 2 days on, else whole hours (at least 1). */
export function spanText(seconds: number): string {
  const days = Math.round(seconds / 86400);
  if (seconds >= 2 * 86400) return `${days} days`;
  const hours = Math.max(1, Math.round(seconds / 3600));
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

/**
 * The words of a callout: "KR scanning 412 ports", "BR flood → TCP 3389 ms-wbt-server (2100 packets)",
 * "VN slow scan · 486 ports over 3 days".
 */
export function calloutText(e: DetectedEvent): string {
  if (e.kind === 'scan') {
    if (e.pace === 'slow') return `${e.cc} slow scan · ${e.distinctPorts} ports over ${spanText(e.duration)}`;
    return e.distinctPorts > 1
      ? `${e.cc} scanning ${e.distinctPorts} ports`
      : `${e.cc} sweeping ${e.hosts.length} hosts`;
  }
  const port = e.ports[0];
  const name = e.proto === 'icmp' ? undefined : serviceName(port, e.proto);
  return `${e.cc} flood → ${e.proto.toUpperCase()} ${port}${name ? ` ${name}` : ''} (${e.packets} packets)`;
}

type Callout = DynamicTextSpec['callouts'][number];

/** The stretches of [from, to] that none of `busy` covers, each at least `min` frames long. */
function freeStretches(busy: [number, number][], from: number, to: number, min: number): [number, number][] {
  const out: [number, number][] = [];
  let at = from;
  for (const [a, b] of [...busy].sort((x, y) => x[0] - y[0])) {
    if (b < at || a > to) continue;
    if (a > at) out.push([at, a - 1]);
    at = Math.max(at, b + 1);
  }
  if (at <= to) out.push([at, to]);
  return out.filter(([a, b]) => b - a + 1 >= min);
}

/**
 * Callouts at the top centre, two lines. Fast events (fast scans, floods) come first, the biggest (by
 * packets) first: each shows from its first frame for as long as it lasts (at least `frames`) on the
 * first line free for all of that time, and one that finds both lines taken is not shown. Slow scans
 * come next, the biggest first: each takes the line with the most free frames over its span and stays
 * up there while it lasts, giving way to the fast callouts already on that line (its stretches between
 * them shorter than 12 frames are left out), so a slow scan of days never hides a fast event.
 * `skipped` counts the events not shown at all.
 */
export function planCallouts(
  w: SceneWriter,
  t: Timeline,
  events: DetectedEvent[],
  at: { x: number; y: number; s: (v: number) => number; frames: number },
  captions: readonly Caption[] = [],
): Pick<DynamicTextSpec, 'callouts' | 'calloutSlots'> & { skipped: number } {
  const calloutSlots = Array.from({ length: SLOTS }, (_, i) =>
    w.slot(at.x, at.y + i * at.s(30), at.s(17) * 16, 56, w.theme.text, 240, 'center'),
  );
  const bin = (iso: string) => Math.floor((Date.parse(iso) / 1000 - t.start) / t.binSeconds);
  const busy: [number, number][][] = calloutSlots.map(() => []);
  const callouts: Callout[] = [];
  let skipped = 0;
  const bySize = (a: DetectedEvent, b: DetectedEvent) =>
    b.packets - a.packets || (a.start < b.start ? -1 : 1);
  const span = (e: DetectedEvent): [number, number] | undefined => {
    const from = Math.max(0, bin(e.start));
    const to = Math.min(t.binCount - 1, Math.max(bin(e.end), from + at.frames - 1));
    return from > t.binCount - 1 || to < 0 ? undefined : [from, to];
  };
  const slow = (e: DetectedEvent) => e.kind === 'scan' && e.pace === 'slow';
  for (const e of events.filter((x) => !slow(x)).sort(bySize)) {
    const fromTo = span(e);
    if (!fromTo) continue;
    const [from, to] = fromTo;
    const slot = busy.findIndex((spans) => spans.every(([a, b]) => to < a || from > b));
    if (slot < 0) {
      skipped++;
      continue;
    }
    busy[slot].push([from, to]);
    callouts.push({ from, to, slot, text: calloutText(e) });
  }
  for (const e of events.filter(slow).sort(bySize)) {
    const fromTo = span(e);
    if (!fromTo) continue;
    const free = busy.map((spans) => freeStretches(spans, fromTo[0], fromTo[1], MIN_STRETCH));
    const frames = free.map((list) => list.reduce((n, [a, b]) => n + b - a + 1, 0));
    const slot = frames.indexOf(Math.max(...frames));
    if (frames[slot] === 0) {
      skipped++;
      continue;
    }
    const text = calloutText(e);
    for (const [from, to] of free[slot]) {
      busy[slot].push([from, to]);
      callouts.push({ from, to, slot, text });
    }
  }
  if (captions.length > 0) {
    calloutSlots.push(
      w.slot(at.x, at.y + CAPTION_SLOT * at.s(30), at.s(17) * 16, 56, w.theme.text, 240, 'center'),
    );
    callouts.push(...captionSpans(captions, t, CAPTION_SLOT));
  }
  callouts.sort((a, b) => a.from - b.from || a.slot - b.slot);
  return { callouts, calloutSlots, skipped };
}

/**
 * How many events `callouts` show: a slow scan shown in stretches around fast callouts counts once
 * (its stretches are the entries of one line with the same slow-scan text).
 */
export function shownEvents(callouts: readonly Callout[]): number {
  const slow = new Set<string>();
  let n = 0;
  for (const c of callouts) {
    if (!c.text.includes(' slow scan · ')) n++;
    else if (!slow.has(`${c.slot} ${c.text}`)) {
      slow.add(`${c.slot} ${c.text}`);
      n++;
    }
  }
  return n;
}

/**
 * Captions on one line of their own, under the events' lines: each from the bin of its start to the bin
 * before its end, and a caption that starts while another shows replaces it (never stacked).
 */
export function captionSpans(
  captions: readonly Caption[],
  t: Timeline,
  slot: number,
): DynamicTextSpec['callouts'] {
  const bin = (sec: number) => Math.floor((sec - t.start) / t.binSeconds);
  const order = [...captions].sort((a, b) => a.start - b.start || a.end - b.end);
  const spans: DynamicTextSpec['callouts'] = [];
  order.forEach((c, i) => {
    const from = Math.max(0, bin(c.start));
    let to = Math.min(t.binCount - 1, bin(c.end - 1));
    if (i + 1 < order.length) to = Math.min(to, bin(order[i + 1].start) - 1);
    if (to >= from) spans.push({ from, to, slot, text: c.text });
  });
  return spans;
}
