/**
 * --config and --print-config through the CLI: a YAML or JSON file holds options, flags override it,
 * unknown keys are errors naming the key and the file, and a render's manifest.json re-renders the same
 * frames.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const BIN = fileURLToPath(new URL('../../bin/gen-frames.js', import.meta.url));
const FORMATS = fileURLToPath(new URL('../../fixtures/formats/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'portglow-config-'));

function genFrames(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe('--config', () => {
  it('reads YAML; flags override it; --print-config prints the resolved options as YAML', () => {
    const yaml = file('a.yaml', `input:\n  - ${FORMATS}cowrie.json.gz\nbin: 10m\ntop: 3\n`);
    const r = genFrames(['stats', '--config', yaml, '--top', '5', '--print-config']);
    expect(r.code, r.stderr).toBe(0);
    const o = parseYaml(r.stdout);
    expect(o).toMatchObject({ input: [`${FORMATS}cowrie.json.gz`], bin: '10m', top: 5, strict: false });
    const events = genFrames(['events', '--config', file('e.yaml', 'scan-ports: 40\n'), '--print-config']);
    expect(parseYaml(events.stdout)).toMatchObject({ 'scan-ports': 40, 'scan-hosts': 8 });
  });

  it('reads JSON and prints JSON; the options take effect', () => {
    const json = file('b.json', JSON.stringify({ input: `${FORMATS}zeek-conn.log`, top: 2, json: true }));
    const printed = genFrames(['stats', '--config', json, '--print-config']);
    expect(JSON.parse(printed.stdout)).toMatchObject({
      input: [`${FORMATS}zeek-conn.log`],
      top: 2,
      json: true,
    });
    const r = genFrames(['stats', '--config', json, '--top', '3']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.format).toBe('zeek');
    expect(s.ports).toHaveLength(3);
  });

  it('refuses unknown keys, naming the key and the file', () => {
    const yaml = file('c.yaml', 'input: x.csv\ncolour: red\n');
    const r = genFrames(['stats', '--config', yaml]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${yaml}: unknown option "colour"`);
    const missing = genFrames(['stats', '--config', join(dir, 'nope.yaml')]);
    expect([missing.code, missing.stderr.trim()]).toEqual([
      1,
      `gen-frames: --config ${join(dir, 'nope.yaml')}: no such file`,
    ]);
    const bad = genFrames(['stats', '--config', file('d.json', '{"top": ')]);
    expect(bad.stderr).toMatch(/d\.json: not valid JSON/);
  });

  it("re-renders a render's frames from its manifest.json", () => {
    const a = join(dir, 'render-a');
    const r = genFrames(['--input', `${FORMATS}same-traffic.cowrie.json`, '--size', '320x180', '--frames', '3-5',
      '--format', 'png', '--theme', 'light', '--out', a]); // prettier-ignore
    expect(r.code, r.stderr).toBe(0);
    const ma = JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8'));
    expect(ma.config).toMatchObject({
      input: [`${FORMATS}same-traffic.cowrie.json`],
      theme: 'light',
      out: a,
    });
    const b = join(dir, 'render-b');
    const again = genFrames(['--config', join(a, 'manifest.json'), '--out', b]);
    expect(again.code, again.stderr).toBe(0);
    const mb = JSON.parse(readFileSync(join(b, 'manifest.json'), 'utf8'));
    expect(mb.frames).toHaveLength(3);
    expect(mb.frames).toEqual(ma.frames);
    expect(mb.options).toEqual(ma.options);
  });
});
