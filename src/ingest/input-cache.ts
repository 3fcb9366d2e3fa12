/**
 * A binary cache of a parsed input file, so that a second render of the same file skips parsing.
 * Keyed by the file's SHA-256 and every ingest option that changes the result (and the tool's cache
 * format), in the user's cache folder ($XDG_CACHE_HOME/portglow, else ~/.cache/portglow). Written to
 * a temporary file and renamed, so concurrent renders never read half a cache; a cache that fails its
 * checksum or does not parse is ignored (and written again). The rows are stored as columns: times,
 * ports and protocols as typed arrays, text fields as indices into one table of distinct strings.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { cacheDir } from '../cache-dir.js';
import { openCacheFile, sealCacheFile } from '../cache-file.js';
import { PROTOS, type PacketRow, type Proto } from './packet-row.js';

/** What the cache stores: the rows, the digest of the bytes they came from, and plain JSON beside them. */
export interface Cacheable {
  rows: PacketRow[];
  digest: string;
}

const MAGIC = 'portglow-input-cache 1\n';

/** The cache folder: $XDG_CACHE_HOME/portglow, else ~/.cache/portglow; null when PORTGLOW_INPUT_CACHE=off. */
export function inputCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.PORTGLOW_INPUT_CACHE === 'off') return null;
  return cacheDir(env);
}

/** SHA-256 hex of a file's bytes, streamed. */
export async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The cache file for a file digest and the options that shape the parse (any JSON value). */
export function cachePath(dir: string, digest: string, options: unknown): string {
  const key = createHash('sha256').update(MAGIC).update(digest).update(JSON.stringify(options)).digest('hex');
  return join(dir, `input-${key}.bin`);
}

/** The result as bytes: MAGIC, a JSON header, four padded columns, then the SHA-256 of all before. */
export function encodeCache(r: Cacheable): Buffer {
  const n = r.rows.length;
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const id = (s: string) => {
    let i = ids.get(s);
    if (i === undefined) ids.set(s, (i = strings.push(s) - 1));
    return i;
  };
  const time = new Float64Array(n);
  const port = new Int32Array(n);
  const text = new Uint32Array(n * 3);
  const proto = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const row = r.rows[i];
    time[i] = row.time;
    port[i] = row.port;
    text[i * 3] = id(row.host);
    text[i * 3 + 1] = id(row.src);
    text[i * 3 + 2] = id(row.cc);
    proto[i] = PROTOS.indexOf(row.proto);
  }
  const { rows: _rows, ...meta } = r;
  const head = Buffer.from(MAGIC + JSON.stringify({ n, meta, strings }));
  const pad = Buffer.alloc((8 - ((head.length + 4) % 8)) % 8);
  return sealCacheFile(
    Buffer.concat([head, pad]),
    [time, port, text, proto].map((a) => Buffer.from(a.buffer)),
  );
}

/** The result stored in `bytes`, or undefined when they are not a whole, undamaged cache. */
export function decodeCache<T extends Cacheable>(bytes: Buffer): T | undefined {
  const file = openCacheFile(bytes, MAGIC);
  if (!file) return undefined;
  try {
    const { n, meta, strings } = JSON.parse(file.head.trimEnd().replace(/\0+$/, '')) as {
      n: number;
      meta: Omit<T, 'rows'>;
      strings: string[];
    };
    const body = file.payload;
    let at = 0;
    const take = (size: number) => {
      const b = body.subarray(at, at + size);
      at += size;
      if (b.length !== size) throw new Error('short');
      return new Uint8Array(b).buffer; // a copy, aligned for the typed array
    };
    const time = new Float64Array(take(n * 8));
    const port = new Int32Array(take(n * 4));
    const text = new Uint32Array(take(n * 12));
    const proto = new Uint8Array(take(n));
    if (at !== body.length) return undefined;
    const rows: PacketRow[] = new Array<PacketRow>(n);
    for (let i = 0; i < n; i++) {
      rows[i] = {
        time: time[i],
        host: strings[text[i * 3]],
        src: strings[text[i * 3 + 1]],
        cc: strings[text[i * 3 + 2]],
        proto: PROTOS[proto[i]] as Proto,
        port: port[i],
      };
    }
    return { ...meta, rows } as T;
  } catch {
    return undefined;
  }
}

/** The cached result at `path`, or undefined when there is none or it is damaged. */
export async function readCache<T extends Cacheable>(path: string): Promise<T | undefined> {
  const bytes = await readFile(path).catch(() => undefined);
  return bytes && decodeCache<T>(bytes);
}

/**
 * Stores the result; a failure (read-only home, full disk) only costs the next run its head start,
 * so it is ignored.
 */
export async function writeCache(path: string, dir: string, r: Cacheable): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, encodeCache(r), { flag: 'wx' });
    await rename(temp, path);
  } catch {
    await rm(temp, { force: true }).catch(() => undefined);
  }
}

/** What besides the bytes and the reader's options decides the parse: the path (reports name it) and the GeoIP data. */
async function cacheKey(path: string, options: unknown, geoipDb: string | undefined): Promise<unknown> {
  const db = geoipDb ? await stat(geoipDb).catch(() => undefined) : undefined;
  const bundled = (createRequire(import.meta.url)('geoip-country/package.json') as { version: string })
    .version;
  return {
    path: resolve(path),
    options,
    geo: geoipDb ? { db: resolve(geoipDb), size: db?.size, mtime: db?.mtimeMs } : bundled,
  };
}

/**
 * `read()` of the file at `path` through the cache in `dir`: a hit skips the parse; a miss parses and
 * stores the result. `options` (plain JSON) are every reader option that shapes the result.
 */
export async function cachedRead<T extends Cacheable>(
  dir: string,
  path: string,
  options: unknown,
  geoipDb: string | undefined,
  read: () => Promise<T>,
): Promise<T> {
  let file: string;
  try {
    file = cachePath(dir, await fileDigest(path), await cacheKey(path, options, geoipDb));
  } catch {
    return read(); // the reader names the problem with the file
  }
  const hit = await readCache<T>(file);
  if (hit) return hit;
  const result = await read();
  // Only what was parsed from the bytes the key names (the file may change while it is read).
  if (file === cachePath(dir, result.digest, await cacheKey(path, options, geoipDb)))
    await writeCache(file, dir, result);
  return result;
}
