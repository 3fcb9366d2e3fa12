import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import type { FramePatch, StageTimes } from '../../gpu/frame-renderer.js';
import { decodePatch, HostCrashed, type GpuHost } from '../gpu-host.js';
import { packageRoot } from '../../package-root.js';
import { UserError } from '../../errors.js';
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
  portglow: {
    init(): Promise<{ ok: boolean; info: string }>;
    load(): Promise<void>;
    start(from: number, to: number, run: number): void;
    profile(from: number, to: number): Promise<StageTimes & { tiles: number }>;
    transport(): { ms: number; frames: number; bytes: number };
  };
}

/** The GPU core in headless Chromium, driven by Puppeteer, frames back over a loopback POST. */
export class ChromiumHost implements GpuHost {
  private queue: OrderedFrames | undefined;
  /** The encoded scene the page loads. */
  private scene: Uint8Array | undefined;
  /** Set when the browser or the page's renderer died. */
  private crashed = false;
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
      scene: () => holder.host?.scene ?? o.scene,
      onFrame: (run, body) =>
        holder.host?.queueOf(run).push(decodePatch(body)) ?? Promise.reject(new Error('no render')),
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
            "and, without a GPU, its SwiftShader Vulkan driver (part of Debian's chromium package); " +
            'check `chromium --version` and that /usr/lib/chromium/libvk_swiftshader.so exists.',
          2,
        );
      }
      const host = new ChromiumHost(browser, page, server, r.info);
      const crash = (why: string) => {
        host.crashed = true;
        host.queue?.fail(new HostCrashed(why));
      };
      browser.on('disconnected', () => crash('Chromium exited'));
      page.on('error', (e) => crash(`the page crashed: ${e.message}`));
      holder.host = host;
      return host;
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

  async *frames(from: number, to: number): AsyncGenerator<FramePatch> {
    const queue = new OrderedFrames(from, to);
    this.queue = queue;
    const run = ++this.run;
    void this.page
      .evaluate((a, b, r) => (globalThis as unknown as PortglowPage).portglow.start(a, b, r), from, to, run)
      .catch((e: Error) => queue.fail(e));
    try {
      yield* queue;
    } catch (e) {
      // A dead browser shows up first as any of several errors (a closed target, a failed POST);
      // give its exit a moment to be noticed, then report it as a crash the render can recover from.
      if (!this.crashed) await new Promise((r) => setTimeout(r, 300));
      if (this.crashed || !this.browser.connected) throw new HostCrashed((e as Error).message);
      throw e;
    }
  }

  /** Switches to another scene without a new browser (tests that render many small scenes). */
  async setScene(scene: Uint8Array): Promise<void> {
    this.scene = scene;
    await this.page.evaluate(() => (globalThis as unknown as PortglowPage).portglow.load());
  }

  /** The browser's process, for tests that kill it. */
  get pid(): number | undefined {
    return this.browser.process()?.pid;
  }

  /** Benchmark: GPU time per stage over frames [from, to], rendered one at a time. */
  profile(from: number, to: number): Promise<StageTimes & { tiles: number }> {
    return this.page.evaluate(
      (a, b) => (globalThis as unknown as PortglowPage).portglow.profile(a, b),
      from,
      to,
    );
  }

  /** Benchmark: what the page spent sending frames so far. */
  transport(): Promise<{ ms: number; frames: number; bytes: number }> {
    return this.page.evaluate(() => (globalThis as unknown as PortglowPage).portglow.transport());
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.server.close();
  }
}
