import type { DetectedEvent } from '../events/detect-events.js';
import type { Caption } from '../ingest/read-captions.js';
import type { Timeline } from '../timeline/timeline.js';
import type { DynamicTextSpec } from './scene-data.js';
import { serviceName } from './layout-ports.js';
import type { SceneWriter } from './scene-writer.js';

const SLOTS = 2;
/** The callout line captions use (under the events' lines). */
export const CAPTION_SLOT = SLOTS;

/** The words of a callout: "KR scanning 412 ports", "BR flood → TCP 3389 ms-wbt-server". */
export function calloutText(e: DetectedEvent): string {
  if (e.kind === 'scan') {
    return e.distinctPorts > 1
      ? `${e.cc} scanning ${e.distinctPorts} ports`
      : `${e.cc} sweeping ${e.hosts.length} hosts`;
  }
  const port = e.ports[0];
  const name = e.proto === 'icmp' ? undefined : serviceName(port, e.proto);
  return `${e.cc} flood → ${e.proto.toUpperCase()} ${port}${name ? ` ${name}` : ''} (${e.packets} packets)`;
}

/**
 * Callouts at the top centre, two lines. Each event shows from its first frame for as long as it
 * lasts (at least `frames`); the biggest events (by packets) get a line first, and an event that
 * finds both lines taken is not shown (the count is returned).
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
  const callouts: DynamicTextSpec['callouts'] = [];
  let skipped = 0;
  const order = [...events].sort((a, b) => b.packets - a.packets || (a.start < b.start ? -1 : 1));
  for (const e of order) {
    const from = Math.max(0, bin(e.start));
    const to = Math.min(t.binCount - 1, Math.max(bin(e.end), from + at.frames - 1));
    if (from > t.binCount - 1 || to < 0) continue;
    const slot = busy.findIndex((spans) => spans.every(([a, b]) => to < a || from > b));
    if (slot < 0) {
      skipped++;
      continue;
    }
    busy[slot].push([from, to]);
    callouts.push({ from, to, slot, text: calloutText(e) });
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
