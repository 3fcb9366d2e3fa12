import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Shaders are imported as text, as esbuild's `.wgsl: text` loader does for the builds.
  plugins: [
    {
      name: 'wgsl-text',
      transform(code: string, id: string) {
        return id.endsWith('.wgsl') ? { code: `export default ${JSON.stringify(code)};`, map: null } : null;
      },
    },
  ],
  test: {
    include: ['test/**/*.test.ts'],
    // Rebuilds dist/ first when src/, harness/ or shaders/ changed since (GPU tests load the bundles).
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // GPU tests each start a Chromium; two cores gain nothing from running files side by side.
    fileParallelism: false,
  },
});
