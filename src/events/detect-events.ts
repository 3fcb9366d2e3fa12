/**
 * Notable events in packet rows, found per source address: scans at several time scales
 * (src/events/detect-scans.ts) and floods (src/events/detect-floods.ts).
 *
 * Output (one object per event, sorted by start, then kind, then source): `pace` fast or slow (floods
 * are fast); start and end as ISO UTC (end exclusive: last packet + 1 s) and `duration` their distance
 * in seconds; `proto` the protocol of most of the event's packets; `ports` the distinct destination
 * ports (TCP/UDP; ICMP types for an ICMP flood), ascending, at most `maxPortsListed` (default 1000) of
 * them; `distinctPorts` their full count; `hosts` ascending.
 */
import type { PacketRow } from '../ingest/packet-row.js';
import { detectFloods, type FloodThresholds } from './detect-floods.js';
import { detectScans, type ScanThresholds } from './detect-scans.js';
import { bySource, type DetectedEvent } from './event.js';
import { rowKeys } from './row-keys.js';

export type { DetectedEvent, Pace } from './event.js';

export type EventThresholds = ScanThresholds & FloodThresholds;

const HOUR = 3600;
const DAY = 86400;

/**
 * The defaults. Fast: 25 ports or 8 hosts in 30 minutes. Slow: 6 hours and 2 days, with port
 * thresholds that grow with the cube root of the window from the fast one (25 · (6 h / 30 min)^⅓ ≈ 57,
 * 25 · (2 d / 30 min)^⅓ ≈ 114, rounded to 60 and 120) and at least 4 hosts; README.md tells how they
 * were tuned on the marx data.
 */
export const DEFAULT_THRESHOLDS: EventThresholds = {
  scanWindow: 1800,
  scanPorts: 25,
  scanHosts: 8,
  slowWindows: [6 * HOUR, 2 * DAY],
  slowPorts: [60, 120],
  slowHosts: [4, 4],
  floodBin: 300,
  floodPackets: 100,
  floodFactor: 20,
  maxPortsListed: 1000,
};

/** Scans and floods of `rows`, sorted by start, then kind, then source. */
export function detectEvents(
  rows: readonly PacketRow[],
  thresholds: Partial<EventThresholds> = {},
): DetectedEvent[] {
  const t = { ...DEFAULT_THRESHOLDS, ...thresholds };
  const groups = bySource(rows);
  const keys = rowKeys(rows);
  const events = [...detectScans(rows, t, groups, keys), ...detectFloods(rows, t, groups, keys)];
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return events.sort(
    (a, b) => cmp(a.start, b.start) || cmp(a.kind, b.kind) || cmp(a.src, b.src) || cmp(a.end, b.end),
  );
}
