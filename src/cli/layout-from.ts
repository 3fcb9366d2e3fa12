/**
 * `--layout-from FILE`: the layout (country rows, port labels, the bars' scale, the ICMP types line)
 * comes from another input, read with the same reader options and filters but not --from/--to, so no
 * frame depends on rows after its own bin. `--follow` needs it; a batch render may use it too, and a
 * batch render with the same --layout-from draws the same frames as a followed one.
 */
import type { Options } from 'yargs';
import { icmpTypeCounts } from '../scene/build-scene.js';
import { buildTimeline } from '../timeline/build-timeline.js';
import { UserError } from '../errors.js';
import type { PinnedLayout } from './make-scene.js';
import { loadInput } from './load-input.js';
import type { InputArgv } from './input-options.js';

export const layoutOption = {
  'layout-from': {
    type: 'string',
    describe:
      "Take the country rows, port labels and bar scale from this input (e.g. yesterday's log) instead of the rows drawn; ports view, with --no-callouts; needed by --follow",
  },
} satisfies Record<string, Options>;

/** The picture choices a pinned layout cannot honour, as the sentence that says why; else undefined. */
export function layoutConflict(o: { view: string; callouts: boolean }): string | undefined {
  if (o.view !== 'ports') return '--layout-from draws the ports view only; drop --view hosts';
  if (o.callouts)
    return (
      '--layout-from needs --no-callouts: scans and floods are found over the whole input, so a callout ' +
      'could change frames already written'
    );
  return undefined;
}

/** Reads the --layout-from input and builds its timeline; undefined without the flag. */
export async function loadLayout(
  argv: InputArgv & { layoutFrom?: string; view: string; callouts: boolean },
  log: (line: string) => void,
): Promise<(PinnedLayout & { digest: string }) | undefined> {
  if (argv.layoutFrom === undefined) return undefined;
  const conflict = layoutConflict(argv);
  if (conflict) throw new UserError(conflict);
  const input = await loadInput({ ...argv, input: [argv.layoutFrom], from: undefined, to: undefined, rejects: undefined }, (l) => log(`--layout-from ${l}`)); // prettier-ignore
  const timeline = buildTimeline(input.rows, { binSeconds: input.binSeconds });
  if (timeline.packets === 0) throw new UserError(`--layout-from ${argv.layoutFrom} has no rows to lay out`);
  return { timeline, icmpTypes: icmpTypeCounts(input.rows), digest: input.digest };
}
