import type { FramePatch } from '../../gpu/frame-renderer.js';

/**
 * Frames arrive from the page in any order (several are in flight); this hands them on in frame
 * order and holds the sender back while too many wait.
 */
export class OrderedFrames {
  private readonly ready = new Map<number, FramePatch>();
  private wake: (() => void) | undefined;
  private roomWaiters: (() => void)[] = [];
  private failure: Error | undefined;
  private finished = false;

  constructor(
    private next: number,
    private readonly last: number,
    private readonly highWater = 6,
  ) {}

  /** Accepts a frame; resolves once there is room for more. */
  push(p: FramePatch): Promise<void> {
    if (p.frame < this.next || p.frame > this.last || this.ready.has(p.frame)) {
      return Promise.reject(new Error(`unexpected frame ${p.frame}`));
    }
    this.ready.set(p.frame, p);
    this.wake?.();
    if (this.ready.size < this.highWater || this.ready.has(this.next) === false) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  fail(e: Error): void {
    this.failure = e;
    this.wake?.();
  }

  done(): void {
    this.finished = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<FramePatch> {
    while (this.next <= this.last) {
      const p = this.ready.get(this.next);
      if (p) {
        this.ready.delete(this.next);
        this.next++;
        for (const w of this.roomWaiters.splice(0)) w();
        yield p;
        continue;
      }
      if (this.failure) throw this.failure;
      if (this.finished) throw new Error(`the page finished without sending frame ${this.next}`);
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}
