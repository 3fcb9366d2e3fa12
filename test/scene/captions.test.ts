/**
 * Captions on their own callout line: each from its start's bin to the bin before its end, a later one
 * replacing an earlier one, none outside the span; the line exists only when there are captions (so
 * pictures without captions are unchanged).
 */
import { describe, expect, it } from 'vitest';
import { syntheticRows } from '../../src/ingest/synthetic.js';
import { buildScene } from '../../src/scene/build-scene.js';
import { captionSpans } from '../../src/scene/callouts.js';
import { buildTimeline } from '../../src/timeline/build-timeline.js';

const rows = syntheticRows(42);
const t = buildTimeline(rows, { binSeconds: 300 });
const at = (bin: number) => t.start + bin * 300;

describe('captions', () => {
  it('span their bins, the next one replacing the one before, clipped to the span', () => {
    const spans = captionSpans(
      [
        { start: at(10), end: at(20), text: 'second' },
        { start: at(2), end: at(15), text: 'first' },
        { start: at(30) + 10, end: at(30) + 20, text: 'short' },
        { start: at(-20), end: at(-10), text: 'before' },
        { start: at(t.binCount - 2), end: at(t.binCount + 50), text: 'last' },
      ],
      t,
      2,
    );
    expect(spans).toEqual([
      { from: 2, to: 9, slot: 2, text: 'first' },
      { from: 10, to: 19, slot: 2, text: 'second' },
      { from: 30, to: 30, slot: 2, text: 'short' },
      { from: t.binCount - 2, to: t.binCount - 1, slot: 2, text: 'last' },
    ]);
  });

  it('get a third callout line only when there are captions', () => {
    const o = { width: 1280, height: 720, seed: 42, travel: 12, decay: 24, title: 'x' };
    const plain = buildScene(t, o);
    const withCaptions = buildScene(t, { ...o, captions: [{ start: at(5), end: at(9), text: 'Patch day' }] });
    expect(plain.text.calloutSlots).toHaveLength(2);
    expect(withCaptions.text.calloutSlots).toHaveLength(3);
    expect(withCaptions.text.calloutSlots[2].y).toBeGreaterThan(withCaptions.text.calloutSlots[1].y);
    expect(withCaptions.text.callouts).toEqual([{ from: 5, to: 8, slot: 2, text: 'Patch day' }]);
  });
});
