import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { renderCommand } from './render-command.js';
import { statsCommand } from './stats-command.js';
import { eventsCommand } from './events-command.js';
import { concatCommand } from './concat-command.js';
import { verifyCommand } from './verify-command.js';
import { UserError } from '../errors.js';

/**
 * gen-frames: exit 0 when done, 1 for bad input or options (the message names the flag or the
 * file and line), 2 when the machine lacks something (Chromium, WebGPU, ffmpeg), with the fix.
 */
export async function main(args: string[]): Promise<number> {
  try {
    await yargs(args)
      .scriptName('gen-frames')
      .command(renderCommand)
      .command(statsCommand)
      .command(eventsCommand)
      .command(concatCommand)
      .command(verifyCommand)
      .example(
        'gen-frames --seed 42',
        'a synthetic day at 1080p to out/ (PNG frames, video.mp4, manifest.json)',
      )
      .example('gen-frames --preset 720p --frames 100-199 --format png', 'frames 100 to 199 only, as PNG')
      .example('gen-frames --size 3840x2160 --format mp4 --out out4k', 'a 4K video')
      .example('gen-frames --shard 1/4 --out s1', 'the second quarter of the frames (join with concat)')
      .example('gen-frames concat --out all s0 s1 s2 s3', 'join shard outputs without re-encoding')
      .strictOptions()
      .fail((msg, err) => {
        throw err instanceof UserError ? err : new UserError(msg || (err?.message ?? 'invalid options'), 1);
      })
      .help()
      .version(false)
      .wrap(Math.min(110, process.stdout.columns || 110))
      .parseAsync();
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
