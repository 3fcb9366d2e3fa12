import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import type { FramePatch, StageTimes } from '../../gpu/frame-renderer.js';
import { HostCrashed, type GpuHost } from '../gpu-host.js';
import { decodePatch } from '../patch-wire.js';
import { packageRoot } from '../../package-root.js';
import { UserError } from '../../errors.js';
import { startFrameServer, type FrameServer } from './frame-server.js';
import { chromiumPath, launchChromium, type LaunchedChromium } from './launch-chromium.js';
import { OrderedFrames } from './ordered-frames.js';
import { traceMark } from '../../trace.js';

export interface ChromiumHostOptions {
  /**
   * The encoded scene (src/scene/scene-data.ts), or its promise: the browser starts and the page
   * compiles its pipelines while the scene is still being built.
   */
  scene: Uint8Array | Promise<Uint8Array>;
  chromium?: string;
  log?: (line: string) => void;
  /** Called once the browser's process is spawned (if it is): the caller may then work while it starts. */
  onSpawned?: () => void;
}

/** The error with the token cut out of its message and its stack (which repeats the message). */
function scrub(e: unknown, redact: (text: string) => string): unknown {
  if (e instanceof Error) {
    e.message = redact(e.message);
    if (e.stack) e.stack = redact(e.stack);
  }
  return e;
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

/**
 * The GPU core in headless Chromium, driven by Puppeteer over a pipe, frames back over a loopback
 * WebSocket (./frame-socket.ts). Any of Chromium's processes dying (browser, renderer, GPU or network process) ends the host
 * with HostCrashed, so the render can start a new one; no message it passes on holds the token.
 */
export class ChromiumHost implements GpuHost {
  private queue: OrderedFrames | undefined;
  /** The encoded scene the page loads. */
  private scene: Uint8Array | undefined;
  /** Set when the browser or the page's renderer died. */
  private crashed = false;
  private run = 0;
  /** Stand-in for messages of a finished run: they are dropped. */
  private readonly stale = new OrderedFrames(1, 0);

  private closing: Promise<void> | undefined;

  private constructor(
    private readonly chromium: LaunchedChromium,
    private readonly page: Page,
    private readonly server: FrameServer,
    readonly adapter: string,
  ) {}

  static async start(o: ChromiumHostOptions): Promise<ChromiumHost> {
    const path = chromiumPath(o.chromium);
    const holder: { host?: ChromiumHost; lost?: string } = {};
    const server = await startFrameServer({
      pageScript: () => readFile(join(packageRoot(), 'dist', 'page.js')),
      scene: () => holder.host?.scene ?? o.scene,
      onFrame: (run, body) =>
        holder.host?.queueOf(run).push(decodePatch(body)) ?? Promise.reject(new Error('no render')),
      onDone: (run) => holder.host?.queueOf(run).done(),
      onError: (run, m) => holder.host?.queueOf(run).fail(new Error(`GPU page: ${m}`)),
      onLost: (m) => {
        holder.lost ??= m;
        holder.host?.crash(m);
      },
    });
    const { redact } = server;
    traceMark('chromium: frame server up');
    const chromium = await launchChromium(path, o.onSpawned).catch(async (e) => {
      await server.close();
      throw e;
    });
    try {
      // The tab Chromium opens at start (a new one costs seconds on a loaded machine).
      traceMark('chromium: connected');
      const page = (await chromium.browser.pages())[0] ?? (await chromium.browser.newPage());
      page.on('pageerror', (e) => o.log?.(redact(`page error: ${(e as Error).message}`)));
      page.on('console', (m) => o.log?.(redact(`page: ${m.text()}`)));
      await page.goto(server.url, { waitUntil: 'load' }).catch((e: Error) => {
        throw new Error(redact(`the GPU page did not load: ${e.message}`));
      });
      traceMark('chromium: page loaded');
      const r = await page.evaluate(() => (globalThis as unknown as PortglowPage).portglow.init());
      traceMark('chromium: page ready (pipelines, scene, base layer)');
      if (!r.ok) {
        throw new UserError(
          `No WebGPU adapter in Chromium (${r.info}). Chromium needs --enable-unsafe-webgpu (portglow passes it) ` +
            "and, without a GPU, its SwiftShader Vulkan driver (part of Debian's chromium package); " +
            'check `chromium --version` and that /usr/lib/chromium/libvk_swiftshader.so exists.',
          2,
        );
      }
      const host = new ChromiumHost(chromium, page, server, r.info);
      chromium.browser.on('disconnected', () => host.crash('Chromium exited'));
      page.on('error', (e) => host.crash(`the page crashed: ${redact(e.message)}`));
      holder.host = host;
      if (holder.lost) host.crash(holder.lost);
      return host;
    } catch (e) {
      await chromium.close();
      await server.close();
      throw scrub(e, redact);
    }
  }

  /** A process of Chromium died or the page's GPU device was lost: the current run ends as a crash. */
  private crash(why: string): void {
    this.crashed = true;
    this.queue?.fail(new HostCrashed(why));
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
      if (this.crashed) throw new HostCrashed('Chromium is gone');
      for await (const patch of queue) {
        if (patch.frame === from) traceMark('chromium: first patch');
        yield patch;
      }
    } catch (e) {
      const message = this.server.redact((e as Error).message);
      // A dead browser shows up first as any of several errors (a closed target, a closed socket);
      // give its exit a moment to be noticed, then report it as a crash the render can recover from.
      if (!this.crashed) await new Promise((r) => setTimeout(r, 300));
      if (this.crashed || !this.chromium.browser.connected) throw new HostCrashed(message);
      throw scrub(e, this.server.redact);
    }
  }

  /** Switches to another scene without a new browser (tests that render many small scenes). */
  async setScene(scene: Uint8Array): Promise<void> {
    this.scene = scene;
    await this.page.evaluate(() => (globalThis as unknown as PortglowPage).portglow.load());
  }

  /** The browser's process (and its process group), for tests that kill it. */
  get pid(): number {
    return this.chromium.pid;
  }

  /** The frame server's origin (`http://127.0.0.1:PORT`, no token), for tests that try to forge frames. */
  get origin(): string {
    return this.server.origin;
  }

  /** The browser's profile folder, for tests that check it is gone. */
  get profileDir(): string {
    return this.chromium.profile;
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

  /** Idempotent and bounded in time: Chromium gets a moment to exit, then its process group is killed. */
  close(): Promise<void> {
    return (this.closing ??= (async () => {
      await this.chromium.close();
      await this.server.close();
    })());
  }
}
