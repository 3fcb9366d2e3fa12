/** Where whole frames go: PNG files, a video, a hash list. */
export interface FrameSink {
  /** Whether frames already on disk from an earlier run must be fed again (a video does; PNGs don't). */
  readonly wantsExisting: boolean;
  /**
   * Takes frame f's RGBA bytes; resolves when the sink can take the next one (not when written).
   * The bytes are lent (a slot of the render's frame ring): a sink that still reads them after this
   * resolves passes `hold` a promise that settles when it is done with them.
   */
  write(frame: number, rgba: Buffer, hold?: (until: Promise<unknown>) => void): Promise<void>;
  /** Waits for everything written to be finished on disk. */
  close(): Promise<void>;
  /** Stops early (error or signal): no half-written file is left under a final name. */
  abort(): Promise<void>;
}

/**
 * A sink's own copy of a lent frame. Not `Buffer.from`: from a frame in shared memory (the ring's
 * slots) V8 copies element by element, about 50 times slower (a 4K frame: 110 ms against 2 ms here).
 */
export function copyFrame(rgba: Uint8Array): Buffer {
  const copy = Buffer.allocUnsafeSlow(rgba.length);
  copy.set(rgba);
  return copy;
}
