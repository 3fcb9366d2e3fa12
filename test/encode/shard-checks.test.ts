import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import type { Manifest } from '../../src/encode/manifest.js';
import { checkSameHash } from '../../src/encode/shard-checks.js';
import type { Shard } from '../../src/encode/shard-folder.js';

const shard = (dir: string, hash: Manifest['hash']): Shard =>
  ({ dir, manifest: { hash } as Manifest, from: 0, to: 0, frames: [] }) as Shard;

describe('checkSameHash', () => {
  it('passes shards that name one algorithm', () => {
    expect(() => checkSameHash([shard('/a', 'xxh3-128'), shard('/b', 'xxh3-128')])).not.toThrow();
    expect(() => checkSameHash([shard('/a', 'sha256'), shard('/b', 'sha256')])).not.toThrow();
  });

  it('refuses an older SHA-256 shard among XXH3-128 ones, naming it', () => {
    const run = () => checkSameHash([shard('/old', 'sha256'), shard('/new', 'xxh3-128')]);
    expect(run).toThrow(UserError);
    expect(run).toThrow(
      /^shard \/old: its manifest lists sha256 frame hashes but shard \/new lists xxh3-128; render shard \/old again/,
    );
  });
});
