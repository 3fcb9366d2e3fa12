import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import type { FramePatch } from '../src/gpu/frame-renderer.js';
import { decodePatch, type GpuHost } from '../src/render/gpu-host.js';
import { packageRoot } from '../src/package-root.js';
import { UserError } from '../src/cli/user-error.js';
import { startFrameServer, type FrameServer } from './frame-server.js';
import { chromiumPath, launchChromium } from './launch-chromium.js';
import { OrderedFrames } from './ordered-frames.js';

export interface ChromiumHostOptions {
  /** The encoded scene (src/scene/scene-data.ts). */
  scene: Uint8Array;
  chromium?: string;
  log?: (line: string) => void;
}

interface PortglowPage {
  portglow: { init(): Promise<{ ok: boolean; info: string }>; start(from: number, to: number, run: number): void };
}

/** The GPU core in headless Chromium, driven by Puppeteer, frames back over a loopback POST. */
export class ChromiumHost implements GpuHost {
  private queue: OrderedFrames | undefined;
  private run = 0;
  /** Stand-in for messages of a finished run: they are dropped. */
  private readonly stale = new OrderedFrames(1, 0);

  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
    private readonly server: FrameServer,
    readonly adapter: string,
  ) {}

  static async start(o: ChromiumHostOptions): Promise<ChromiumHost> {
    const path = chromiumPath(o.chromium);
    const holder: { host?: ChromiumHost } = {};
    const server = await startFrameServer({
      pageScript: () => readFile(join(packageRoot(), 'dist', 'page.js')),
      scene: () => o.scene,
      onFrame: (run, body) => holder.host?.queueOf(run).push(decodePatch(body)) ?? Promise.reject(new Error('no render')),
      onDone: (run) => holder.host?.queueOf(run).done(),
      onError: (run, m) => holder.host?.queueOf(run).fail(new Error(`GPU page: ${m}`)),
    });
    const browser = await launchChromium(path).catch(async (e) => {
      await server.close();
      throw e;
    });
    try {
      const page = await browser.newPage();
      page.on('pageerror', (e) => o.log?.(`page error: ${(e as Error).message}`));
      page.on('console', (m) => o.log?.(`page: ${m.text()}`));
      await page.goto(server.url, { waitUntil: 'load' });
      const r = await page.evaluate(() => (globalThis as unknown as PortglowPage).portglow.init());
      if (!r.ok) {
        throw new UserError(
          `No WebGPU adapter in Chromium (${r.info}). Chromium needs --enable-unsafe-webgpu (portglow passes it) ` +
            'and, without a GPU, its SwiftShader Vulkan driver (part of Debian\'s chromium package); ' +
            'check `chromium --version` and that /usr/lib/chromium/libvk_swiftshader.so exists.',
          2,
        );
      }
      holder.host = new ChromiumHost(browser, page, server, r.info);
      return holder.host;
    } catch (e) {
      await browser.close().catch(() => undefined);
      await server.close();
      throw e;
    }
  }

  /** The queue of the current run; errors not tied to a run (run -1) go to it too. */
  private queueOf(run: number): OrderedFrames {
    return this.queue && (run === this.run || run === -1) ? this.queue : this.stale;
  }

  frames(from: number, to: number): AsyncIterable<FramePatch> {
    this.queue = new OrderedFrames(from, to);
    const queue = this.queue;
    const run = ++this.run;
    void this.page
      .evaluate((a, b, r) => (globalThis as unknown as PortglowPage).portglow.start(a, b, r), from, to, run)
      .catch((e: Error) => queue.fail(e));
    return queue;
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.server.close();
  }
}
