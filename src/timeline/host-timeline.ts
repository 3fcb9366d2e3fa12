import type { PacketRow } from '../ingest/packet-row.js';
import { buildTimeline, type BuildTimelineOptions } from './build-timeline.js';
import type { Timeline } from './timeline.js';

/**
 * The timeline of the hosts view: entries per (bin, country, destination host), every protocol
 * alike. Hosts become the targets: target i is hosts[i] (busiest first), carried as a port number.
 */
export function buildHostTimeline(
  rows: readonly PacketRow[],
  opts: BuildTimelineOptions,
): { timeline: Timeline; hosts: string[] } {
  const byHost = new Map<string, number>();
  for (const r of rows) byHost.set(r.host, (byHost.get(r.host) ?? 0) + 1);
  const hosts = [...byHost.keys()].sort(
    (a, b) => byHost.get(b)! - byHost.get(a)! || (a < b ? -1 : a > b ? 1 : 0),
  );
  const rank = new Map(hosts.map((h, i) => [h, i]));
  const timeline = buildTimeline(
    rows.map((r) => ({ ...r, proto: 'tcp' as const, port: rank.get(r.host)! })),
    opts,
  );
  return { timeline, hosts };
}
