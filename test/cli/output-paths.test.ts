import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputPaths } from '../../src/cli/output-paths.js';
import { UserError } from '../../src/errors.js';

function folder() {
  const dir = mkdtempSync(join(tmpdir(), 'portglow-paths-'));
  const input = join(dir, 'data.csv');
  writeFileSync(input, 'time,src\n');
  mkdirSync(join(dir, 'out'));
  return { dir, input, out: join(dir, 'out') };
}

async function refusal(p: Parameters<typeof checkOutputPaths>[0]): Promise<string> {
  const e = await checkOutputPaths(p).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(UserError);
  expect((e as UserError).exitCode).toBe(1);
  return (e as UserError).message;
}

describe('outputs never land on the input or on each other', () => {
  it('accepts distinct paths', async () => {
    const { dir, input, out } = folder();
    await checkOutputPaths({ input, rejects: join(dir, 'rejects.csv'), preview: join(dir, 'p.gif'), out });
    await checkOutputPaths({ input: '-', rejects: join(out, 'rejects.csv'), out });
  });

  it('--rejects = --input, by name, through ./.., a symbolic link or a hard link', async () => {
    const { dir, input, out } = folder();
    symlinkSync(input, join(dir, 'sym.csv'));
    linkSync(input, join(dir, 'hard.csv'));
    for (const rejects of [
      input,
      join(dir, 'out', '..', 'data.csv'),
      join(dir, 'sym.csv'),
      join(dir, 'hard.csv'),
    ]) {
      expect(await refusal({ input, rejects, out })).toContain(
        `--rejects ${rejects} is the input file (--input ${input})`,
      );
    }
  });

  it('--preview = --rejects, --out = --input', async () => {
    const { dir, input, out } = folder();
    const p = join(dir, 'x.gif');
    expect(await refusal({ input, rejects: p, preview: p, out })).toContain('--preview');
    expect(await refusal({ input, out: input })).toContain('--out');
  });

  it('a file output with a name the render writes in --out', async () => {
    const { input, out } = folder();
    expect(await refusal({ input, rejects: join(out, 'manifest.json'), out })).toContain(
      'a file the render writes in --out',
    );
    expect(await refusal({ input, rejects: join(out, 'frame-000001.png'), out })).toContain('--rejects');
  });
});

describe('stats and events read through the same check', () => {
  it('gen-frames stats --rejects naming the input: exit 1, the input unchanged', () => {
    const { input } = folder();
    const before = readFileSync(input, 'utf8');
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'gen-frames.js');
    const r = spawnSync(process.execPath, [bin, 'stats', '--input', input, '--rejects', input], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`--rejects ${input} is the input file`);
    expect(readFileSync(input, 'utf8')).toBe(before);
  });
});
