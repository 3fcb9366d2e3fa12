/**
 * `gen-frames stats [--input F] [--json]`: what an input holds — rows read/accepted/rejected (by
 * reason, with the first rejected lines), filtered, time span, per protocol, per host, top countries
 * and ports. A readable table by default, one JSON object with --json. Without --input: the synthetic
 * day for --seed.
 */
import type { ArgumentsCamelCase, CommandModule, InferredOptionTypes, Options } from 'yargs';
import { readInput } from '../ingest/read-input.js';
import { checkOutputPaths } from './output-paths.js';
import { computeStats } from '../stats/compute-stats.js';
import { formatStats } from '../stats/format-stats.js';
import { inputOptions, inputOptionsFromArgv, seedOption } from './input-options.js';
import { wholeNumber } from './whole-number.js';
import { printConfig, withConfig } from './config.js';

/** Rejected rows listed by `stats` (all are counted; --rejects FILE has every one). */
const LISTED_REJECTS = 10;

const statsOptions = {
  ...inputOptions,
  ...seedOption,
  json: { type: 'boolean', default: false, describe: 'Print one JSON object instead of tables' },
  top: {
    type: 'number',
    default: 10,
    describe: 'How many countries and ports to list',
    coerce: wholeNumber('top', 1, 10000),
  },
} satisfies Record<string, Options>;

export type StatsArgs = ArgumentsCamelCase<InferredOptionTypes<typeof statsOptions>>;

/** The stats command's output text for parsed arguments. */
export async function runStats(argv: StatsArgs): Promise<string> {
  await checkOutputPaths({ input: argv.input, rejects: argv.rejects }); // --rejects is opened for writing
  const input = await readInput(inputOptionsFromArgv(argv));
  const stats = computeStats(input, { top: argv.top });
  const rejects = input.rejects.slice(0, LISTED_REJECTS);
  if (argv.json) {
    return `${JSON.stringify({ ...stats, firstRejects: rejects.map(({ file, line, reason, detail }) => ({ ...(file ? { file } : {}), line, reason, detail })) }, null, 2)}\n`;
  }
  let text = formatStats(stats);
  if (rejects.length > 0) {
    text += `\nfirst rejected rows${input.rejected > rejects.length ? ` (${rejects.length} of ${input.rejected})` : ''}\n`;
    for (const r of rejects)
      text += `  ${r.file ?? input.file}:${r.line}: ${r.reason}${r.detail ? ` (${r.detail})` : ''}\n`;
  }
  return text;
}

export const statsCommand: CommandModule<object, StatsArgs> = {
  command: 'stats',
  describe:
    'Summarise the input: rows read, accepted, rejected (by reason), span, protocols, hosts, countries, ports',
  builder: (y) => withConfig(y, statsOptions) as never,
  handler: async (argv) => {
    if ((argv as { printConfig?: boolean }).printConfig) return void process.stdout.write(printConfig(argv));
    process.stdout.write(await runStats(argv));
  },
};
