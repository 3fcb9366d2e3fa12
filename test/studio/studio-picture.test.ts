/**
 * The studio's picture from command-line words: palette and captions as a render takes them, and the
 * config file the page shows, which builds the same scene (so the same frames) when read back.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { makePicture } from '../../src/cli/studio-picture.js';
import { renderOptions } from '../../src/cli/render-options.js';
import { pictureOptions } from '../../src/cli/picture-options.js';
import { inputOptions, seedOption } from '../../src/cli/input-options.js';

const dir = mkdtempSync(join(tmpdir(), 'portglow-studio-picture-'));
const quiet = () => undefined;
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('studio picture', () => {
  it('shows the picture as a config file that builds the same scene, in keys a render takes', async () => {
    const words = ['--seed', '9', '--size', '160x90', '--travel', '5', '--palette', 'okabe-ito', '--theme', 'light', '--no-callouts']; // prettier-ignore
    const a = await makePicture(words, quiet);
    const config = parseYaml(a.info.config!) as Record<string, unknown>;
    expect(config).toMatchObject({ seed: 9, size: '160x90', travel: 5, palette: 'okabe-ito', theme: 'light', callouts: false }); // prettier-ignore
    // Every key is one a render takes (its --config refuses any other).
    const render = { ...seedOption, ...renderOptions, ...inputOptions, ...pictureOptions };
    for (const k of Object.keys(config)) expect(Object.keys(render)).toContain(k);

    const file = join(dir, 'studio.yaml');
    writeFileSync(file, a.info.config!);
    const b = await makePicture(['--config', file], quiet);
    expect(same(b.sceneBytes, a.sceneBytes)).toBe(true);
    expect(b.info.config).toBe(a.info.config);
    // The palette is part of the picture: without it the scene differs.
    const c = await makePicture(
      words.filter((w, i) => w !== 'okabe-ito' && words[i + 1] !== 'okabe-ito'),
      quiet,
    );
    expect(same(c.sceneBytes, a.sceneBytes)).toBe(false);
    expect(a.info.choices?.palette).toEqual({ choices: ['default', 'okabe-ito'], default: 'default' });
    expect(a.info.choices?.view).toEqual({ choices: ['ports', 'hosts'], default: 'ports' });
  });

  it('lists the captions with the frames that show them', async () => {
    // The synthetic day starts 2013-07-15 00:00 UTC; 5-minute bins: frames 21 and 22, then 30 to 35.
    const captions = join(dir, 'captions.csv');
    writeFileSync(captions, 'start,end,text\n2013-07-15T01:45Z,2013-07-15T01:55Z,Honeypot restarted\n2013-07-15T02:30Z,2013-07-15T03:00Z,Maintenance\n'); // prettier-ignore
    const p = await makePicture(['--size', '160x90', '--captions', captions], quiet);
    expect(p.info.captions).toEqual([
      { frame: 21, last: 22, text: 'Honeypot restarted' },
      { frame: 30, last: 35, text: 'Maintenance' },
    ]);
    await expect(makePicture(['--captions', join(dir, 'none.csv')], quiet)).rejects.toThrow(/none\.csv/);
  });
});
