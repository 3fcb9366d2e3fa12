/** One packet (one log line) as every reader and the synthetic generator hand it on. */
export type Proto = 'tcp' | 'udp' | 'icmp';

export const PROTOS: readonly Proto[] = ['tcp', 'udp', 'icmp'];

/** Country code used for sources that GeoIP cannot place: counted, never dropped. */
export const UNKNOWN_COUNTRY = 'ZZ';

export interface PacketRow {
  /** Whole seconds since the Unix epoch, UTC. */
  time: number;
  /** Destination host (the honeypot); '' when the input has no host column. */
  host: string;
  /** Source address as text: dotted IPv4 or IPv6. */
  src: string;
  /** ISO 3166-1 alpha-2 code of the source's country, upper case; UNKNOWN_COUNTRY when unknown. */
  cc: string;
  proto: Proto;
  /** TCP/UDP: destination port 0–65535. ICMP: the ICMP type, or -1 when the input has none. */
  port: number;
}
