import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/package-root.js';
import { FrameAssembler } from '../src/render/frame-assembler.js';
import { GOLDEN_CASES } from '../test/helpers/golden-cases.js';
import { startBenchHost } from './bench-host.js';
import type { Row } from './render.js';

/**
 * Every golden set (test/helpers/golden-cases.ts) rendered on the bench's GPU host, each frame's
 * SHA-256 against fixtures/golden/ (recorded on SwiftShader). The test suite checks the same on this
 * machine; this part is for the GPU machine, where vitest does not travel: `BENCH=golden
 * BENCH_GPU_HOST=node` there says whether a real GPU gives SwiftShader's bytes. Mismatches are named.
 */
export async function benchGolden(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const c of GOLDEN_CASES) {
    const file = join(packageRoot(), 'fixtures', 'golden', `${c.name}.json`);
    const golden = (JSON.parse(readFileSync(file, 'utf8')) as { frames: Record<string, string> }).frames;
    const scene = c.scene();
    const host = await startBenchHost(scene);
    const asm = new FrameAssembler(scene.width, scene.height);
    let same = 0;
    try {
      for await (const p of host.frames(c.frames[0], c.frames[1])) {
        const hash = createHash('sha256').update(asm.apply(p)).digest('hex');
        if (hash === golden[p.frame]) same++;
        else
          console.error(
            `bench: golden ${c.name} frame ${p.frame} on ${host.adapter}: ${hash} != ${golden[p.frame]}`,
          );
      }
    } finally {
      await host.close();
    }
    const name = `golden ${c.name} on ${host.adapter}: frames equal to the set`;
    rows.push({ name, value: same, unit: `of ${Object.keys(golden).length}` });
  }
  return rows;
}
