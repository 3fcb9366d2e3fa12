/**
 * `gen-frames events [--input F] [--json]`: detected scans and floods (thresholds documented in
 * src/events/detect-scans.ts and detect-floods.ts, settable here). With --json one JSON object a line:
 * {kind, pace, start, end, duration, src, cc, country, hosts, proto, ports, distinctPorts, packets};
 * otherwise a table. Flood bins are --bin long. Without --input: the synthetic day for --seed.
 */
import type { ArgumentsCamelCase, CommandModule, InferredOptionTypes, Options } from 'yargs';
import { DEFAULT_THRESHOLDS, detectEvents, type DetectedEvent } from '../events/detect-events.js';
import { readInput } from '../ingest/read-input.js';
import { checkOutputPaths } from './output-paths.js';
import { table } from '../stats/format-stats.js';
import { inputOptions, inputOptionsFromArgv, parseDuration, seedOption } from './input-options.js';
import { UserError } from '../errors.js';
import { printConfig, withConfig } from './config.js';

function count(flag: string, min: number) {
  return (v: unknown): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min)
      throw new UserError(`--${flag} must be a number ≥ ${min}, got "${String(v)}"`);
    return n;
  };
}

/** A comma list of whole numbers ≥ 1 (one per slow window, or one for all of them). */
function countList(flag: string, example: string) {
  return (v: unknown): number[] => {
    const parts = String(v)
      .split(',')
      .map((x) => x.trim());
    return parts.map((x) => {
      const n = Number(x);
      if (x === '' || !Number.isInteger(n) || n < 1)
        throw new UserError(
          `--${flag} must be whole numbers ≥ 1, one per --slow-windows window or one for all (e.g. ${example}), got "${String(v)}"`,
        );
      return n;
    });
  };
}

/** `6h,2d` → seconds; `none` → no slow scale. */
function durationList(v: unknown): number[] {
  const text = String(v).trim();
  if (text.toLowerCase() === 'none') return [];
  return text.split(',').map((x) => parseDuration('slow-windows', x));
}

const DAY = 86400;
const durationText = (s: number) =>
  s % DAY === 0 ? `${s / DAY}d` : s % 3600 === 0 ? `${s / 3600}h` : s % 60 === 0 ? `${s / 60}m` : `${s}s`;
const listText = (v: readonly number[]) => (v.every((x) => x === v[0]) ? String(v[0]) : v.join(','));

const eventsOptions = {
  ...inputOptions,
  ...seedOption,
  json: { type: 'boolean', default: false, describe: 'One JSON object per event and line' },
  'scan-window': {
    type: 'string',
    default: `${DEFAULT_THRESHOLDS.scanWindow}s`,
    describe: 'Scan: sliding window over one source’s packets (30s, 10m, 1h…)',
    coerce: (v: unknown): number => parseDuration('scan-window', v),
  },
  'scan-ports': {
    type: 'number',
    default: DEFAULT_THRESHOLDS.scanPorts,
    describe: 'Scan: distinct TCP/UDP destination ports from one source within the window',
    coerce: count('scan-ports', 1),
  },
  'scan-hosts': {
    type: 'number',
    default: DEFAULT_THRESHOLDS.scanHosts,
    describe: 'Scan: distinct destination hosts from one source within the window',
    coerce: count('scan-hosts', 1),
  },
  'slow-windows': {
    type: 'string',
    default: DEFAULT_THRESHOLDS.slowWindows.map(durationText).join(','),
    describe: 'Slow scans: windows over one source’s packets, comma list (none: no slow scans)',
    coerce: durationList,
  },
  'slow-ports': {
    type: 'string',
    default: listText(DEFAULT_THRESHOLDS.slowPorts),
    describe: 'Slow scans: distinct TCP/UDP ports within each slow window (one per window, or one for all)',
    coerce: countList('slow-ports', '60,120'),
  },
  'slow-hosts': {
    type: 'string',
    default: listText(DEFAULT_THRESHOLDS.slowHosts),
    describe: 'Slow scans: and distinct hosts within each slow window (one per window, or one for all)',
    coerce: countList('slow-hosts', '4'),
  },
  'flood-packets': {
    type: 'number',
    default: DEFAULT_THRESHOLDS.floodPackets,
    describe: 'Flood: least packets from one source at one host and port in one --bin',
    coerce: count('flood-packets', 1),
  },
  'flood-factor': {
    type: 'number',
    default: DEFAULT_THRESHOLDS.floodFactor,
    describe: 'Flood: least multiple of the port’s baseline (median packets per source, host and bin)',
    coerce: count('flood-factor', 1),
  },
} satisfies Record<string, Options>;

export type EventsArgs = ArgumentsCamelCase<InferredOptionTypes<typeof eventsOptions>>;

function eventTable(events: DetectedEvent[]): string {
  if (events.length === 0) return 'no events found\n';
  const head = ['kind', 'pace', 'start', 'end', 'src', 'cc', 'hosts', 'proto', 'ports', 'packets'];
  const rows = events.map((e) => [
    e.kind,
    e.pace,
    e.start,
    e.end,
    e.src,
    e.cc,
    String(e.hosts.length),
    e.proto,
    e.distinctPorts === 1
      ? String(e.ports[0])
      : `${e.distinctPorts} (${e.ports[0]}-${e.ports[e.ports.length - 1]})`,
    String(e.packets),
  ]);
  return `${table([head, ...rows], '')}\n${events.length} events\n`;
}

/** The events command's output text; notes on rejected rows go to `log` (stderr). */
export async function runEvents(
  argv: EventsArgs,
  log: (line: string) => void = console.error,
): Promise<string> {
  const opts = inputOptionsFromArgv(argv);
  await checkOutputPaths({ input: argv.input, rejects: argv.rejects }); // --rejects is opened for writing
  const input = await readInput(opts);
  if (input.rejected > 0) {
    const reasons = Object.entries(input.byReason)
      .map(([r, n]) => `${n} ${r}`)
      .join(', ');
    log(
      `${input.source}: ${input.rejected} of ${input.read} rows rejected (${reasons}); see stats or --rejects FILE`,
    );
  }
  const slowWindows = argv.slowWindows;
  const perWindow = (flag: string, v: number[]): number[] => {
    if (v.length === 1 || slowWindows.length === 0) return slowWindows.map(() => v[0]);
    if (v.length !== slowWindows.length)
      throw new UserError(
        `--${flag} has ${v.length} numbers but --slow-windows has ${slowWindows.length} windows; give one per window or one for all`,
      );
    return v;
  };
  const events = detectEvents(input.rows, {
    scanWindow: argv.scanWindow,
    scanPorts: argv.scanPorts,
    scanHosts: argv.scanHosts,
    slowWindows,
    slowPorts: perWindow('slow-ports', argv.slowPorts),
    slowHosts: perWindow('slow-hosts', argv.slowHosts),
    floodBin: opts.binSeconds,
    floodPackets: argv.floodPackets,
    floodFactor: argv.floodFactor,
  });
  if (argv.json) return events.map((e) => `${JSON.stringify(e)}\n`).join('');
  return eventTable(events);
}

export const eventsCommand: CommandModule<object, EventsArgs> = {
  command: 'events',
  describe:
    'List detected port scans and floods (one source, many ports/hosts; or far above a port’s baseline)',
  builder: (y) => withConfig(y, eventsOptions) as never,
  handler: async (argv) => {
    if ((argv as { printConfig?: boolean }).printConfig) return void process.stdout.write(printConfig(argv));
    process.stdout.write(await runEvents(argv));
  },
};
