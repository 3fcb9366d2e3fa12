import { basename, dirname } from 'node:path';
import { UserError } from '../errors.js';
import { isToolName } from '../encode/output-names.js';
import { fileId, realLocation } from '../encode/path-identity.js';

interface Named {
  flag: string;
  given: string;
  real: string;
  id?: string;
}

/**
 * Refuses, before anything is opened for writing, outputs that would land on the input or on each
 * other: `--rejects`, `--preview` and `--out` may not be the input or one another (same real path
 * through links, or same device and inode through a hard link), and a file output or the input may
 * not bear a name the render writes inside `--out` (e.g. `--rejects out/manifest.json`).
 */
export async function checkOutputPaths(p: {
  /** One input or several (`--input` repeated); `-` is standard input, which nothing can land on. */
  input?: string | string[];
  rejects?: string;
  preview?: string;
  out?: string;
}): Promise<void> {
  const inputs = p.input === undefined ? [] : Array.isArray(p.input) ? p.input : [p.input];
  const given: [string, string | undefined][] = [
    ...inputs.map((i): [string, string | undefined] => ['--input', i === '-' ? undefined : i]),
    ['--rejects', p.rejects],
    ['--preview', p.preview],
    ['--out', p.out],
  ];
  const named: Named[] = [];
  for (const [flag, path] of given) {
    if (path !== undefined)
      named.push({ flag, given: path, real: await realLocation(path), id: await fileId(path) });
  }
  const out = named.find((n) => n.flag === '--out');
  for (const [i, a] of named.entries()) {
    for (const b of named.slice(i + 1)) {
      if (a.flag === '--input' && b.flag === '--input') continue; // reading a file twice harms nothing
      if (a.real === b.real || (a.id !== undefined && a.id === b.id)) {
        const what = a.flag === '--input' ? 'the input file' : `the same path as ${a.flag}`;
        throw new UserError(
          `${b.flag} ${b.given} is ${what} (${a.flag} ${a.given}); writing it would destroy it: name another path for ${b.flag}`,
        );
      }
    }
    if (out && a !== out && dirname(a.real) === out.real && isToolName(basename(a.real))) {
      throw new UserError(
        `${a.flag} ${a.given} is a file the render writes in --out ${out.given}; name another path for ${a.flag === '--input' ? '--out' : a.flag}`,
      );
    }
  }
}
