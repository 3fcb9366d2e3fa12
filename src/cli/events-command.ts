/**
 * `gen-frames events [--input F] [--json]`: detected scans and floods (thresholds documented in
 * src/events/detect-events.ts, settable here). With --json one JSON object a line:
 * {kind, start, end, src, cc, country, hosts, proto, ports, distinctPorts, packets}; otherwise a table.
 * Flood bins are --bin long. Without --input: the synthetic day for --seed.
 */
import type { ArgumentsCamelCase, CommandModule, InferredOptionTypes, Options } from 'yargs';
import { DEFAULT_THRESHOLDS, detectEvents, type DetectedEvent } from '../events/detect-events.js';
import { readInput } from '../ingest/read-input.js';
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
  const head = ['kind', 'start', 'end', 'src', 'cc', 'hosts', 'proto', 'ports', 'packets'];
  const rows = events.map((e) => [
    e.kind,
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
  const input = await readInput(opts);
  if (input.rejected > 0) {
    const reasons = Object.entries(input.byReason)
      .map(([r, n]) => `${n} ${r}`)
      .join(', ');
    log(
      `${input.source}: ${input.rejected} of ${input.read} rows rejected (${reasons}); see stats or --rejects FILE`,
    );
  }
  const events = detectEvents(input.rows, {
    scanWindow: argv.scanWindow,
    scanPorts: argv.scanPorts,
    scanHosts: argv.scanHosts,
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
