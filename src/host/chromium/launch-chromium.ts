import { existsSync } from 'node:fs';
import type { Browser } from 'puppeteer-core';
import { UserError } from '../../errors.js';
import { createProfile, removeProfile, removeStaleProfiles } from './chromium-profile.js';
import { startWatchdog } from './watchdog.js';

/**
 * Flags that give headless Chromium WebGPU (SwiftShader where there is no GPU) and keep it offline.
 * `--no-sandbox`: the render runs as whatever user starts it, root in containers, and Chromium's
 * sandbox refuses root (docs/security.md says what that means).
 */
export const CHROMIUM_FLAGS = [
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-breakpad',
  '--disable-crash-reporter',
  '--no-first-run',
  '--disable-dev-shm-usage',
  // Names resolve to nothing: the page's own server is an IP address, and nothing else is reachable.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** The browser to use: the option, then PORTGLOW_CHROMIUM, then Debian's /usr/bin/chromium. */
export function chromiumPath(option?: string): string {
  const path = option || process.env.PORTGLOW_CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new UserError(
      `Chromium not found at ${path}. Install it (Debian/Ubuntu: sudo apt-get install -y chromium) ` +
        'or point --chromium / PORTGLOW_CHROMIUM at a Chromium or Chrome binary.',
      2,
    );
  }
  return path;
}

export interface LaunchedChromium {
  browser: Browser;
  /** The browser's process id, which is also its process group's. */
  pid: number;
  profile: string;
  /** Ends the browser (killing its process group if it does not exit at once) and removes its profile; idempotent. */
  close: () => Promise<void>;
}

/** How long a browser gets to exit when asked before its process group is killed. */
const CLOSE_GRACE_MS = 2000;

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // gone already
  }
}

/**
 * Starts Chromium over a pipe (no DevTools port on any interface), in a fresh profile folder that a
 * watchdog removes, with the browser's whole process group, however the render ends. `onSpawned` is
 * called once the browser's process has been started, long before it answers.
 */
export async function launchChromium(path: string, onSpawned?: () => void): Promise<LaunchedChromium> {
  await removeStaleProfiles();
  const profile = await createProfile();
  const watchdog = startWatchdog(profile);
  let browser: Browser | undefined;
  let pid = 0;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      if (browser) {
        const exited = browser.close().then(
          () => true,
          () => false,
        );
        const late = new Promise<boolean>((r) => setTimeout(() => r(false), CLOSE_GRACE_MS).unref());
        await Promise.race([exited, late]);
      }
      // Children (GPU, renderers) that outlive the browser, or a browser that did not exit.
      if (pid) killGroup(pid);
      watchdog.release();
      await removeProfile(profile).catch(() => undefined);
    })());
  try {
    // Loaded here, not at start: 0.3-0.6 s of module loading that a render through Dawn never needs.
    const { default: puppeteer } = await import('puppeteer-core');
    const launching = puppeteer.launch({
      executablePath: path,
      headless: true,
      pipe: true,
      userDataDir: profile,
      args: CHROMIUM_FLAGS,
      // What Chromium writes outside its profile (the crash handler's database, which runs even in
      // headless mode, under ~/.config) goes into the profile, and with it.
      env: { ...process.env, XDG_CONFIG_HOME: profile, XDG_CACHE_HOME: profile },
      // Puppeteer's network monitoring makes the page's traffic crawl (with frames as POSTs: 2–7 fps instead of ~40).
      networkEnabled: false,
      protocolTimeout: 600_000,
      // The render stops on signals itself (finishing frames in hand, writing the manifest), then closes Chromium.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    // Puppeteer spawns the browser before its first I/O: once this turn's promise jobs have run, the
    // process exists and starts up on its own while the caller works (and its failure still lands here).
    if (onSpawned) setImmediate(onSpawned);
    browser = await launching;
  } catch (e) {
    await close();
    throw new UserError(`Chromium at ${path} did not start: ${(e as Error).message}`, 2);
  }
  pid = browser.process()?.pid ?? 0;
  if (pid) watchdog.arm(pid);
  return { browser, pid, profile, close };
}
