import { readInput, type LoadedInput } from '../ingest/read-input.js';
import { checkTimelineSpan } from '../timeline/frame-budget.js';
import { inputOptionsFromArgv, type InputArgv } from './input-options.js';

/**
 * Reads the input the flags name and reports what was kept, rejected (by reason) and filtered. A
 * --from/--to span too long for --bin is refused before the input is read.
 */
export async function loadInput(argv: InputArgv, log: (line: string) => void): Promise<LoadedInput> {
  const opts = inputOptionsFromArgv(argv);
  const { from, to } = opts.selection;
  if (from !== undefined && to !== undefined) checkTimelineSpan(from, to, opts.binSeconds, '--from/--to');
  const input = await readInput(opts);
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
