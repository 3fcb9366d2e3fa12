import type { FramePatch } from '../gpu/frame-renderer.js';

/** Where the GPU core runs: headless Chromium (src/host/chromium) or Node through Dawn (src/host/dawn). */
export interface GpuHost {
  /** The adapter, in words (e.g. "google swiftshader"). */
  readonly adapter: string;
  /** Frames from..to inclusive, in order; the first is whole, the rest hold the tiles that changed. */
  frames(from: number, to: number): AsyncIterable<FramePatch>;
  /** Stops the host and frees what it holds; safe to call more than once, and at any time. */
  close(): Promise<void>;
}

/** The host died (a browser, renderer or GPU process crashed or was killed; the device was lost): the render may start a new one and go on. */
export class HostCrashed extends Error {
  override name = 'HostCrashed';
}
