import yargs from 'yargs';
import type { ArgumentsCamelCase, InferredOptionTypes, Options } from 'yargs';
import { encodeScene } from '../scene/scene-data.js';
import { CAPTION_SLOT } from '../scene/callouts.js';
import type { PaletteName } from '../scene/palette.js';
import { UserError } from '../errors.js';
import { printConfig, withConfig } from './config.js';
import { inputOptions, seedOption } from './input-options.js';
import { loadInput } from './load-input.js';
import { detectInput, makeScene } from './make-scene.js';
import { captionsFor, pictureOptions as paletteAndCaptions, readCaptions } from './picture-options.js';
import { defaultTitle } from './render-command.js';
import { frameSize, renderOptions } from './render-options.js';
import { studioInfo, type StudioInfo } from './studio-info.js';
import { commandLine, currentEdits, EDITABLE } from '../../harness/studio-words.js';

const r = renderOptions;
/** The render's picture options (what the frames look like) and its input options, not its output ones. */
export const studioPictureOptions = {
  ...seedOption,
  preset: r.preset, size: r.size, fps: r.fps, travel: r.travel, decay: r.decay, view: r.view, theme: r.theme,
  transparent: r.transparent, title: r.title, callouts: r.callouts,
  ...paletteAndCaptions,
  ...inputOptions,
} satisfies Record<string, Options>; // prettier-ignore
export type PictureArgs = ArgumentsCamelCase<InferredOptionTypes<typeof studioPictureOptions>>;

/**
 * The picture's words parsed by the render's own option definitions (with `--config FILE`, as a render
 * reads it), and the config file that holds them: what `--print-config` prints. A bad word is a UserError.
 */
export function parsePicture(words: readonly string[]): { argv: PictureArgs; config: string } {
  // One synchronous parse, then its config: the config module keeps the options of the latest parse.
  const argv = withConfig(yargs([...words]), studioPictureOptions)
    .strict()
    .exitProcess(false)
    .help(false)
    .version(false)
    .fail((msg, err) => {
      throw err instanceof UserError ? err : new UserError(msg || err?.message || 'invalid options');
    })
    .parseSync() as PictureArgs;
  return { argv, config: printConfig(argv) };
}

/** The picture's words parsed as parsePicture does, without the config. */
export function parsePictureArgs(words: readonly string[]): PictureArgs {
  return parsePicture(words).argv;
}

/** What the page may offer as a list for the editable flags that have one: the choices and the default. */
function editableChoices(): Record<string, { choices: string[]; default?: string }> {
  const out: Record<string, { choices: string[]; default?: string }> = {};
  for (const k of EDITABLE) {
    const o = (studioPictureOptions as Record<string, Options>)[k];
    if (o?.choices) out[k] = { choices: o.choices.map(String), default: o.default as string | undefined };
  }
  return out;
}

/** One picture the studio can show: its encoded scene and what the page needs to know about it. */
export interface StudioPicture {
  words: string[];
  sceneBytes: Uint8Array;
  info: StudioInfo;
}

/** Reads the input the words name and builds the render's scene for them, as a render would. */
export async function makePicture(words: string[], log: (line: string) => void): Promise<StudioPicture> {
  const { argv, config } = parsePicture(words);
  const [width, height] = frameSize(argv);
  const captionFile = argv.captions ? readCaptions(argv.captions) : [];
  const input = await loadInput(argv, log);
  const picture = {
    width, height, seed: argv.seed, travel: argv.travel, decay: argv.decay, view: argv.view as 'ports' | 'hosts',
    theme: argv.theme as 'dark' | 'light', transparent: argv.transparent, title: argv.title ?? defaultTitle(input.source),
    callouts: argv.callouts, captions: captionsFor(captionFile, input.notes, input.binSeconds), palette: argv.palette as PaletteName,
  }; // prettier-ignore
  // Detected once: for the callouts and for the page's list of every event.
  const detected = detectInput(input);
  const { timeline, scene } = makeScene(input, picture, log, { detected });
  if (timeline.binCount === 0) throw new UserError('the input has no rows to show in the chosen span');
  const info = studioInfo(input, timeline, { width, height, fps: argv.fps }, detected);
  // The captions as the picture shows them: from a frame to a frame, a later one cutting an earlier short.
  const captions = scene.text.callouts
    .filter((c) => c.slot === CAPTION_SLOT)
    .map((c) => ({ frame: c.from, last: c.to, text: c.text }));
  return {
    words,
    sceneBytes: encodeScene(scene),
    info: { ...info, captions, words, command: commandLine(words), config, edits: currentEdits(words), choices: editableChoices() }, // prettier-ignore
  };
}
