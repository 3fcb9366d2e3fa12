import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';
import { UserError } from '../../errors.js';

/** Flags that give headless Chromium WebGPU (SwiftShader where there is no GPU) and keep it offline. */
export const CHROMIUM_FLAGS = [
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
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

export async function launchChromium(path: string): Promise<Browser> {
  try {
    return await puppeteer.launch({
      executablePath: path,
      headless: true,
      args: CHROMIUM_FLAGS,
      // Puppeteer's network monitoring makes every POST of frame bytes crawl (2–7 fps instead of ~40).
      networkEnabled: false,
      protocolTimeout: 600_000,
      // The render stops on signals itself (finishing frames in hand, writing the manifest), then closes Chromium.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (e) {
    throw new UserError(`Chromium at ${path} did not start: ${(e as Error).message}`, 2);
  }
}
