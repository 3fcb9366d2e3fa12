import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ArgumentsCamelCase, CommandModule, InferredOptionTypes, Options } from 'yargs';
import { DawnHost } from '../host/dawn/dawn-host.js';
import type { GpuHost } from '../host/gpu-host.js';
import { encodeScene } from '../scene/scene-data.js';
import { FrameAssembler } from '../render/frame-assembler.js';
import { packageRoot } from '../package-root.js';
import { UserError } from '../errors.js';
import { inputOptions, seedOption } from './input-options.js';
import { loadInput } from './load-input.js';
import { makeScene } from './make-scene.js';
import { defaultTitle } from './render-command.js';
import { frameSize, renderOptions } from './render-options.js';
import { studioInfo } from './studio-info.js';
import { startStudioServer, type StudioServer } from './studio-server.js';
import { STUDIO_STYLE } from './studio-style.js';

const r = renderOptions;
/** The render's picture options (what the frames look like), not its output ones. */
const pictureOptions = {
  preset: r.preset, size: r.size, fps: r.fps, travel: r.travel, decay: r.decay, view: r.view, theme: r.theme,
  transparent: r.transparent, title: r.title, callouts: r.callouts,
}; // prettier-ignore
const studioOptions = {
  open: { type: 'boolean', default: false, describe: "Open the studio in the user's browser" },
} satisfies Record<string, Options>;
const options = { ...seedOption, ...pictureOptions, ...inputOptions, ...studioOptions };
export type StudioArgs = ArgumentsCamelCase<InferredOptionTypes<typeof options>>;

export interface Studio {
  server: StudioServer;
  /** Stops the server and the frame host, if one was started. */
  close: () => Promise<void>;
}

/**
 * Reads the input, builds the render's scene and serves the studio page for it. Frames for a
 * browser without WebGPU are rendered here through Dawn, one at a time, started on first need.
 */
export async function startStudio(argv: StudioArgs, log: (line: string) => void): Promise<Studio> {
  const [width, height] = frameSize(argv);
  const input = await loadInput(argv, log);
  const picture = {
    width, height, seed: argv.seed, travel: argv.travel, decay: argv.decay, view: argv.view as 'ports' | 'hosts',
    theme: argv.theme as 'dark' | 'light', transparent: argv.transparent, title: argv.title ?? defaultTitle(input.source),
    callouts: argv.callouts,
  }; // prettier-ignore
  const { timeline, scene } = makeScene(input, picture, log);
  if (timeline.binCount === 0) throw new UserError('the input has no rows to show in the chosen span');
  const sceneBytes = encodeScene(scene);
  const info = studioInfo(input, timeline, { width, height, fps: argv.fps });
  let host: Promise<GpuHost> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const renderHere = async (n: number): Promise<Uint8Array> => {
    if (n >= timeline.binCount) throw new Error(`frame ${n} is past the last frame ${timeline.binCount - 1}`);
    host ??= DawnHost.start({ scene: sceneBytes, log });
    const h = await host;
    const asm = new FrameAssembler(width, height);
    let rgba: Uint8Array | undefined;
    for await (const p of h.frames(n, n)) rgba = asm.apply(p);
    if (!rgba) throw new Error(`frame ${n} was not rendered`);
    return rgba;
  };
  const fontFile = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSansCondensed.ttf'); // prettier-ignore
  const server = await startStudioServer({
    script: () => readFile(join(packageRoot(), 'dist', 'studio.js')),
    font: () => readFile(fontFile),
    style: STUDIO_STYLE,
    scene: () => sceneBytes,
    info: () => info,
    // One frame at a time: the host renders one run at a time.
    frame: (n) => {
      const next = queue.then(() => renderHere(n));
      queue = next.catch(() => undefined);
      return next;
    },
  });
  return {
    server,
    close: async () => {
      await server.close();
      if (host) await (await host.catch(() => undefined))?.close();
    },
  };
}

/** Opens the address in the user's browser; a missing opener is said, not fatal. */
function openBrowser(url: string, log: (line: string) => void): void {
  const opener = process.platform === 'darwin' ? 'open' : 'xdg-open';
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => log(`--open: could not run ${opener}; open the address above in a browser`));
  child.unref();
}

export const studioCommand: CommandModule<object, StudioArgs> = {
  command: 'studio',
  describe:
    'Serve a page on 127.0.0.1 that shows any frame of the render (same options), with a scrubber and the events',
  builder: (y) => y.options(options) as never,
  handler: async (argv) => {
    const log = (line: string) => console.error(line);
    const studio = await startStudio(argv, log);
    // The address holds the token: it is for this user's eyes, like the one a notebook server prints.
    console.log(`studio: ${studio.server.url}`);
    log('Ctrl-C stops it.');
    if (argv.open) openBrowser(studio.server.url, log);
    // Stopping the studio is its normal end: exit 0.
    await new Promise<void>((resolve) => {
      for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(s, () => resolve());
    });
    await studio.close();
  },
};
