/**
 * yargs' strict-mode "Unknown argument(s): a, b" made helpful: each unknown word says whether it was
 * taken as a flag or as a command, and names the nearest known one ("did you mean …?") when one is
 * close (edit distance 1 for words of up to 3 letters, else at most 2 or a third of the word; or the
 * word starts a known name).
 */

/** Edit distance (insertions, deletions, substitutions) between two short words. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** The known name nearest to `word`, if it is near enough to be a likely typo. */
export function nearest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = k.startsWith(word) && word.length >= 3 ? 0.5 : editDistance(word, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return bestD <= (word.length <= 3 ? 1 : Math.max(2, Math.floor(word.length / 3))) ? best : undefined;
}

/**
 * The explanation for a yargs failure message: unchanged unless it is "Unknown argument(s): …".
 * `args` is the command line as given; `commands` and `flags` (without dashes) are the known names.
 */
export function explainUnknown(
  msg: string,
  args: readonly string[],
  commands: readonly string[],
  flags: readonly string[],
): string {
  const m = /^Unknown arguments?: (.*)$/.exec(msg);
  if (!m) return msg;
  const listed = m[1].split(', ');
  const kebab = (n: string) => n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  // yargs lists an unknown flag twice, as given and camel-cased: keep the first.
  const names = listed.filter((n) => !/[A-Z]/.test(n) || !listed.includes(kebab(n)));
  const isFlag = (name: string) =>
    args.some((a) => {
      const flag = /^--?([^-=][^=]*)/.exec(a)?.[1];
      return flag !== undefined && (flag === name || flag.replace(/^no-/, '') === name);
    });
  const hint = (near: string | undefined, shown: string) => (near ? ` (did you mean ${shown}?)` : '');
  const badFlags = names
    .filter(isFlag)
    .map((n) => `--${n}${hint(nearest(n, flags), `--${nearest(n, flags)}`)}`);
  const words = names
    .filter((n) => !isFlag(n))
    .map((n) => `"${n}"${hint(nearest(n, commands), `"${nearest(n, commands)}"`)}`);
  const parts = [`Unknown argument${names.length === 1 ? '' : 's'}: ${names.join(', ')}.`];
  if (badFlags.length) parts.push(`Not an option here: ${badFlags.join(', ')}.`);
  if (words.length)
    parts.push(
      `Neither a command (the commands are ${commands.join(', ')}) nor a value the command takes: ` +
        `${words.join(', ')}.`,
    );
  return `${parts.join(' ')} See gen-frames --help.`;
}
