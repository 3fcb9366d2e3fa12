import type { ArgumentsCamelCase, CommandModule } from 'yargs';
import { concatShards } from '../encode/concat.js';
import { outputError } from '../encode/output-error.js';

interface ConcatArgs {
  out: string;
  shards: string[];
}

/** gen-frames concat --out OUT SHARD_OUT…: joins the outputs of `--shard K/N` renders. */
export const concatCommand: CommandModule<object, ConcatArgs> = {
  command: 'concat <shards..>',
  describe:
    'Join the outputs of a render split with --shard K/N (or --frames ranges): PNG frames linked, ' +
    'MP4 segments joined without re-encoding, one manifest',
  builder: (y) =>
    y
      .positional('shards', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'The shards\u2019 output folders, in any order',
      })
      .option('out', {
        type: 'string',
        demandOption: true,
        describe: 'Folder for the joined frames, video.mp4 and manifest.json',
      })
      .example(
        'gen-frames concat --out out/final out/shard-0 out/shard-1 out/shard-2 out/shard-3',
        'join four shards',
      ) as never,
  handler: async (argv: ArgumentsCamelCase<ConcatArgs>) => {
    const m = await concatShards(argv.out, argv.shards).catch((e: unknown) => {
      throw outputError(e) ?? e;
    });
    console.error(`${m.frames.length} frames in ${argv.out}`);
  },
};
