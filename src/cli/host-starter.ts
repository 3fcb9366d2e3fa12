import { ChromiumHost } from '../host/chromium/chromium-host.js';
import { DawnHost, type DawnDevice } from '../host/dawn/dawn-host.js';
import type { GpuHost } from '../host/gpu-host.js';

export interface HostChoice {
  gpuHost: 'chromium' | 'node';
  /** The browser's path (already checked) when gpuHost is chromium. */
  chromium?: string;
  log: (line: string) => void;
}

/**
 * The GPU hosts of one render. Chromium is launched early (launch()): before the scene is built when
 * the GPU draws the first frame, so that the browser starts, and its page compiles the pipelines and
 * waits for the scene, while this process builds it; or just after the first frame is drawn on the
 * CPU (render-command.ts says why). The render takes that host first;
 * a host started after a crash gets the scene at once. Dawn runs in this process: its device is
 * opened, and the pipelines compile on Dawn's threads, as soon as the options are checked (before
 * the input is read), so that the compile overlaps reading the input and building the scene.
 */
export class HostStarter {
  private early: Promise<GpuHost> | undefined;
  /** Dawn's device opened early (openDevice()), until the first host takes it. */
  private dawn: Promise<DawnDevice> | undefined;
  private scene: Uint8Array | undefined;
  private sceneReady!: (scene: Uint8Array) => void;
  private sceneFailed!: (e: Error) => void;
  private readonly pending = new Promise<Uint8Array>((resolve, reject) => {
    this.sceneReady = resolve;
    this.sceneFailed = reject;
  });

  constructor(private readonly o: HostChoice) {
    // A scene that never comes (the render failed first) is answered by close(), not left unhandled.
    this.pending.catch(() => undefined);
  }

  /** Opens Dawn's device and starts its pipelines' compile now (--gpu-host node; nothing otherwise). */
  openDevice(): void {
    if (this.o.gpuHost !== 'node' || this.dawn) return;
    this.dawn = DawnHost.open({ log: this.o.log });
    // Its failure is reported where the render takes the host.
    this.dawn.catch(() => undefined);
  }

  /** Launches Chromium now; resolves once its process is spawned (or its launch failed, reported by start()). */
  launch(): Promise<void> {
    if (this.o.gpuHost !== 'chromium' || this.early) return Promise.resolve();
    return new Promise((spawned) => {
      const { chromium } = this.o;
      this.early = ChromiumHost.start({ scene: this.pending, chromium, onSpawned: spawned });
      this.early.then(undefined, () => spawned());
      // Its failure is reported where the render takes the host.
      this.early.catch(() => undefined);
    });
  }

  /** The encoded scene: the waiting page gets it, and every later host starts with it. */
  setScene(scene: Uint8Array): void {
    this.scene = scene;
    this.sceneReady(scene);
  }

  /** The host launched early, the first time; a fresh one after that. */
  start(): Promise<GpuHost> {
    const early = this.early;
    this.early = undefined;
    if (early) return early;
    if (!this.scene) throw new Error('HostStarter.start before setScene');
    const { chromium, log } = this.o;
    const opened = this.dawn;
    this.dawn = undefined;
    return this.o.gpuHost === 'node'
      ? DawnHost.start({ scene: this.scene, log, opened })
      : ChromiumHost.start({ scene: this.scene, chromium });
  }

  /** Closes the early host or device if the render never took it (an error came first, or every frame was reused). */
  async close(): Promise<void> {
    const dawn = this.dawn;
    this.dawn = undefined;
    await dawn?.then(
      (d) => d.destroy(),
      () => undefined,
    );
    const early = this.early;
    this.early = undefined;
    if (!early) return;
    // A page still waiting for the scene gets an error, so the launch ends rather than waits forever.
    this.sceneFailed(new Error('the render ended before its scene was built'));
    await early.then(
      (host) => host.close(),
      () => undefined,
    );
  }
}
