/**
 * Row selection (`--from/--to`, `--country`, `--proto`, `--port`, `--host`). Rows outside the selection
 * are counted as "filtered", never as rejected. `from` is inclusive and `to` exclusive (epoch seconds),
 * so `--from 2013-03-03 --to 2013-03-04` is one day. `--port` selects TCP/UDP destination ports only
 * (ICMP rows are left out when it is given); `--country` takes codes, 'ZZ' for unknown.
 */
import type { PacketRow, Proto } from './packet-row.js';

export interface Selection {
  from?: number;
  to?: number;
  countries?: readonly string[];
  protos?: readonly Proto[];
  /** Single ports or inclusive ranges [lo, hi]. */
  ports?: readonly (readonly [number, number])[];
  hosts?: readonly string[];
}

export type RowFilter = (row: PacketRow) => boolean;

/** A predicate for the selection, or null when it selects everything (the fast path). */
export function selectionFilter(sel: Selection = {}): RowFilter | null {
  const { from, to } = sel;
  const countries = sel.countries?.length ? new Set(sel.countries.map((c) => c.toUpperCase())) : null;
  const protos = sel.protos?.length ? new Set(sel.protos) : null;
  const ports = sel.ports?.length ? sel.ports : null;
  const hosts = sel.hosts?.length ? new Set(sel.hosts) : null;
  if (from === undefined && to === undefined && !countries && !protos && !ports && !hosts) return null;
  return (row) => {
    if (from !== undefined && row.time < from) return false;
    if (to !== undefined && row.time >= to) return false;
    if (countries && !countries.has(row.cc)) return false;
    if (protos && !protos.has(row.proto)) return false;
    if (hosts && !hosts.has(row.host)) return false;
    if (ports) {
      if (row.proto === 'icmp') return false;
      let hit = false;
      for (const [lo, hi] of ports) {
        if (row.port >= lo && row.port <= hi) {
          hit = true;
          break;
        }
      }
      if (!hit) return false;
    }
    return true;
  };
}

/** Applies a selection to rows already in memory (the synthetic input): kept rows and the count left out. */
export function applySelection(rows: PacketRow[], sel: Selection): { rows: PacketRow[]; filtered: number } {
  const keep = selectionFilter(sel);
  if (!keep) return { rows, filtered: 0 };
  const kept = rows.filter(keep);
  return { rows: kept, filtered: rows.length - kept.length };
}
