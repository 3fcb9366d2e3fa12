/**
 * `--config FILE` and `--print-config` for the commands that read data (render, stats, events).
 *
 * A config file is YAML or JSON (by its extension; `.json` is JSON, anything else YAML, which also reads
 * JSON) holding any of the command's options by their flag names (`time-format: iso`, `input: [a, b]`).
 * yargs loads it (`.config()`), so its values go through the same validation as flags, and flags given
 * on the command line win. A key that is no option of the command is an error naming the key and the
 * file. A render's manifest.json is a config too: its `config` holds the options the render resolved
 * (paths made absolute), so `gen-frames --config out/manifest.json` renders the same frames again.
 *
 * "Resolved" options are each option's value as given (in a file, a flag, or the default), before the
 * option's validator turned it into the program's form: every validator is wrapped to note the text it
 * was given. One parse per process (the CLI parses once), so the notes live in this module.
 */
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { Argv, Options } from 'yargs';
import { createRequire } from 'node:module';
import { UserError } from '../errors.js';

/** The yaml package, required only when a config is read or printed (0.1 s of every start otherwise). */
const yaml = () => createRequire(import.meta.url)('yaml') as typeof import('yaml');

export const printConfigOption = {
  'print-config': {
    type: 'boolean',
    default: false,
    describe: 'Print the resolved options (as YAML, or JSON when --config is a .json file) and stop',
  },
} satisfies Record<string, Options>;

/** Options that name files: recorded as absolute paths in a manifest. */
const PATH_OPTIONS = ['input', 'rejects', 'geoip-db', 'captions', 'out', 'preview', 'layout-from'];
/** Options that may be repeated: always resolved as a list. */
const REPEATABLE = new Set(['input']);
/**
 * Options that are about this run, not its result: never part of the resolved options. A followed
 * render's manifest (--follow, --hls) thus works as the config of the batch render that checks it.
 */
const NOT_RECORDED = new Set(['config', 'print-config', 'help', 'version', 'follow', 'follow-lag', 'hls']);

interface State {
  options: Record<string, Options>;
  given: Map<string, unknown>;
  format: 'yaml' | 'json';
  error?: Error;
}
let state: State = { options: {}, given: new Map(), format: 'yaml' };

const camel = (k: string) => k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** A config file → its options; UserError naming the file (and the key) when it cannot be used. */
export function loadConfig(path: string, known: readonly string[]): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`--config ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const json = extname(path).toLowerCase() === '.json';
  let data: unknown;
  try {
    data = json ? JSON.parse(text) : yaml().parse(text);
  } catch (err) {
    throw new UserError(
      `--config ${path}: not valid ${json ? 'JSON' : 'YAML'} (${(err as Error).message.split('\n')[0]})`,
    );
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data))
    throw new UserError(`--config ${path}: must hold a mapping of option names to values`);
  let o = data as Record<string, unknown>;
  if (typeof o.tool === 'string' && o.tool.startsWith('portglow')) {
    if (typeof o.config !== 'object' || o.config === null) {
      throw new UserError(
        `--config ${path}: this manifest does not record its options (written by an older portglow); render again to get one that does`,
      );
    }
    o = o.config as Record<string, unknown>;
  }
  const names = new Set(known);
  for (const key of Object.keys(o)) {
    const name = names.has(key) ? key : kebab(key);
    if (NOT_RECORDED.has(name) || !names.has(name)) {
      throw new UserError(
        `${path}: unknown option "${key}"; a config file holds this command's options: ${known.filter((k) => !NOT_RECORDED.has(k)).join(', ')}`,
      );
    }
  }
  return o;
}

/**
 * Declares `options` on `y` with their validators wrapped to note what they were given, plus --config
 * and --print-config. Errors in the config file are raised by a check, so they reach the CLI's failure
 * handler as UserErrors with their message.
 */
export function withConfig(y: Argv, options: Record<string, Options>): Argv {
  const given = new Map<string, unknown>();
  state = { options, given, format: 'yaml' };
  const wrapped: Record<string, Options> = {};
  for (const [key, o] of Object.entries(options)) {
    const coerce = o.coerce as ((v: unknown) => unknown) | undefined;
    wrapped[key] = coerce
      ? {
          ...o,
          coerce: (v: unknown) => {
            given.set(key, v);
            return coerce(v);
          },
        }
      : o;
  }
  const known = Object.keys(options);
  return y
    .options(wrapped)
    .options(printConfigOption)
    .config(
      'config',
      "Read options from this YAML or JSON file, or a render's manifest.json (flags override it)",
      (path: string) => {
        state.format = extname(path).toLowerCase() === '.json' ? 'json' : 'yaml';
        try {
          return loadConfig(path, known);
        } catch (err) {
          state.error = err as Error;
          return {};
        }
      },
    )
    .check(() => {
      if (state.error) throw state.error;
      return true;
    });
}

/** Each option's value as given or defaulted (not yet validated), by flag name; unset options left out. */
export function resolvedOptions(argv: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(state.options)) {
    if (NOT_RECORDED.has(key)) continue;
    const v = state.given.has(key) ? state.given.get(key) : (argv[key] ?? argv[camel(key)]);
    if (v !== undefined) out[key] = REPEATABLE.has(key) && !Array.isArray(v) ? [v] : v;
  }
  return out;
}

/** The resolved options with file names made absolute: what a manifest records. */
export function recordedOptions(argv: Record<string, unknown>): Record<string, unknown> {
  const out = resolvedOptions(argv);
  const abs = (p: unknown) => (typeof p === 'string' && p !== '-' ? resolve(p) : p);
  for (const key of PATH_OPTIONS) {
    if (out[key] !== undefined)
      out[key] = Array.isArray(out[key]) ? (out[key] as unknown[]).map(abs) : abs(out[key]);
  }
  return out;
}

/** `--print-config` output: the resolved options in the config file's format (YAML without one). */
export function printConfig(argv: Record<string, unknown>): string {
  const o = resolvedOptions(argv);
  return state.format === 'json' ? `${JSON.stringify(o, null, 2)}\n` : yaml().stringify(o);
}
