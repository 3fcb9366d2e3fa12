import { describe, expect, it } from 'vitest';
import { commandLine, currentEdits, editWords, flagPairs, shellWord } from '../../harness/studio-words.js';
import { parsePictureArgs } from '../../src/cli/studio-picture.js';
import { UserError } from '../../src/errors.js';
import { pictureWords } from '../../src/cli/studio-command.js';

describe('studio words', () => {
  const words = ['--input', 'my log.csv', '--bin=1h', '--no-callouts', '--travel', '8'];

  it('reads flags in all three forms', () => {
    expect(flagPairs(words)).toEqual([
      ['input', 'my log.csv'],
      ['bin', '1h'],
      ['callouts', false],
      ['travel', '8'],
    ]);
    expect(() => flagPairs(['stray'])).toThrow(/not a --flag/);
  });

  it('gives the editable flags their current values', () => {
    expect(currentEdits(words)).toMatchObject({
      bin: '1h',
      travel: '8',
      callouts: false,
      decay: '',
      theme: '',
    });
    expect(currentEdits([]).callouts).toBe(true);
  });

  it('replaces edited flags, drops emptied ones, keeps the rest in order, refuses others', () => {
    expect(editWords(words, { travel: '', decay: '30', callouts: true, theme: 'light' })).toEqual([
      '--input', 'my log.csv', '--bin', '1h', '--decay', '30', '--theme', 'light',
    ]); // prettier-ignore
    expect(() => editWords(words, { input: 'x' } as never)).toThrow(/cannot be edited/);
  });

  it('writes a command line a shell reads back word for word', () => {
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
    expect(commandLine(editWords(words, {}))).toBe(
      "gen-frames --input 'my log.csv' --bin 1h --no-callouts --travel 8",
    );
  });

  it('parses edited words with the render option definitions, refusing bad ones as user errors', () => {
    const a = parsePictureArgs(['--seed', '3', '--travel', '8', '--size', '320x180', '--no-callouts']);
    expect([a.seed, a.travel, a.size, a.callouts, a.decay]).toEqual([3, 8, [320, 180], false, 24]);
    expect(() => parsePictureArgs(['--travel', '0'])).toThrow(UserError);
    expect(() => parsePictureArgs(['--size', '1x1'])).toThrow(/--size must be/);
    expect(() => parsePictureArgs(['--out', 'x'])).toThrow(UserError);
  });

  it('takes the picture words from the command line: no command word, no --open or --follow', () => {
    expect(pictureWords(['studio', '--input', 'a.csv', '--open'])).toEqual(['--input', 'a.csv']);
    expect(pictureWords(['--seed', '3', 'studio', '--no-open'])).toEqual(['--seed', '3']);
    expect(pictureWords(['studio', '--follow', '--input', 'a.csv'])).toEqual(['--input', 'a.csv']);
    expect(pictureWords(['--title', 'studio', 'studio', '--callouts'])).toEqual([
      '--title',
      'studio',
      '--callouts',
    ]);
  });
});
