import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { FRAME_HASH, frameDigest } from '../frame-hash.js';

/*
 * The worker's code, as text (evaluated as CommonJS), so that it runs the same from the bundle and
 * from the sources under test. It hashes a view of the shared frame memory: no copy crosses threads.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const ready = require(workerData.hashWasm).createXXHash128();
parentPort.on('message', async ({ id, memory, length }) => {
  const h = await ready;
  h.init();
  h.update(new Uint8Array(memory, 0, length));
  parentPort.postMessage({ id, digest: h.digest('hex') });
});
`;

/**
 * Frame hashes (FRAME_HASH, XXH3-128) off the render's critical path: each frame in shared memory is
 * hashed by one of a few worker threads (one fewer than the cores, from one to six: 4K at 150 frames/s
 * is 5 GB/s to hash, about 1.4 GB/s a thread on the H200 machine's Xeon) while the sinks
 * encode it. Bytes not in shared memory are hashed on the calling thread.
 */
export class HashPool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (d: string) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(threads = Math.max(1, Math.min(6, availableParallelism() - 1))) {
    const hashWasm = createRequire(import.meta.url).resolve('hash-wasm');
    if (FRAME_HASH !== 'xxh3-128') throw new Error('the hash workers compute XXH3-128 only');
    for (let i = 0; i < threads; i++) {
      const w = new Worker(WORKER, { eval: true, workerData: { hashWasm } });
      w.on('message', ({ id, digest }: { id: number; digest: string }) => {
        this.waiting.get(id)?.resolve(digest);
        this.waiting.delete(id);
        if (this.waiting.size === 0) for (const x of this.workers) x.unref();
      });
      w.on('error', (e) => this.failAll(e));
      // Referenced while hashes are pending, so that awaiting one keeps the process alive.
      w.unref();
      this.workers.push(w);
    }
  }

  /** The frame's digest; the bytes must not change until it resolves. */
  digest(bytes: Buffer): Promise<string> {
    if (!(bytes.buffer instanceof SharedArrayBuffer) || bytes.byteOffset !== 0) return frameDigest(bytes);
    const id = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      if (this.waiting.size === 0) for (const x of this.workers) x.ref();
      this.waiting.set(id, { resolve, reject });
      this.workers[id % this.workers.length].postMessage({ id, memory: bytes.buffer, length: bytes.length });
    });
  }

  private failAll(e: Error): void {
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
