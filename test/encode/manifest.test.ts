import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  RANGE_OPTIONS,
  TOOL,
  manifestProblem,
  parseManifest,
  renderDifference,
  writeManifest,
  type Manifest,
} from '../../src/encode/manifest.js';
import { UserError } from '../../src/errors.js';

const hash = (c: string) => c.repeat(64);

function manifest(over: Partial<Manifest> = {}): Manifest {
  return {
    tool: TOOL,
    version: '0.1.0',
    options: { seed: 42, width: 320, height: 180, format: 'both', from: 0, to: 1, title: 'x' },
    input: { source: 'synthetic:42', digest: hash('a'), rows: 10 },
    width: 320,
    height: 180,
    adapter: 'swiftshader',
    video: 'video.mp4',
    videoFrames: [hash('c'), hash('d')],
    complete: true,
    hash: 'sha256',
    frames: [
      { index: 0, digest: hash('e') },
      { index: 1, digest: hash('f') },
    ],
    ...over,
  };
}

describe('manifest schema', () => {
  it('accepts a manifest as the render writes it, and one without the optional fields', () => {
    expect(manifestProblem(manifest())).toBe('');
    const { videoFrames: _v, ...plain } = manifest({ video: null });
    expect(manifestProblem(plain)).toBe('');
  });

  it('reads an older manifest (frames {index, sha256}, no hash) as SHA-256 digests', () => {
    const { hash: _h, frames, ...rest } = manifest();
    const old = { ...rest, frames: frames.map((f) => ({ index: f.index, sha256: f.digest })) };
    expect(manifestProblem(old)).toBe('');
    const m = parseManifest(JSON.stringify(old), 'here');
    expect(m.hash).toBe('sha256');
    expect(m.frames).toEqual(frames);
  });

  it('accepts XXH3-128 digests under hash xxh3-128', () => {
    const m = manifest({ hash: 'xxh3-128', frames: [{ index: 0, digest: 'ab'.repeat(16) }] });
    expect(manifestProblem(m)).toBe('');
  });

  it.each<[string, unknown, string]>([
    ['not an object', [1, 2], 'not a JSON object'],
    ['another tool', { ...manifest(), tool: 'other' }, 'tool is "other"'],
    ['no options', { ...manifest(), options: undefined }, 'no options'],
    ['a short input digest', manifest({ input: { source: 's', digest: 'abc', rows: 1 } }), 'no input'],
    ['a parent path as video', manifest({ video: '../../elsewhere/private.mp4' }), 'leaves the folder'],
    ['a deep parent path', manifest({ video: '../../../etc/passwd' }), 'leaves the folder'],
    ['an absolute path', manifest({ video: '/etc/passwd' }), 'leaves the folder'],
    ['a bare ..', manifest({ video: '..' }), 'leaves the folder'],
    ['a bad frame hash', manifest({ frames: [{ index: 0, digest: 'xyz' }] }), 'frame entry 0'],
    [
      'frames out of order',
      manifest({
        frames: [
          { index: 1, digest: hash('e') },
          { index: 0, digest: hash('e') },
        ],
      }),
      'out of order',
    ],
    ['a bad video hash', manifest({ videoFrames: ['nope'] }), 'videoFrames'],
    ['a shard past its count', manifest({ shard: { index: 4, count: 4 } }), 'shard'],
    ['an unknown hash', { ...manifest(), hash: 'md5' }, 'hash "md5" is not one of'],
    ['a SHA-256 digest under xxh3-128', manifest({ hash: 'xxh3-128' }), "frame 0's digest is not a xxh3-128"],
  ])('refuses %s', (_what, value, problem) => {
    expect(manifestProblem(value)).toContain(problem);
    expect(() => parseManifest(JSON.stringify(value), 'shard /s')).toThrow(UserError);
    expect(() => parseManifest(JSON.stringify(value), 'shard /s')).toThrow(
      /^shard \/s: manifest.json is corrupt/,
    );
  });

  it('names a file that is not JSON', () => {
    expect(() => parseManifest('{"tool": "portglow gen-fr', '/out')).toThrow(
      /^\/out: manifest.json is corrupt \(/,
    );
  });
});

describe('same render?', () => {
  it('ignores key order, in options and inside them', () => {
    const a = manifest({ options: { seed: 42, nested: { x: 1, y: [1, 2] }, from: 0 } });
    const b = manifest({ options: { from: 0, nested: { y: [1, 2], x: 1 }, seed: 42 } });
    expect(renderDifference(a, b)).toBeUndefined();
    // Through JSON text too: the order a file was written in never matters.
    expect(renderDifference(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)))).toBeUndefined();
  });

  it('names the first difference: input, size, version, an option (set or not)', () => {
    const a = manifest();
    expect(renderDifference(a, manifest({ input: { ...a.input, digest: hash('b') } }))?.what).toBe(
      'the input digest',
    );
    expect(renderDifference(a, manifest({ width: 640 }))).toMatchObject({
      what: 'the frame size',
      mine: '320x180',
      theirs: '640x180',
    });
    expect(renderDifference(a, manifest({ version: '0.2.0' }))?.what).toBe('the gen-frames version');
    expect(renderDifference(a, manifest({ options: { ...a.options, seed: 7 } }))).toEqual({
      what: 'option seed',
      mine: 42,
      theirs: 7,
    });
    const { title: _t, ...untitled } = a.options;
    expect(renderDifference(a, manifest({ options: untitled }))).toEqual({
      what: 'option title',
      mine: 'x',
      theirs: undefined,
    });
  });

  it('lets the range options differ only when told to', () => {
    const a = manifest();
    const b = manifest({ options: { ...a.options, from: 60, to: 119, shard: [1, 2] } });
    expect(renderDifference(a, b)?.what).toBe('option from');
    expect(renderDifference(a, b, RANGE_OPTIONS)).toBeUndefined();
  });
});

describe('writeManifest', () => {
  it('writes through a temporary file of the run and leaves only manifest.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portglow-manifest-'));
    await writeManifest(join(dir, 'manifest.json'), manifest(), 'abcdef012345');
    expect(readdirSync(dir)).toEqual(['manifest.json']);
    expect(parseManifest(readFileSync(join(dir, 'manifest.json'), 'utf8'), dir)).toEqual(manifest());
  });

  it('an OS error is a sentence with the path', async () => {
    const e = await writeManifest('/nonexistent-dir/manifest.json', manifest()).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).message).toMatch(/^\/nonexistent-dir\/manifest.json: .*ENOENT/);
  });
});
