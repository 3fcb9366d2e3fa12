import { describe, expect, it } from 'vitest';
import { dawnPollOverride, gentleDawnPolling, rendersGently } from '../../src/host/dawn/gentle-polling.js';

/** Milliseconds until `schedule` runs its callback. */
async function delay(schedule: (fn: () => void) => void): Promise<number> {
  const t0 = performance.now();
  await new Promise<void>((resolve) => schedule(resolve));
  return performance.now() - t0;
}

describe("Dawn's polling during a host's start", () => {
  it('delays native callbacks (Dawn polls with one) by a timer, never a JS function, and ends cleanly', async () => {
    const real = globalThis.setImmediate;
    const end = gentleDawnPolling();
    const again = gentleDawnPolling(); // two starts at once: both must end before it is put back
    expect(globalThis.setImmediate).not.toBe(real);
    const order: string[] = [];
    // A bound function prints as native code, as Dawn's N-API callback does.
    const native = function (this: unknown) {
      order.push('native');
    }.bind(null);
    await new Promise<void>((resolve) => {
      setImmediate(native);
      setImmediate(() => order.push('js'));
      setTimeout(resolve, 20);
    });
    // The JS callback ran at once (as setImmediate does), the native one only after a timer.
    expect(order).toEqual(['js', 'native']);
    expect(await delay((fn) => setImmediate(fn))).toBeLessThan(1000);
    end();
    end(); // a second call of the same ending does nothing
    expect(globalThis.setImmediate).not.toBe(real);
    again();
    expect(globalThis.setImmediate).toBe(real);
  });

  it('leaves a setImmediate someone else installed meanwhile', () => {
    const real = globalThis.setImmediate;
    const end = gentleDawnPolling();
    const other = Object.assign((() => undefined) as unknown as typeof setImmediate, real);
    globalThis.setImmediate = other;
    end();
    expect(globalThis.setImmediate).toBe(other);
    globalThis.setImmediate = real;
  });
});

describe("Dawn's polling while a host renders (rendersGently)", () => {
  it.each([
    { fallbackAdapter: true, cores: 2, gently: true }, // SwiftShader: the spinning core is the shaders'
    { fallbackAdapter: true, cores: 64, gently: true },
    { fallbackAdapter: false, cores: 4, gently: true }, // a real GPU, but few cores for the encoders
    { fallbackAdapter: false, cores: 7, gently: true },
    { fallbackAdapter: false, cores: 8, gently: false }, // as measured on the H200 (16 cores)
    { fallbackAdapter: false, cores: 16, gently: false },
  ])('adapter on the CPU: $fallbackAdapter, $cores cores → gently: $gently', ({ gently, ...o }) => {
    expect(rendersGently(o)).toBe(gently);
  });

  it('PORTGLOW_DAWN_POLL overrides the choice, and a wrong value is refused with a sentence', () => {
    expect(rendersGently({ fallbackAdapter: true, cores: 2, override: dawnPollOverride('busy') })).toBe(
      false,
    );
    expect(rendersGently({ fallbackAdapter: false, cores: 16, override: dawnPollOverride('gentle') })).toBe(
      true,
    );
    expect(dawnPollOverride('')).toBeUndefined();
    expect(() => dawnPollOverride('fast')).toThrow(
      'PORTGLOW_DAWN_POLL=fast is not a polling mode: use gentle or busy, or unset it.',
    );
  });
});
