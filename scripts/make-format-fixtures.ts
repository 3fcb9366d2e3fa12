/**
 * Writes fixtures/formats/: one file per input format (Cowrie, Suricata eve.json, Zeek conn.log TSV and
 * JSON, iptables/ufw, T-Pot NDJSON), each of more than 1,000 connections with bad lines, other events and
 * blank lines mixed in, plus the same small traffic written as CSV, Cowrie JSON and Zeek TSV. Lines are
 * built from the formats' documented field names (no copied logs) and seeded, so running it again writes
 * the same bytes. Each fixture's expected accounting and protocol / port counts come with it (`expected`),
 * computed from the generated connections, not by the readers; test/ingest/format-fixtures.test.ts checks
 * them. The bench uses the same line writers for its 1-million-row files.
 *
 *   npx vite-node scripts/make-format-fixtures.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export type Proto = 'tcp' | 'udp' | 'icmp';

/** One generated connection: `port` is the ICMP type for ICMP. */
export interface Conn {
  /** Epoch seconds and microseconds. */
  time: number;
  micros: number;
  src: string;
  sport: number;
  proto: Proto;
  port: number;
  host: string;
  cc: string;
  packets: number;
}

export interface Expected {
  read: number;
  accepted: number;
  rejected: number;
  skipped: number;
  blankLines: number;
  byReason: Record<string, number>;
  /** Packets by protocol, and by "tcp/22"-style TCP/UDP port. */
  protocols: Record<Proto, number>;
  ports: Record<string, number>;
  countries?: Record<string, number>;
  /** ISO UTC times of the first and last connection. */
  first: string;
  last: string;
}

export interface Fixture {
  bytes: Buffer;
  /** Flags the file needs besides --input (iptables: --year, --tz). */
  args: string[];
  format: string;
  expected: Expected;
}

/** mulberry32: a small seeded generator, deterministic everywhere. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRIES = ['CN', 'US', 'RU', 'BR', 'DE', 'IN', 'KR', 'NL', 'FR', 'VN'];
const TCP_PORTS = [22, 23, 80, 443, 445, 1433, 2222, 3389, 5900, 8080];
const UDP_PORTS = [53, 123, 161, 1900, 5060];
const ICMP_TYPES = [0, 3, 8, 11];
const START = Date.UTC(2024, 2, 1, 12, 0, 0) / 1000; // 2024-03-01 12:00 UTC

/** `n` connections from START on, a few seconds apart, with the protocols and packet counts asked for. */
export function traffic(
  seed: number,
  n: number,
  o: { protos: readonly Proto[]; maxPackets: number; hosts?: readonly string[]; start?: number },
): Conn[] {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const hosts = o.hosts ?? ['198.51.100.7', '198.51.100.8', '203.0.113.20'];
  let t = o.start ?? START;
  const out: Conn[] = [];
  for (let i = 0; i < n; i++) {
    t += Math.floor(r() * 6);
    const proto = pick(o.protos);
    const port = proto === 'tcp' ? pick(TCP_PORTS) : proto === 'udp' ? pick(UDP_PORTS) : pick(ICMP_TYPES);
    const src = `${1 + Math.floor(r() * 222)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`;
    out.push({
      time: t,
      micros: Math.floor(r() * 1e6),
      src,
      sport: 1024 + Math.floor(r() * 60000),
      proto,
      port,
      host: pick(hosts),
      cc: pick(COUNTRIES),
      packets: 1 + Math.floor(r() * o.maxPackets),
    });
  }
  return out;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** `2024-03-01T12:00:00.123456` (no zone). */
function isoMicros(t: number, micros: number): string {
  return `${new Date(t * 1000).toISOString().slice(0, 19)}.${pad(micros, 6)}`;
}
const ymdHms = (t: number) => new Date(t * 1000).toISOString().slice(0, 19).replace('T', ' ');

// ---- line writers, one per format ----

export function cowrieLine(c: Conn, i: number): string {
  return JSON.stringify({
    eventid: 'cowrie.session.connect',
    src_ip: c.src,
    src_port: c.sport,
    dst_ip: c.host,
    dst_port: c.port,
    session: (0x10000000 + i).toString(16),
    protocol: c.port === 23 ? 'telnet' : 'ssh',
    message: `New connection: ${c.src}:${c.sport} (${c.host}:${c.port}) [session: ${(0x10000000 + i).toString(16)}]`,
    sensor: 'hp-a',
    timestamp: `${isoMicros(c.time, c.micros)}Z`,
  });
}

function cowrieOther(c: Conn, i: number): string {
  const kinds = [
    'cowrie.login.failed',
    'cowrie.command.input',
    'cowrie.session.closed',
    'cowrie.client.version',
  ];
  return JSON.stringify({
    eventid: kinds[i % kinds.length],
    username: 'root',
    password: '123456',
    src_ip: c.src,
    session: (0x20000000 + i).toString(16),
    sensor: 'hp-a',
    timestamp: `${isoMicros(c.time, c.micros)}Z`,
  });
}

const suricataTime = (t: number, micros: number) => `${isoMicros(t, micros)}+0000`;

export function suricataLine(c: Conn, i: number): string {
  const ports =
    c.proto === 'icmp' ? { icmp_type: c.port, icmp_code: 0 } : { src_port: c.sport, dest_port: c.port };
  return JSON.stringify({
    timestamp: suricataTime(c.time + 30, c.micros),
    flow_id: 1000000000 + i,
    in_iface: 'eth0',
    event_type: 'flow',
    src_ip: c.src,
    dest_ip: c.host,
    ...ports,
    proto: c.proto === 'icmp' ? 'ICMP' : c.proto.toUpperCase(),
    flow: {
      pkts_toserver: c.packets,
      pkts_toclient: c.packets - 1,
      bytes_toserver: c.packets * 60,
      bytes_toclient: (c.packets - 1) * 60,
      start: suricataTime(c.time, c.micros),
      end: suricataTime(c.time + 2, c.micros),
      age: 2,
      state: 'closed',
      reason: 'timeout',
      alerted: false,
    },
  });
}

function suricataOther(c: Conn, i: number): string {
  if (i % 2 === 0) {
    return JSON.stringify({
      timestamp: suricataTime(c.time, c.micros),
      event_type: 'alert',
      src_ip: c.src,
      dest_ip: c.host,
      src_port: c.sport,
      dest_port: 22,
      proto: 'TCP',
      alert: {
        action: 'allowed',
        signature_id: 2001219,
        signature: 'ET SCAN Potential SSH Scan',
        severity: 2,
      },
      flow: { pkts_toserver: 1, start: suricataTime(c.time, c.micros) },
    });
  }
  return JSON.stringify({
    timestamp: suricataTime(c.time, c.micros),
    event_type: 'stats',
    stats: { uptime: i },
  });
}

export const ZEEK_FIELDS = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'duration',
  'orig_bytes', 'resp_bytes', 'conn_state', 'local_orig', 'local_resp', 'missed_bytes', 'history', 'orig_pkts',
  'orig_ip_bytes', 'resp_pkts', 'resp_ip_bytes', 'tunnel_parents']; // prettier-ignore
const ZEEK_TYPES = ['time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'string', 'interval', 'count', 'count',
  'string', 'bool', 'bool', 'count', 'string', 'count', 'count', 'count', 'count', 'set[string]']; // prettier-ignore

export function zeekHeader(): string[] {
  return [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    '#path\tconn',
    '#open\t2024-03-01-12-00-00',
    `#fields\t${ZEEK_FIELDS.join('\t')}`,
    `#types\t${ZEEK_TYPES.join('\t')}`,
  ];
}

function zeekValues(c: Conn, i: number): (string | number)[] {
  const icmp = c.proto === 'icmp';
  return [
    `${c.time}.${pad(c.micros, 6)}`,
    `C${(0x30000000 + i).toString(36)}`,
    c.src,
    icmp ? c.port : c.sport,
    c.host,
    icmp ? 0 : c.port,
    c.proto,
    c.port === 22 && c.proto === 'tcp' ? 'ssh' : '-',
    '0.5',
    c.packets * 40,
    0,
    'S0',
    '-',
    '-',
    0,
    'S',
    c.packets,
    c.packets * 60,
    0,
    0,
    '(empty)',
  ];
}

export function zeekLine(c: Conn, i: number): string {
  return zeekValues(c, i).join('\t');
}

export function zeekJsonLine(c: Conn, i: number): string {
  const v = zeekValues(c, i);
  const o: Record<string, unknown> = { _path: 'conn' };
  ZEEK_FIELDS.forEach((f, k) => {
    if (v[k] === '-' || v[k] === '(empty)') return;
    o[f] =
      k === 0
        ? Number(v[k])
        : /^(id\.orig_p|id\.resp_p|orig_pkts|orig_bytes|resp_bytes)$/.test(f)
          ? Number(v[k])
          : v[k];
  });
  return JSON.stringify(o);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `Mar  1 13:00:00` for a UTC time shown in a zone `offset` seconds east. */
function syslogStamp(t: number, offset: number): string {
  const d = new Date((t + offset) * 1000);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** iptables fixtures are written in UTC+01:00 (read with --tz +01:00). */
export const IPTABLES_OFFSET = 3600;

export function iptablesLine(c: Conn, i: number, offset = IPTABLES_OFFSET): string {
  const l4 =
    c.proto === 'icmp'
      ? `PROTO=ICMP TYPE=${c.port} CODE=0 ID=${i % 65536} SEQ=1`
      : `PROTO=${c.proto.toUpperCase()} SPT=${c.sport} DPT=${c.port} ${c.proto === 'tcp' ? 'WINDOW=29200 RES=0x00 SYN URGP=0' : `LEN=${40 + (i % 20)}`}`;
  return `${syslogStamp(c.time, offset)} fw-a kernel: [${(1000 + i / 10).toFixed(6)}] [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 SRC=${c.src} DST=${c.host} LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=${i % 65536} DF ${l4}`;
}

function iptablesOther(c: Conn, i: number): string {
  return i % 2 === 0
    ? `${syslogStamp(c.time, IPTABLES_OFFSET)} fw-a sshd[${1000 + i}]: Invalid user admin from ${c.src} port ${c.sport}`
    : `${syslogStamp(c.time, IPTABLES_OFFSET)} fw-a kernel: [${(1000 + i / 10).toFixed(6)}] e1000e: eth0 NIC Link is Up`;
}

export function tpotLine(c: Conn, i: number): string {
  const doc = {
    '@timestamp': `${new Date(c.time * 1000).toISOString().slice(0, 19)}.${pad(Math.floor(c.micros / 1000), 3)}Z`,
    type: c.proto === 'tcp' ? 'Cowrie' : 'Suricata',
    src_ip: c.src,
    src_port: c.sport,
    dest_ip: '172.20.0.2',
    ...(c.proto === 'icmp' ? { icmp_type: c.port } : { dest_port: c.port }),
    ...(c.proto === 'tcp'
      ? { eventid: 'cowrie.session.connect', protocol: 'ssh' }
      : { event_type: 'flow', proto: c.proto.toUpperCase() }),
    't-pot_hostname': 'tpot-a',
    geoip: { country_code2: c.cc, ip: c.src },
  };
  // Every third document as a search hit, as elasticdump writes them.
  return JSON.stringify(i % 3 === 0 ? { _index: 'logstash-2024.03.01', _id: `d${i}`, _source: doc } : doc);
}

function tpotOther(c: Conn, i: number): string {
  return JSON.stringify({
    '@timestamp': `${new Date(c.time * 1000).toISOString().slice(0, 19)}.000Z`,
    type: i % 2 ? 'Cowrie' : 'Suricata',
    ...(i % 2 ? { eventid: 'cowrie.login.failed', username: 'root' } : { event_type: 'alert' }),
    src_ip: c.src,
    dest_port: 22,
    't-pot_hostname': 'tpot-a',
  });
}

// ---- files ----

interface Spec {
  good: (c: Conn, i: number) => string;
  other: (c: Conn, i: number) => string;
  /** Bad lines, each with the reason it gets (built from a good connection). */
  bad: (c: Conn, i: number) => [string, string][];
  head?: string[];
  tail?: string[];
  protos: readonly Proto[];
  maxPackets: number;
  countries?: boolean;
}

/** Lines of a fixture and its expected outcome: `n` good records, a bad line every 40, another event every 7. */
function build(seed: number, n: number, s: Spec): { text: string; expected: Expected } {
  const conns = traffic(seed, n, { protos: s.protos, maxPackets: s.maxPackets });
  const lines: string[] = [...(s.head ?? [])];
  const iso = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');
  const span = { first: iso(conns[0].time), last: iso(conns[conns.length - 1].time) };
  const e: Expected = { ...span, read: 0, accepted: 0, rejected: 0, skipped: s.head?.length ?? 0, blankLines: 0,
    byReason: {}, protocols: { tcp: 0, udp: 0, icmp: 0 }, ports: {}, ...(s.countries ? { countries: {} } : {}) }; // prettier-ignore
  let badIndex = 0;
  conns.forEach((c, i) => {
    lines.push(s.good(c, i));
    e.read++;
    e.accepted++;
    e.protocols[c.proto] += c.packets;
    if (c.proto !== 'icmp')
      e.ports[`${c.proto}/${c.port}`] = (e.ports[`${c.proto}/${c.port}`] ?? 0) + c.packets;
    if (e.countries) e.countries[c.cc] = (e.countries[c.cc] ?? 0) + c.packets;
    if (i % 7 === 3) {
      lines.push(s.other(c, i));
      e.skipped++;
    }
    if (i % 40 === 20) {
      const all = s.bad(c, i);
      const [line, reason] = all[badIndex++ % all.length];
      lines.push(line);
      e.read++;
      e.rejected++;
      e.byReason[reason] = (e.byReason[reason] ?? 0) + 1;
    }
    if (i % 250 === 100) {
      lines.push('');
      e.blankLines++;
    }
  });
  lines.push(...(s.tail ?? []));
  e.skipped += s.tail?.length ?? 0;
  return { text: lines.join('\n') + '\n', expected: e };
}

const json = (o: unknown) => JSON.stringify(o);
const edit = (line: string, from: string, to: string) => line.replace(from, to);

export function formatFixtures(): Record<string, Fixture> {
  const out: Record<string, Fixture> = {};
  const add = (name: string, format: string, gzip: boolean, built: { text: string; expected: Expected }, args: string[] = []) => {
    const bytes = Buffer.from(built.text);
    out[name] = { bytes: gzip ? gzipSync(bytes, { level: 9 }) : bytes, args, format, expected: built.expected };
  }; // prettier-ignore

  add('cowrie.json.gz', 'cowrie', true, build(1, 1200, {
    good: cowrieLine, other: cowrieOther, protos: ['tcp'], maxPackets: 1,
    bad: (c, i) => {
      const g = JSON.parse(cowrieLine(c, i));
      return [
        [cowrieLine(c, i).slice(0, 60), 'malformed json'],
        [json({ ...g, src_ip: '999.1.2.3' }), 'bad address'],
        [json({ ...g, dst_port: 'http' }), 'bad port'],
        [json({ ...g, dst_port: 70000 }), 'port out of range'],
        [json({ ...g, timestamp: 'yesterday' }), 'bad time'],
        [json({ src_ip: c.src, note: 'no eventid' }), 'malformed line'],
        [json({ ...g, dst_port: undefined }), 'missing port'],
        ['not json at all', 'malformed json'],
      ];
    },
  })); // prettier-ignore

  add('suricata-eve.json.gz', 'suricata', true, build(2, 1300, {
    good: suricataLine, other: suricataOther, protos: ['tcp', 'tcp', 'udp', 'icmp'], maxPackets: 5,
    bad: (c, i) => {
      const tcp: Conn = { ...c, proto: 'tcp', port: 22 };
      const g = JSON.parse(suricataLine(tcp, i));
      return [
        [json({ ...g, flow: { ...g.flow, pkts_toserver: -3 } }), 'bad packet count'],
        [json({ ...g, proto: 'SCTP' }), 'unknown protocol'],
        [json({ ...JSON.parse(suricataLine({ ...c, proto: 'icmp', port: 8 }, i)), icmp_type: 300 }), 'bad icmp type'],
        [json({ ...g, flow: { ...g.flow, start: undefined } }), 'bad time'],
        [json({ ...g, event_type: undefined }), 'malformed line'],
        [suricataLine(tcp, i).slice(0, 100), 'malformed json'],
        [json({ ...g, flow: { ...g.flow, pkts_toserver: 'x' } }), 'bad packet count'],
      ];
    },
  })); // prettier-ignore

  add('zeek-conn.log', 'zeek', false, build(3, 1100, {
    good: zeekLine, other: () => '#close\t2024-03-01-13-00-00', protos: ['tcp', 'udp', 'udp', 'icmp'], maxPackets: 4,
    head: zeekHeader(),
    bad: (c, i) => {
      const v = zeekValues({ ...c, proto: 'tcp', port: 80 }, i).map(String);
      const set = (k: number, x: string) => v.map((y, j) => (j === k ? x : y)).join('\t');
      return [
        [v.slice(0, 10).join('\t'), 'wrong field count'],
        [set(6, 'unknown_transport'), 'unknown protocol'],
        [set(0, '-'), 'bad time'],
        [set(16, 'abc'), 'bad packet count'],
        [set(5, '99999'), 'port out of range'],
        [set(2, 'not-an-address'), 'bad address'],
      ];
    },
  })); // prettier-ignore

  add('zeek-conn.json.gz', 'zeek', true, build(4, 1050, {
    good: zeekJsonLine, other: (c) => json({ _path: 'dns', ts: c.time, 'id.orig_h': c.src, query: 'example.com' }),
    protos: ['tcp', 'udp', 'icmp'], maxPackets: 3,
    bad: (c, i) => {
      const g = JSON.parse(zeekJsonLine({ ...c, proto: 'udp', port: 53 }, i));
      return [
        [zeekJsonLine(c, i).slice(0, 50), 'malformed json'],
        [json({ ...g, 'id.orig_h': undefined }), 'bad address'],
        [json({ ...g, orig_pkts: -1 }), 'bad packet count'],
        [json({ ...g, 'id.resp_p': undefined }), 'missing port'],
      ];
    },
  })); // prettier-ignore

  add('iptables.log.gz', 'iptables', true, build(5, 1150, {
    good: iptablesLine, other: iptablesOther, protos: ['tcp', 'tcp', 'udp', 'icmp'], maxPackets: 1,
    bad: (c, i) => {
      const tcp = iptablesLine({ ...c, proto: 'tcp', port: 22 }, i);
      return [
        [`Feb 30 12:00:00${tcp.slice(15)}`, 'bad time'],
        [edit(tcp, 'PROTO=TCP', 'PROTO=47'), 'unknown protocol'],
        [edit(tcp, ' DPT=22', ''), 'missing port'],
        [edit(tcp, `SRC=${c.src}`, 'SRC=bogus'), 'bad address'],
        [iptablesLine({ ...c, proto: 'icmp', port: 300 }, i), 'bad icmp type'],
      ];
    },
  }), ['--year', '2024', '--tz', '+01:00']); // prettier-ignore

  add('tpot.ndjson', 'tpot', false, build(6, 1000, {
    good: tpotLine, other: tpotOther, protos: ['tcp', 'tcp', 'udp', 'icmp'], maxPackets: 1, countries: true,
    bad: (c) => {
      const g = JSON.parse(tpotLine({ ...c, proto: 'tcp', port: 22 }, 1)); // index 1: a bare document
      return [
        [json({ ...g, src_ip: undefined }), 'bad address'],
        [json({ ...g, '@timestamp': '2024-13-01T00:00:00Z' }), 'bad time'],
        [tpotLine(c, 1).slice(0, 70), 'malformed json'],
        [json({ ...g, dest_port: -22 }), 'port out of range'],
      ];
    },
  })); // prettier-ignore
  return out;
}

/** The same TCP traffic as marx-style CSV, Cowrie JSON and Zeek TSV (one packet per connection). */
export function sameTraffic(): Record<'csv' | 'cowrie' | 'zeek', Buffer> {
  const conns = traffic(7, 600, { protos: ['tcp'], maxPackets: 1, start: START });
  return {
    csv: Buffer.from(['time,src,proto,dport,host', ...conns.map((c) => `${ymdHms(c.time)},${c.src},TCP,${c.port},${c.host}`)].join('\n') + '\n'), // prettier-ignore
    cowrie: Buffer.from(conns.map((c, i) => cowrieLine(c, i)).join('\n') + '\n'),
    zeek: Buffer.from([...zeekHeader(), ...conns.map((c, i) => zeekLine(c, i)), '#close\t2024-03-01-15-00-00'].join('\n') + '\n'), // prettier-ignore
  };
}

// Run as a script (not when a test imports it, nor from the bench's bundle in dist/).
if (process.env.VITEST === undefined && !import.meta.url.includes('/dist/')) {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'formats');
  mkdirSync(dir, { recursive: true });
  const fixtures = formatFixtures();
  for (const [name, f] of Object.entries(fixtures)) writeFileSync(join(dir, name), f.bytes);
  const same = sameTraffic();
  writeFileSync(join(dir, 'same-traffic.csv'), same.csv);
  writeFileSync(join(dir, 'same-traffic.cowrie.json'), same.cowrie);
  writeFileSync(join(dir, 'same-traffic.zeek.log'), same.zeek);
  console.log(`wrote ${Object.keys(fixtures).length + 3} files to ${dir}`);
}
