import yargs, { type CommandModule } from 'yargs';

/**
 * The argv a gen-frames command's handler would get for `args` (defaults and coercions applied by
 * the command's own option table), without running the command.
 */
export async function parsedArgv<T>(command: CommandModule<object, T>, args: string[]): Promise<T> {
  let got: T | undefined;
  await yargs(args)
    .command({ ...command, handler: (argv) => void (got = argv as T) })
    .strictOptions()
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    })
    .parseAsync();
  if (got === undefined) throw new Error(`gen-frames ${args.join(' ')}: the command did not run`);
  return got;
}
