import { UserError } from '../errors.js';
import { RANGE_OPTIONS, renderDifference, show } from './manifest.js';
import type { Shard } from './shard-folder.js';

/** Same options (but the frame range), same input and frame size in every shard. */
export function checkSameRender(shards: Shard[]): void {
  const ref = shards[0];
  for (const s of shards.slice(1)) {
    const d = renderDifference(s.manifest, ref.manifest, RANGE_OPTIONS);
    if (d) {
      throw new UserError(
        `shard ${s.dir}: ${d.what} is ${show(d.mine)} but shard ${ref.dir} has ${show(d.theirs)}; ` +
          'the shards are not parts of one render',
      );
    }
  }
}

/** Where manifests say which shard of how many they are: one count, each index once, none missing. */
export function checkShardIndices(shards: Shard[]): void {
  const marked = shards.filter((s) => s.manifest.shard);
  if (marked.length === 0) return;
  if (marked.length < shards.length) {
    const plain = shards.find((s) => !s.manifest.shard)!;
    throw new UserError(`shard ${plain.dir}: was not rendered with --shard but shard ${marked[0].dir} was`);
  }
  const count = marked[0].manifest.shard!.count;
  const byIndex = new Map<number, Shard>();
  for (const s of marked) {
    const { index, count: n } = s.manifest.shard!;
    if (n !== count) {
      throw new UserError(
        `shard ${s.dir}: is shard ${index}/${n} but shard ${marked[0].dir} is one of ${count}`,
      );
    }
    const other = byIndex.get(index);
    if (other) throw new UserError(`shard ${s.dir}: is shard ${index}/${n}, as is shard ${other.dir}`);
    byIndex.set(index, s);
  }
  const absent = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (absent.length > 0) {
    throw new UserError(
      `shard${absent.length > 1 ? 's' : ''} ${absent.map((i) => `${i}/${count}`).join(', ')} ` +
        `missing: ${shards.length} of ${count} shard folders given (${shards.map((s) => s.dir).join(', ')})`,
    );
  }
}

/** Sorted by first frame, each shard must start right after the one before it. */
export function checkContiguous(parts: Shard[]): void {
  for (let i = 1; i < parts.length; i++) {
    const a = parts[i - 1];
    const b = parts[i];
    if (b.from <= a.to) {
      throw new UserError(
        `shard ${b.dir} (frames ${b.from}-${b.to}) overlaps shard ${a.dir} (frames ${a.from}-${a.to})`,
      );
    }
    if (b.from > a.to + 1) {
      throw new UserError(
        `frames ${a.to + 1}-${b.from - 1} are missing: shard ${a.dir} ends at frame ${a.to} ` +
          `and shard ${b.dir} starts at frame ${b.from}`,
      );
    }
  }
}

/** The shards' manifests name one frame-hash algorithm (a joined manifest names exactly one). */
export function checkSameHash(parts: Shard[]): void {
  const last = parts[parts.length - 1];
  const other = parts.find((s) => s.manifest.hash !== last.manifest.hash);
  if (other) {
    throw new UserError(
      `shard ${other.dir}: its manifest lists ${other.manifest.hash} frame hashes but shard ${last.dir} ` +
        `lists ${last.manifest.hash}; render shard ${other.dir} again with this version`,
    );
  }
}
