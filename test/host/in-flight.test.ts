import { describe, expect, it } from 'vitest';
import { inFlight } from '../../src/host/in-flight.js';

/** A job per frame that finishes when the test says, recording how many run at once. */
function jobs() {
  const resolvers = new Map<number, () => void>();
  const state = { running: 0, most: 0, started: [] as number[] };
  const start = (f: number) => {
    state.started.push(f);
    state.running++;
    state.most = Math.max(state.most, state.running);
    return new Promise<number>((resolve) =>
      resolvers.set(f, () => {
        state.running--;
        resolve(f * 10);
      }),
    );
  };
  return { start, state, finish: (f: number) => resolvers.get(f)?.() };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('inFlight', () => {
  it('keeps at most `limit` jobs running and yields results in frame order', async () => {
    const j = jobs();
    const got: number[] = [];
    const run = (async () => {
      for await (const v of inFlight(5, 11, 3, j.start)) got.push(v);
    })();
    await tick();
    expect(j.state.started).toEqual([5, 6, 7]);
    // Later frames finishing first do not overtake the earliest.
    j.finish(7);
    j.finish(6);
    await tick();
    expect(got).toEqual([]);
    for (const f of [5, 8, 9, 10, 11]) {
      j.finish(f);
      await tick();
      await tick();
    }
    await run;
    expect(got).toEqual([50, 60, 70, 80, 90, 100, 110]);
    expect(j.state.most).toBe(3);
  });

  it('on an early stop, waits for the jobs already started', async () => {
    const j = jobs();
    let stopped = false;
    const run = (async () => {
      for await (const v of inFlight(0, 99, 3, j.start)) if (v === 0) break;
      stopped = true;
    })();
    await tick();
    j.finish(0);
    await tick();
    await tick();
    expect(stopped).toBe(false); // frames 1 and 2 are still running
    j.finish(1);
    j.finish(2);
    await run;
    expect(stopped).toBe(true);
    expect(j.state.started).toEqual([0, 1, 2]); // nothing new starts after the stop
  });

  it('passes a failed job on, in order', async () => {
    const fail = (f: number) => (f === 2 ? Promise.reject(new Error('frame 2 failed')) : Promise.resolve(f));
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const v of inFlight(0, 5, 2, fail)) got.push(v);
      })(),
    ).rejects.toThrow('frame 2 failed');
    expect(got).toEqual([0, 1]);
  });
});
