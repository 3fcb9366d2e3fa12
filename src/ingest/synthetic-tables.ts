/**
 * Weight tables for the synthetic honeypot traffic (src/ingest/synthetic.ts). Weights are relative
 * (a share of packets, roughly in percent); the generator normalises them. They are modelled on the
 * published shape of the 2013 marx honeypot data: China and the US first, then a long tail.
 */
import { UNKNOWN_COUNTRY } from './packet-row.js';

export type Weighted<T> = readonly (readonly [T, number])[];

/** Source countries (ISO 3166-1 alpha-2), summing to 100: CN 42 %, US 20 %, ZZ (unknown) 0.5 %. */
export const COUNTRY_WEIGHTS: Weighted<string> = [
  ['CN', 42],
  ['US', 20],
  ['TW', 2.8],
  ['KR', 2.6],
  ['RU', 2.5],
  ['BR', 2.1],
  ['IN', 2.0],
  ['DE', 1.8],
  ['NL', 1.7],
  ['FR', 1.4],
  ['VN', 1.4],
  ['JP', 1.3],
  ['GB', 1.2],
  ['UA', 1.0],
  ['TR', 0.95],
  ['IR', 0.85],
  ['ID', 0.85],
  ['CA', 0.8],
  ['HK', 0.8],
  ['RO', 0.75],
  ['IT', 0.7],
  ['TH', 0.65],
  ['AR', 0.6],
  ['MX', 0.55],
  ['PL', 0.55],
  ['ES', 0.55],
  ['SG', 0.5],
  ['EG', 0.45],
  ['PK', 0.45],
  ['CO', 0.4],
  ['CL', 0.4],
  ['ZA', 0.4],
  ['BG', 0.35],
  ['MY', 0.35],
  ['PH', 0.35],
  ['SE', 0.3],
  ['AU', 0.3],
  ['KZ', 0.3],
  ['VE', 0.3],
  ['SA', 0.3],
  ['BD', 0.3],
  ['CZ', 0.25],
  ['HU', 0.25],
  ['IL', 0.2],
  ['PE', 0.2],
  ['LT', 0.2],
  ['NG', 0.15],
  ['MA', 0.15],
  ['GR', 0.15],
  [UNKNOWN_COUNTRY, 0.5],
];

/** Commonly attacked TCP services, heavy-tailed (MS-SQL, SMB and RDP lead, as in 2013). */
export const TCP_PORT_WEIGHTS: Weighted<number> = [
  [1433, 14],
  [445, 12],
  [3389, 9],
  [22, 8],
  [23, 7],
  [80, 7],
  [8080, 4],
  [3306, 4],
  [135, 3.5],
  [139, 2.5],
  [25, 2],
  [443, 2],
  [5900, 2],
  [1080, 1.5],
  [3128, 1.5],
  [8888, 1.2],
  [21, 1.2],
  [110, 0.8],
  [5000, 0.8],
  [4899, 0.7],
  [81, 0.6],
  [8000, 0.6],
  [1723, 0.5],
  [143, 0.5],
  [8081, 0.5],
  [10000, 0.4],
  [5060, 0.4],
  [993, 0.4],
  [995, 0.3],
  [49153, 0.3],
];

/** Commonly probed UDP services (SIP scanning leads, then SSDP, DNS, SNMP, NetBIOS, NTP). */
export const UDP_PORT_WEIGHTS: Weighted<number> = [
  [5060, 25],
  [1900, 14],
  [53, 12],
  [161, 9],
  [137, 8],
  [123, 7],
  [1434, 4],
  [19, 4],
  [69, 3],
  [500, 3],
  [111, 2],
  [5353, 2],
  [520, 1.5],
  [27015, 1.5],
  [17, 1],
  [1194, 1],
];

/** ICMP types: mostly echo request, some unreachable, echo reply, time exceeded. */
export const ICMP_TYPE_WEIGHTS: Weighted<number> = [
  [8, 80],
  [3, 10],
  [0, 6],
  [11, 4],
];

/** Protocol mix by bursts (and so, on average, by packets). */
export const PROTO_WEIGHTS: Weighted<'tcp' | 'udp' | 'icmp'> = [
  ['tcp', 73],
  ['udp', 17],
  ['icmp', 10],
];

/** The nine marx honeypots; Tokyo, Oregon and Singapore are the busiest. */
export const HOST_WEIGHTS: Weighted<string> = [
  ['groucho-tokyo', 18],
  ['groucho-oregon', 16],
  ['groucho-singapore', 15],
  ['groucho-us-east', 11],
  ['groucho-eu', 10],
  ['groucho-norcal', 8],
  ['groucho-sydney', 8],
  ['zeppo-norcal', 7],
  ['groucho-sa', 7],
];

/** What a planted flood hits: [proto, port]. */
export const FLOOD_TARGETS: readonly (readonly ['tcp' | 'udp' | 'icmp', number])[] = [
  ['tcp', 80],
  ['tcp', 22],
  ['tcp', 3389],
  ['tcp', 1433],
  ['tcp', 445],
  ['udp', 5060],
  ['udp', 53],
  ['udp', 1900],
  ['icmp', 8],
];

/** A sampler over a weight table: maps u ∈ [0, 1) to an item by cumulative weight. */
export function sampler<T>(table: Weighted<T>): (u: number) => T {
  const items = table.map(([v]) => v);
  const cum: number[] = [];
  let total = 0;
  for (const [, w] of table) cum.push((total += w));
  return (u) => {
    const x = u * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo];
  };
}
