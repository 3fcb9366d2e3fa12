import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ArgumentsCamelCase, CommandModule, InferredOptionTypes, Options } from 'yargs';
import { DawnHost } from '../host/dawn/dawn-host.js';
import type { GpuHost } from '../host/gpu-host.js';
import { FrameAssembler } from '../render/frame-assembler.js';
import { packageRoot } from '../package-root.js';
import { printConfig, withConfig } from './config.js';
import { makePicture, parsePictureArgs, studioPictureOptions, type StudioPicture } from './studio-picture.js';
import { UserError } from '../errors.js';
import { startStudioServer, type StudioServer } from './studio-server.js';
import { STUDIO_STYLE } from './studio-style.js';
import { BOOLEAN } from '../../harness/studio-words.js';

const studioOptions = {
  open: { type: 'boolean', default: false, describe: "Open the studio in the user's browser" },
  follow: {
    type: 'boolean',
    default: false,
    describe:
      'Read the --input files again as they grow; the page offers a live button (the newest closed frame)',
  },
} satisfies Record<string, Options>;
type StudioArgs = ArgumentsCamelCase<InferredOptionTypes<typeof studioPictureOptions & typeof studioOptions>>;

export interface Studio {
  server: StudioServer;
  /** Stops the server and the frame host, if one was started. */
  close: () => Promise<void>;
}

/** Pictures kept ready (the one started with and the latest edits). */
const KEEP = 3;

/**
 * Serves the studio for the picture these command-line words describe (the render's picture and
 * input flags). The page may ask for the same picture with edited words; each is parsed and built
 * as a render would. Frames for a browser without WebGPU are rendered here through Dawn, one at a
 * time, on a host started on first need.
 */
export async function startStudio(
  words: string[],
  log: (line: string) => void,
  opts: { follow?: boolean } = {},
): Promise<Studio> {
  const pictures = new Map<string, Promise<StudioPicture>>();
  const picture = (w: string[] | undefined): Promise<StudioPicture> => {
    const key = JSON.stringify(w ?? words);
    let p = pictures.get(key);
    if (!p) {
      p = makePicture(w ?? words, log);
      pictures.set(key, p);
      p.catch(() => pictures.delete(key));
      // The oldest edit goes first; the picture started with stays.
      for (const k of pictures.keys())
        if (pictures.size > KEEP && k !== JSON.stringify(words)) pictures.delete(k);
    }
    return p;
  };
  await picture(undefined);
  const watch = opts.follow ? watchInputs(words, () => pictures.clear()) : undefined;

  let host: { picture: StudioPicture; host: Promise<GpuHost> } | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const renderHere = async (n: number, w: string[] | undefined): Promise<Uint8Array> => {
    const p = await picture(w);
    const { frames, width, height } = p.info;
    if (n >= frames) throw new Error(`frame ${n} is past the last frame ${frames - 1}`);
    // One host per picture built (the same words make a new picture when a followed input grows).
    if (host?.picture !== p) {
      await (await host?.host.catch(() => undefined))?.close();
      host = { picture: p, host: DawnHost.start({ scene: p.sceneBytes, log }) };
    }
    const h = await host.host;
    const asm = new FrameAssembler(width, height);
    let rgba: Uint8Array | undefined;
    for await (const patch of h.frames(n, n)) rgba = asm.apply(patch);
    if (!rgba) throw new Error(`frame ${n} was not rendered`);
    return rgba;
  };
  const fontFile = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSansCondensed.ttf'); // prettier-ignore
  const server = await startStudioServer({
    script: () => readFile(join(packageRoot(), 'dist', 'studio.js')),
    font: () => readFile(fontFile),
    style: STUDIO_STYLE,
    scene: async (w) => (await picture(w)).sceneBytes,
    info: async (w) => ({ ...(await picture(w)).info, live: Boolean(opts.follow) }),
    // One frame at a time: the host renders one run at a time.
    frame: (n, w) => {
      const next = queue.then(() => renderHere(n, w));
      queue = next.catch(() => undefined);
      return next;
    },
  });
  return {
    server,
    close: async () => {
      if (watch) clearInterval(watch);
      await server.close();
      await (await host?.host.catch(() => undefined))?.close();
    },
  };
}

/**
 * `studio --follow`: checks the --input files' size and time every second and calls `changed` when
 * one has grown, so the next request builds the picture from the rows there now.
 */
function watchInputs(words: string[], changed: () => void): NodeJS.Timeout {
  const input = parsePictureArgs(words).input;
  const paths = input === undefined ? [] : Array.isArray(input) ? input : [input];
  if (paths.length === 0 || paths.includes('-'))
    throw new UserError(
      'studio --follow reads --input files again as they grow; name the files (not standard input)',
    );
  const signature = async () =>
    (
      await Promise.all(
        paths.map((p) =>
          stat(p).then(
            (s) => `${s.size}:${s.mtimeMs}`,
            () => 'gone',
          ),
        ),
      )
    ).join(',');
  let last: Promise<string> = signature();
  let checking = false;
  const timer = setInterval(() => {
    if (checking) return;
    checking = true;
    void (async () => {
      const now = await signature();
      if (now !== (await last)) changed();
      last = Promise.resolve(now);
    })().finally(() => (checking = false));
  }, 1000);
  timer.unref();
  return timer;
}

/** Opens the address in the user's browser; a missing opener is said, not fatal. */
function openBrowser(url: string, log: (line: string) => void): void {
  const opener = process.platform === 'darwin' ? 'open' : 'xdg-open';
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => log(`--open: could not run ${opener}; open the address above in a browser`));
  child.unref();
}

/**
 * The command line's words without the `studio` command word (the first `studio` that is not a
 * flag's value) and without --open and --follow, which are not part of the picture.
 */
export function pictureWords(argv: readonly string[]): string[] {
  const takesValue = (w: string | undefined) =>
    !!w && /^--[^=]+$/.test(w) && !w.startsWith('--no-') && !BOOLEAN.includes(w.slice(2));
  const at = argv.findIndex((w, i) => w === 'studio' && !takesValue(argv[i - 1]));
  return argv.filter((w, i) => i !== at && !/^--(no-)?(open|follow)(=.*)?$/.test(w));
}

export const studioCommand: CommandModule<object, StudioArgs> = {
  command: 'studio',
  describe:
    'Serve a page on 127.0.0.1 that shows any frame of the render (same options), with a scrubber and the events',
  // --config holds the picture's options (not --open): the page shows the same picture as a config file.
  builder: (y) => withConfig(y, studioPictureOptions).options(studioOptions) as never,
  handler: async (argv) => {
    if ((argv as { printConfig?: boolean }).printConfig) return void process.stdout.write(printConfig(argv));
    const log = (line: string) => console.error(line);
    const studio = await startStudio(pictureWords(process.argv.slice(2)), log, { follow: argv.follow });
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
