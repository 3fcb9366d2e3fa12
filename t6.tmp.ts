import { DawnHost } from './src/render/dawn-host.js';
import { syntheticScene, sha256 } from './test/helpers/gpu.js';
import { FrameAssembler } from './src/render/frame-assembler.js';
import { readFileSync } from 'node:fs';
const golden = JSON.parse(readFileSync('fixtures/golden/ports-320x180-seed42.json','utf8')).frames;
const scene = syntheticScene(42, 320, 180);
const t0 = performance.now();
const host = await DawnHost.start({ scene, log: (l) => console.error('log:', l) });
console.log('adapter', host.adapter, performance.now()-t0);
const asm = new FrameAssembler(320, 180);
let bad = 0, n = 0;
for await (const p of host.frames(0, 199)) { n++; if (sha256(asm.apply(p)) !== golden[p.frame]) bad++; }
console.log('frames', n, 'bad', bad, performance.now()-t0);
await host.close();
console.log('closed', performance.now()-t0);
