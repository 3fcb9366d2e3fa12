/**
 * A minimal MaxMind DB (.mmdb) writer for tests: an IPv4-only Country database with 24-bit records, so
 * that `--geoip-db` can be tested without shipping a GeoLite2 file. Format: MaxMind DB spec 2.0.
 */

type Rec = { node: number } | { data: number } | null;

function control(type: number, size: number): Buffer {
  if (size >= 29) throw new RangeError('mmdb-writer: sizes >= 29 are not supported');
  return type <= 7 ? Buffer.from([(type << 5) | size]) : Buffer.from([size, type - 7]);
}

function uint(type: number, v: number | bigint, bytes: number): Buffer {
  const b = Buffer.alloc(bytes);
  let x = BigInt(v);
  for (let i = bytes - 1; i >= 0; i--, x >>= 8n) b[i] = Number(x & 255n);
  return Buffer.concat([control(type, bytes), b]);
}

type Value = string | number | Value[] | { [k: string]: Value };

function encode(v: Value): Buffer {
  if (typeof v === 'string') {
    const s = Buffer.from(v, 'utf8');
    return Buffer.concat([control(2, s.length), s]);
  }
  if (typeof v === 'number') return uint(6, v, 4); // uint32
  if (Array.isArray(v)) return Buffer.concat([control(11, v.length), ...v.map(encode)]);
  const keys = Object.keys(v);
  return Buffer.concat([control(7, keys.length), ...keys.flatMap((k) => [encode(k), encode(v[k])])]);
}

/** `networks`: [dotted prefix, prefix length, ISO code]. */
export function writeCountryMmdb(networks: [string, number, string][]): Buffer {
  const nodes: [Rec, Rec][] = [[null, null]];
  const dataParts: Buffer[] = [];
  const dataOffset = new Map<string, number>();
  let dataSize = 0;
  for (const [prefix, bits, iso] of networks) {
    let off = dataOffset.get(iso);
    if (off === undefined) {
      const part = encode({ country: { iso_code: iso, names: { en: iso } } });
      off = dataSize;
      dataOffset.set(iso, off);
      dataParts.push(part);
      dataSize += part.length;
    }
    const ip = prefix.split('.').reduce((a, o) => a * 256 + Number(o), 0);
    let node = 0;
    for (let d = 0; d < bits; d++) {
      const bit = Math.floor(ip / 2 ** (31 - d)) & 1;
      if (d === bits - 1) {
        nodes[node][bit] = { data: off };
        break;
      }
      const next = nodes[node][bit];
      if (next && 'node' in next) node = next.node;
      else {
        nodes.push([null, null]);
        nodes[node][bit] = { node: nodes.length - 1 };
        node = nodes.length - 1;
      }
    }
  }
  const count = nodes.length;
  const tree = Buffer.alloc(count * 6);
  const value = (r: Rec) => (r === null ? count : 'node' in r ? r.node : count + 16 + r.data);
  nodes.forEach(([l, r], i) => {
    tree.writeUIntBE(value(l), i * 6, 3);
    tree.writeUIntBE(value(r), i * 6 + 3, 3);
  });
  const metadata = encode({
    node_count: count,
    record_size: 24,
    ip_version: 4,
    database_type: 'Test-Country',
    languages: ['en'],
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: 1_700_000_000,
    description: { en: 'portglow test database' },
  });
  const marker = Buffer.from('ABCDEF4D61784D696E642E636F6D', 'hex'); // "\xAB\xCD\xEFMaxMind.com"
  return Buffer.concat([tree, Buffer.alloc(16), ...dataParts, marker, metadata]);
}
