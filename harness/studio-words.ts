/**
 * The studio's picture as command-line words: the page edits some flags, the server parses the
 * edited words with the render's own option definitions, and the same words are the command line
 * that renders exactly what the page shows.
 */

/** Flags the page can edit, each a text field, a list (flags with choices) or, for callouts, a checkbox. */
export const EDITABLE = ['size', 'bin', 'travel', 'decay', 'view', 'theme', 'palette', 'title', 'from', 'to', 'country', 'proto', 'port', 'host', 'captions', 'callouts'] as const; // prettier-ignore
export type Editable = (typeof EDITABLE)[number];
export type Edits = Partial<Record<Editable, string | boolean>>;

export const BOOLEAN: readonly string[] = [
  'callouts',
  'transparent',
  'strict',
  'open',
  'progress',
  'overwrite',
  'print-config',
];

/** The words as [flag, value] pairs: `--a b`, `--a=b`, `--flag` (true) and `--no-flag` (false). */
export function flagPairs(words: readonly string[]): [string, string | boolean][] {
  const out: [string, string | boolean][] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const m = /^--([^=]+)(?:=(.*))?$/.exec(w);
    if (!m) throw new Error(`"${w}" is not a --flag`);
    const [, name, inline] = m;
    if (inline !== undefined) out.push([name, BOOLEAN.includes(name) ? inline !== 'false' : inline]);
    else if (name.startsWith('no-') && BOOLEAN.includes(name.slice(3))) out.push([name.slice(3), false]);
    else if (BOOLEAN.includes(name)) out.push([name, true]);
    else out.push([name, words[++i] ?? '']);
  }
  return out;
}

/** The current value of each editable flag in the words ('' or true where not given). */
export function currentEdits(words: readonly string[]): Edits {
  const pairs = new Map(flagPairs(words));
  return Object.fromEntries(EDITABLE.map((k) => [k, pairs.get(k) ?? (k === 'callouts' ? true : '')]));
}

/**
 * The words with the edits applied: an edited flag replaces the one given (an empty text field or a
 * default checkbox drops it); the other flags stay as they were, in order. Flags named in edits but
 * not editable are refused.
 */
export function editWords(words: readonly string[], edits: Edits): string[] {
  for (const k of Object.keys(edits))
    if (!(EDITABLE as readonly string[]).includes(k))
      throw new Error(`--${k} cannot be edited in the studio`);
  const kept = flagPairs(words).filter(([k]) => !(k in edits));
  const out: string[] = [];
  for (const [k, v] of kept) out.push(...wordsOf(k, v));
  for (const k of EDITABLE) {
    const v = edits[k];
    if (v === undefined || v === '' || (k === 'callouts' && v === true)) continue;
    out.push(...wordsOf(k, v));
  }
  return out;
}

function wordsOf(k: string, v: string | boolean): string[] {
  if (v === true) return [`--${k}`];
  if (v === false) return [`--no-${k}`];
  return [`--${k}`, v];
}

/** One word as a POSIX shell reads it back: bare when safe, else in single quotes. */
export function shellWord(w: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.split("'").join(`'\\''`)}'`;
}

/** The command line that renders these words' picture (output flags left to the user). */
export function commandLine(words: readonly string[]): string {
  return ['gen-frames', ...words.map(shellWord)].join(' ');
}
