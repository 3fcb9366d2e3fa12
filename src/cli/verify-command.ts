import { resolve } from 'node:path';
import type { ArgumentsCamelCase, CommandModule } from 'yargs';
import { UserError } from '../errors.js';
import { checkRender, describeMismatch } from '../encode/check-render.js';
import { readManifest } from '../encode/manifest.js';

interface VerifyArgs {
  dir: string;
  show: number;
}

/**
 * Checks a render folder against its manifest: each PNG decoded and its RGBA hash compared, the
 * video decoded and each picture's hash compared. Prints the first mismatches and a count; returns
 * 0 when everything the manifest lists matches and the render is complete, 1 otherwise.
 */
export async function runVerify(
  dirArg: string,
  print: (line: string) => void = console.log,
  show = 10,
): Promise<number> {
  const dir = resolve(dirArg);
  const m = await readManifest(dir);
  if (!m) throw new UserError(`${dir}: no manifest.json; verify checks a folder written by gen-frames`);
  const report = await checkRender(dir, m);
  for (const x of report.mismatches.slice(0, show)) print(describeMismatch(x));
  if (report.mismatches.length > show) print(`… and ${report.mismatches.length - show} more`);
  const checked =
    `${report.pngChecked} PNG frames` +
    (m.video !== null ? ` and ${report.videoChecked} pictures of ${m.video}` : '');
  const expected = Number(m.options.to) - Number(m.options.from) + 1;
  const unfinished = !m.complete
    ? `; the render is not finished (${m.frames.length} of ${expected} frames listed): run it again to resume`
    : '';
  if (report.mismatches.length > 0) {
    print(
      `${dir}: ${report.mismatches.length} mismatches with the manifest (${checked} decoded)${unfinished}`,
    );
    return 1;
  }
  print(`${dir}: all ${checked} match the manifest${unfinished}`);
  return unfinished ? 1 : 0;
}

/** gen-frames verify DIR */
export const verifyCommand: CommandModule<object, VerifyArgs> = {
  command: 'verify <dir>',
  describe:
    'Check a render folder against its manifest: every PNG and every video picture decoded and hashed',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'The render\u2019s output folder' })
      .option('show', { type: 'number', default: 10, describe: 'How many mismatches to list' })
      .example(
        'gen-frames verify out',
        'exit 0 when every frame matches, 1 naming the first that does not',
      ) as never,
  handler: async (argv: ArgumentsCamelCase<VerifyArgs>) => {
    process.exitCode = await runVerify(argv.dir, console.log, argv.show);
  },
};
