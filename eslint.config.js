import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/*
 * Data flows one way. The stages, in order (the README's "How it works" table says what each does):
 *
 *   ingest → timeline → events → stats → scene → plan → gpu → host → encode → render → cli
 *
 * A module may import its own stage and earlier ones, never a later one. encode comes before render
 * because the render loop drives the encoders (render-frames writes to a FrameSink; resume reads the
 * manifest). Leaf modules import no stage and are importable from anywhere: src/errors.ts,
 * src/random/, src/text/, src/package-root.ts, src/cache-dir.ts, src/trace.ts and the GPU contract
 * src/gpu/abi.ts. harness/page.ts is
 * the host stage's page; bench/ and test/ may import anything. Import cycles in src/ and harness/ are
 * errors (import-x/no-cycle follows value imports; a type-only cycle inside one stage is not seen).
 */
const STAGES = [
  ['ingest', ['src/ingest']],
  ['timeline', ['src/timeline']],
  ['events', ['src/events']],
  ['stats', ['src/stats']],
  ['scene', ['src/scene']],
  ['plan', ['src/plan']],
  ['gpu', ['src/gpu', 'shaders']],
  ['host', ['src/host', 'harness']],
  ['encode', ['src/encode']],
  ['render', ['src/render']],
  ['cli', ['src/cli']],
];
const LEAVES = [
  'src/errors.ts',
  'src/random',
  'src/text',
  'src/package-root.ts',
  'src/gpu/abi.ts',
  'src/cache-dir.ts',
  'src/trace.ts',
];

/** Importable from anywhere, though in a stage's folder. */
const EXCEPT = { 'src/gpu': ['./abi.ts'] };

/** A stage's folders may not import from a later stage's folders (one zone per pair). */
const stageZones = STAGES.flatMap(([name, folders], i) =>
  STAGES.slice(i + 1).flatMap(([later, laterFolders]) =>
    laterFolders.map((from) => ({
      target: folders.map((f) => `./${f}`),
      from: `./${from}`,
      except: EXCEPT[from] ?? [],
      message: `${name} comes before ${later}: data flows one way (stage order in eslint.config.js).`,
    })),
  ),
);
/** Leaves import no stage. */
const leafZones = LEAVES.flatMap((leaf) =>
  STAGES.flatMap(([, folders]) => folders).map((from) => ({
    target: `./${leaf}`,
    from: `./${from}`,
    except: EXCEPT[from] ?? [],
    message: 'a leaf module imports no pipeline stage, so that every stage may import it.',
  })),
);

export default tseslint.config(
  // .device/ and .gl/: what scripts/gpu-machine-kit.sh packs for a lent GPU machine (git-ignored).
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      'test-output/**',
      'coverage/**',
      '.device/**',
      '.gl/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['harness/page.ts', 'harness/frame-channel.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/**/*.ts', 'harness/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // The plugin parses the sources it follows (for no-cycle) as TypeScript.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      // Imports are written with .js and resolve to the .ts sources.
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.js', '.json', '.wgsl'],
          extensionAlias: { '.js': ['.ts', '.js'] },
        }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [...stageZones, ...leafZones] }],
      'import-x/no-cycle': 'error',
    },
  },
);
