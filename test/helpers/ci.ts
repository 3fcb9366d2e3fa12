/**
 * Whether the tests run in CI, read one way everywhere: CI unset, empty, `false` or `0` is not CI;
 * any other value (`true`, `1`, …) is. In CI nothing the machine is meant to have may be skipped: a
 * missing tool, adapter or data folder is a failure there, and a skip with the reason elsewhere.
 */
export function isCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = (env.CI ?? '').trim().toLowerCase();
  return v !== '' && v !== 'false' && v !== '0';
}
