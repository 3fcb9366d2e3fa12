/**
 * The frames-in-flight loop of both hosts: up to `limit` frames are started at once (the GPU works on
 * f+1 while f is read back or sent), and their results come out in frame order.
 */
export async function* inFlight<T>(
  from: number,
  to: number,
  limit: number,
  start: (frame: number) => Promise<T>,
): AsyncGenerator<T> {
  const pending: Promise<T>[] = [];
  let next = from;
  try {
    while (next <= to || pending.length) {
      while (next <= to && pending.length < limit) {
        const job = start(next++);
        job.catch(() => undefined); // awaited in order below; never unhandled if the loop stops early
        pending.push(job);
      }
      yield await pending.shift()!;
    }
  } finally {
    // Stopped early, or failed: let the frames already started finish before anything is torn down.
    await Promise.allSettled(pending);
  }
}

/** Frames in flight in both hosts: three keep SwiftShader busy without holding much memory. */
export const IN_FLIGHT = 3;
