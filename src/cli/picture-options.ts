/**
 * Picture options beyond the render's own: `--palette`, and `--captions FILE` (src/ingest/read-captions.ts)
 * with the captions an input brings itself (Suricata alert signatures, read with `--suricata alerts`): one
 * list for the scene's caption line.
 */
import type { Options } from 'yargs';
import { MAX_CAPTION, readCaptions, type Caption } from '../ingest/read-captions.js';
import type { InputNote } from '../ingest/readers/read-lines.js';
import { PALETTE_NAMES } from '../scene/palette.js';

export const pictureOptions = {
  palette: {
    type: 'string',
    choices: [...PALETTE_NAMES],
    default: 'default',
    describe: 'Country colours: default, or okabe-ito (stays distinguishable with colour-blind vision)',
  },
  captions: {
    type: 'string',
    describe:
      "Captions to show on a line under the callouts: CSV (start,end,text or start,duration,text) or a JSON array; times in the log's clock",
  },
} satisfies Record<string, Options>;

/** Bins an input's note (an alert signature) stays up, unless the next one replaces it. */
export const NOTE_BINS = 12;

/** The captions file's captions, then the input's notes as captions NOTE_BINS long, cut to fit a line. */
export function captionsFor(file: Caption[], notes: readonly InputNote[], binSeconds: number): Caption[] {
  const cut = (s: string) =>
    [...s].length > MAX_CAPTION ? `${[...s].slice(0, MAX_CAPTION - 1).join('')}…` : s;
  return [
    ...file,
    ...notes.map((n) => ({ start: n.time, end: n.time + NOTE_BINS * binSeconds, text: cut(n.text) })),
  ];
}

export { readCaptions };
