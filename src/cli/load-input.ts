import { readInput, type LoadedInput } from '../ingest/read-input.js';
import { inputOptionsFromArgv, type InputArgv } from './input-options.js';

/** Reads the input the flags name and reports what was kept, rejected (by reason) and filtered. */
export async function loadInput(argv: InputArgv, log: (line: string) => void): Promise<LoadedInput> {
  const input = await readInput(inputOptionsFromArgv(argv));
  const reasons = Object.entries(input.byReason)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
  log(
    `${input.source}: ${input.read} rows read, ${input.accepted} accepted, ${input.rejected} rejected` +
      (reasons ? ` (${reasons})` : '') +
      (input.filtered ? `, ${input.filtered} left out by the selection` : ''),
  );
  return input;
}
