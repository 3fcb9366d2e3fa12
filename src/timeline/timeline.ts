import type { Proto } from '../ingest/packet-row.js';

/** A destination of the ports view: a TCP or UDP port, or ICMP (port -1 = all ICMP types together). */
export interface Target {
  proto: Proto;
  port: number;
}

/**
 * Rows binned by time and aggregated per (bin, country, target). Entries are sorted by
 * (bin, country index, target index), so the entries of bin b are
 * [binOffsets[b], binOffsets[b + 1]) and any frame's work is found without touching earlier frames.
 * An entry's index is its stable identity (it seeds the bubble's jitter).
 */
export interface Timeline {
  /** Epoch seconds at which bin 0 starts. */
  start: number;
  binSeconds: number;
  binCount: number;
  /** Country codes, most packets first (ties by code). Index = country id used by entries. */
  countries: string[];
  countryPackets: number[];
  /** Targets sorted by protocol (tcp, udp, icmp) then port. Index = target id used by entries. */
  targets: Target[];
  targetPackets: number[];
  /** Destination hosts, most packets first (ties by name), with their totals. */
  hosts: string[];
  hostPackets: number[];
  entryBin: Uint32Array;
  entryCountry: Uint16Array;
  entryTarget: Uint32Array;
  entryPackets: Uint32Array;
  /** Length binCount + 1. */
  binOffsets: Uint32Array;
  /** Total packets. */
  packets: number;
}
