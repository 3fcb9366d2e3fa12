/**
 * Ingest benchmark: read + validate + GeoIP + bin (5-minute timeline) of the full real marx files
 * (451,581 rows each) from ../shared/data. Targets: under 2 s per file and under 400 MB peak RSS.
 * Peak RSS is the process's maxRSS (process.resourceUsage), so it covers both files and whatever ran
 * before in the same process; run it first (or alone) for a clean number.
 * benchFormats (below): a million rows of each input format, each read in a process of its own.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cowrieLine,
  iptablesLine,
  random,
  suricataLine,
  tpotLine,
  zeekHeader,
  zeekJsonLine,
  zeekLine,
  type Conn,
} from '../scripts/make-format-fixtures.js';
import { readCsv } from '../src/ingest/read-csv.js';
import { readInput } from '../src/ingest/read-input.js';
import { buildTimeline } from '../src/timeline/build-timeline.js';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

export function dataDir(): string {
  // From bench/ (sources) or dist/ (bundle) alike: the folder beside the repository root.
  let dir = fileURLToPath(new URL('.', import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && resolve(dir, '..') !== dir) dir = resolve(dir, '..');
  return resolve(dir, '../shared/data');
}

export async function benchIngest(): Promise<BenchResult[]> {
  const dir = dataDir();
  const out: BenchResult[] = [];
  for (const name of ['marx.csv.gz', 'marx-cc.csv.gz']) {
    const path = join(dir, name);
    if (!existsSync(path)) {
      console.warn(`bench ingest: ${path} is missing; skipped`);
      continue;
    }
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = performance.now();
    const input = await readCsv(path);
    const t1 = performance.now();
    const timeline = buildTimeline(input.rows, { binSeconds: 300 });
    const t2 = performance.now();
    if (input.read !== 451_581 || timeline.packets !== input.accepted) {
      throw new Error(`bench ingest: ${name} gave ${input.read} rows, ${timeline.packets} binned`);
    }
    out.push(
      { name: `ingest + bin ${name}`, value: Math.round(t2 - t0), unit: 'ms' },
      { name: `  of which read + validate + GeoIP`, value: Math.round(t1 - t0), unit: 'ms' },
      { name: `  of which bin (${timeline.binCount} bins)`, value: Math.round(t2 - t1), unit: 'ms' },
      { name: `ingest rate ${name}`, value: Math.round(input.read / ((t1 - t0) / 1000)), unit: 'rows/s' },
    );
  }
  out.push({
    name: 'ingest peak RSS (process maxRSS)',
    value: Math.round(process.resourceUsage().maxRSS / 1024),
    unit: 'MB',
  });
  return out;
}

/** Connections of the format bench: a pool of sources, all protocols, one to five packets. */
function* benchConns(n: number): Generator<Conn> {
  const r = random(99);
  const pool = Array.from({ length: 50_000 }, () =>
    [1 + Math.floor(r() * 222), Math.floor(r() * 256), Math.floor(r() * 256), 1 + Math.floor(r() * 254)].join(
      '.',
    ),
  );
  const protos = ['tcp', 'tcp', 'tcp', 'udp', 'icmp'] as const;
  const tcp = [22, 23, 80, 443, 445, 1433, 3389, 8080];
  let t = Date.UTC(2024, 0, 1) / 1000;
  for (let i = 0; i < n; i++) {
    t += i % 4 === 0 ? 1 : 0;
    const proto = protos[i % protos.length];
    yield { time: t, micros: (i * 7919) % 1_000_000, src: pool[Math.floor(r() * pool.length)], sport: 1024 + (i % 60000),
      proto, port: proto === 'tcp' ? tcp[i % tcp.length] : proto === 'udp' ? 53 : 8, host: `198.51.100.${i % 4}`,
      cc: 'CN', packets: 1 + (i % 5) }; // prettier-ignore
  }
}

const csvLine = (c: Conn) =>
  `${new Date(c.time * 1000).toISOString().slice(0, 19).replace('T', ' ')},${c.src},${c.proto.toUpperCase()},${c.proto === 'icmp' ? '' : c.port},${c.host}`;

/** One file per format, written at bench time; the flags it needs. */
const FORMAT_FILES: {
  name: string;
  write: (c: Conn, i: number) => string;
  head?: string[];
  args?: string[];
}[] = [
  { name: 'csv', write: csvLine, head: ['time,src,proto,dport,host'] },
  { name: 'cowrie', write: cowrieLine },
  { name: 'suricata', write: suricataLine },
  { name: 'zeek', write: zeekLine, head: zeekHeader() },
  { name: 'zeek-json', write: zeekJsonLine },
  { name: 'iptables', write: iptablesLine, args: ['--year', '2024', '--tz', '+01:00'] },
  { name: 'tpot', write: tpotLine },
];

const FORMAT_ROWS = Number(process.env.BENCH_FORMAT_ROWS ?? 1_000_000);

async function writeLines(path: string, head: string[], lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  let buf = head.length ? `${head.join('\n')}\n` : '';
  for (const line of lines) {
    buf += `${line}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise<void>((r) => out.on('finish', () => r()));
}

interface ReadOne {
  seconds: number;
  accepted: number;
  maxRssKb: number;
}

/**
 * The child's side of benchFormats: reads the file PORTGLOW_BENCH_READ names (detected by content, as
 * --input does; GeoIP included) and prints the time, the rows accepted and the process's peak RSS.
 */
export async function benchReadOne(spec: string): Promise<void> {
  const { path, args } = JSON.parse(spec) as { path: string; args: string[] };
  const flag = (k: string) => (args.includes(k) ? args[args.indexOf(k) + 1] : undefined);
  const t0 = performance.now();
  const input = await readInput({
    inputs: [path], seed: 0, strict: false, binSeconds: 300, selection: {},
    year: flag('--year') ? Number(flag('--year')) : undefined, tz: flag('--tz'),
  }); // prettier-ignore
  const seconds = (performance.now() - t0) / 1000;
  const got: ReadOne = { seconds, accepted: input.accepted, maxRssKb: process.resourceUsage().maxRSS };
  console.log(JSON.stringify(got));
}

/**
 * Each input format: a file of FORMAT_ROWS connections written in a temp dir, read in a child process
 * (this bundle again, benchReadOne) so that each gets its own peak RSS: rows/s of the read (detect, read,
 * validate, GeoIP) and the child's maxRSS; and each format's rate as a share of the CSV reader's.
 */
export async function benchFormats(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'portglow-bench-formats-'));
  const out: BenchResult[] = [];
  let csvRate = 0;
  try {
    for (const f of FORMAT_FILES) {
      const path = join(dir, `bench.${f.name}`);
      function* lines() {
        let i = 0;
        for (const c of benchConns(FORMAT_ROWS)) yield f.write(c, i++);
      }
      await writeLines(path, f.head ?? [], lines());
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], {
        encoding: 'utf8',
        env: { ...process.env, PORTGLOW_BENCH_READ: JSON.stringify({ path, args: f.args ?? [] }) },
      });
      rmSync(path);
      const got = r.status === 0 ? (JSON.parse(r.stdout.trim().split('\n').pop()!) as ReadOne) : undefined;
      if (!got || got.accepted !== FORMAT_ROWS) {
        throw new Error(`bench formats: ${f.name} gave ${got?.accepted ?? r.stderr.slice(0, 300)}`);
      }
      const { seconds } = got;
      const rss = got.maxRssKb / 1024;
      const rate = FORMAT_ROWS / seconds;
      if (f.name === 'csv') csvRate = rate;
      out.push(
        {
          name: `read ${f.name}, ${FORMAT_ROWS} rows`,
          value: Math.round(rate),
          unit: 'rows/s',
        },
        { name: `  peak RSS ${f.name}`, value: Math.round(rss), unit: 'MB' },
        { name: `  ${f.name} rate / CSV rate`, value: Math.round((rate / csvRate) * 100) / 100, unit: 'x' },
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
