import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { renderCommand } from './render-command.js';
import { statsCommand } from './stats-command.js';
import { eventsCommand } from './events-command.js';
import { concatCommand } from './concat-command.js';
import { verifyCommand } from './verify-command.js';
import { studioCommand } from './studio-command.js';
import { UserError } from '../errors.js';
import { explainUnknown } from './unknown-words.js';
import { traceMark } from '../trace.js';

/** Command and option names of the parser in its current state, for "did you mean". */
function knownNames(y: Argv): [string[], string[]] {
  // Not in yargs' typings, but methods of its instance (yargs 18); without them there is no suggestion.
  const inside = y as unknown as {
    getOptions?: () => { key: Record<string, unknown> };
    getInternalMethods?: () => { getCommandInstance(): { getCommands(): string[] } };
  };
  const commands = inside.getInternalMethods?.().getCommandInstance().getCommands() ?? [];
  const flags = Object.keys(inside.getOptions?.().key ?? {});
  return [commands.filter((c) => c !== '$0'), flags.filter((k) => /^[a-z][a-z0-9-]*$/.test(k))];
}

/**
 * gen-frames: exit 0 when done, 1 for bad input or options (the message names the flag or the
 * file and line), 2 when the machine lacks something (Chromium, WebGPU, ffmpeg), with the fix.
 */
export async function main(args: string[]): Promise<number> {
  traceMark('modules loaded');
  try {
    let commands: string[] = [];
    const parser = yargs(args)
      .scriptName('gen-frames')
      .command(renderCommand)
      .command(statsCommand)
      .command(eventsCommand)
      .command(concatCommand)
      .command(verifyCommand)
      .command(studioCommand)
      .example(
        'gen-frames --seed 42',
        'a synthetic day at 1080p to out/ (PNG frames, video.mp4, manifest.json)',
      )
      .example('gen-frames --preset 720p --frames 100-199 --format png', 'frames 100 to 199 only, as PNG')
      .example('gen-frames --size 3840x2160 --format mp4 --out out4k', 'a 4K video')
      .example('gen-frames --shard 1/4 --out s1', 'the second quarter of the frames (join with concat)')
      .example('gen-frames studio --input log.csv.gz --open', 'see any frame in the browser before rendering')
      .example('gen-frames concat --out all s0 s1 s2 s3', 'join shard outputs without re-encoding')
      // Strict: an unknown command, flag or stray word is an error (with "did you mean"), never a
      // default render into ./out.
      .strict()
      .recommendCommands()
      .fail((msg, err) => {
        if (err instanceof UserError) throw err;
        throw new UserError(
          msg
            ? explainUnknown(msg, args, commands, knownNames(parser)[1])
            : (err?.message ?? 'invalid options'),
        );
      })
      .help()
      .version(false)
      .wrap(Math.min(110, process.stdout.columns || 110));
    commands = knownNames(parser)[0]; // the top-level ones (a failing command's context has its own)
    await parser.parseAsync();
    return 0;
  } catch (e) {
    if (e instanceof UserError) {
      console.error(`gen-frames: ${e.message}`);
      return e.exitCode;
    }
    console.error('gen-frames: internal error (please report):', e);
    return 1;
  }
}

main(hideBin(process.argv)).then((code) => {
  process.exitCode = process.exitCode || code;
  // Nothing should be left running; if a child or socket still is, do not hang on it.
  setTimeout(() => process.exit(), 3000).unref();
});
