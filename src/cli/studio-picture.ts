import yargs from 'yargs';
import type { ArgumentsCamelCase, InferredOptionTypes } from 'yargs';
import { encodeScene } from '../scene/scene-data.js';
import { UserError } from '../errors.js';
import { inputOptions, seedOption } from './input-options.js';
import { loadInput } from './load-input.js';
import { detectInput, makeScene } from './make-scene.js';
import { defaultTitle } from './render-command.js';
import { frameSize, renderOptions } from './render-options.js';
import { studioInfo, type StudioInfo } from './studio-info.js';
import { commandLine, currentEdits } from '../../harness/studio-words.js';

const r = renderOptions;
/** The render's picture options (what the frames look like), not its output ones. */
export const pictureOptions = {
  preset: r.preset, size: r.size, fps: r.fps, travel: r.travel, decay: r.decay, view: r.view, theme: r.theme,
  transparent: r.transparent, title: r.title, callouts: r.callouts,
}; // prettier-ignore
const options = { ...seedOption, ...pictureOptions, ...inputOptions };
export type PictureArgs = ArgumentsCamelCase<InferredOptionTypes<typeof options>>;

/** The picture's words parsed by the render's own option definitions; a bad one is a UserError. */
export function parsePictureArgs(words: readonly string[]): PictureArgs {
  return yargs([...words])
    .options(options)
    .strict()
    .exitProcess(false)
    .help(false)
    .version(false)
    .fail((msg, err) => {
      throw err instanceof UserError ? err : new UserError(msg || err?.message || 'invalid options');
    })
    .parseSync() as PictureArgs;
}

/** One picture the studio can show: its encoded scene and what the page needs to know about it. */
export interface StudioPicture {
  words: string[];
  sceneBytes: Uint8Array;
  info: StudioInfo;
}

/** Reads the input the words name and builds the render's scene for them, as a render would. */
export async function makePicture(words: string[], log: (line: string) => void): Promise<StudioPicture> {
  const argv = parsePictureArgs(words);
  const [width, height] = frameSize(argv);
  const input = await loadInput(argv, log);
  const picture = {
    width, height, seed: argv.seed, travel: argv.travel, decay: argv.decay, view: argv.view as 'ports' | 'hosts',
    theme: argv.theme as 'dark' | 'light', transparent: argv.transparent, title: argv.title ?? defaultTitle(input.source),
    callouts: argv.callouts,
  }; // prettier-ignore
  // Detected once: for the callouts and for the page's list of every event.
  const detected = detectInput(input);
  const { timeline, scene } = makeScene(input, picture, log, detected);
  if (timeline.binCount === 0) throw new UserError('the input has no rows to show in the chosen span');
  const info = studioInfo(input, timeline, { width, height, fps: argv.fps }, detected);
  return {
    words,
    sceneBytes: encodeScene(scene),
    info: { ...info, words, command: commandLine(words), edits: currentEdits(words) },
  };
}
