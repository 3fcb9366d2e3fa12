// Bundles the CLI and benchmarks for Node, and the GPU page for the browser. Shaders are loaded as text.
import { build } from 'esbuild';

const common = { bundle: true, loader: { '.wgsl': 'text' }, logLevel: 'warning', sourcemap: 'linked' };

await Promise.all([
  build({
    ...common,
    entryPoints: {
      cli: 'src/cli/main.ts',
      bench: 'bench/main.ts',
      'raw-side': 'bench/raw-side.ts',
      'raster-variants': 'bench/raster-variants.ts',
    },
    outdir: 'dist',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: { page: 'harness/page.ts', studio: 'harness/studio-page.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  }),
]);
