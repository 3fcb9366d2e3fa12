import { describe, expect, it } from 'vitest';
import { editDistance, explainUnknown, nearest } from '../../src/cli/unknown-words.js';

const COMMANDS = ['stats', 'events', 'concat'];
const FLAGS = ['seed', 'input', 'progress', 'out', 'frames'];

describe('unknown words', () => {
  it('measures edit distance', () => {
    expect(editDistance('sed', 'seed')).toBe(1);
    expect(editDistance('inptu', 'input')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('studio', 'stats')).toBe(4);
  });

  it('suggests only near names', () => {
    expect(nearest('stat', COMMANDS)).toBe('stats');
    expect(nearest('evnts', COMMANDS)).toBe('events');
    expect(nearest('studio', COMMANDS)).toBeUndefined();
    expect(nearest('verify', COMMANDS)).toBeUndefined();
    expect(nearest('x', FLAGS)).toBeUndefined();
    expect(nearest('prog', FLAGS)).toBe('progress');
  });

  it('explains stray words and unknown flags with "did you mean"', () => {
    expect(explainUnknown('Unknown arguments: verify, out', ['verify', 'out'], COMMANDS, FLAGS)).toBe(
      'Unknown arguments: verify, out. Neither a command (the commands are stats, events, concat) nor a ' +
        'value the command takes: "verify", "out". See gen-frames --help.',
    );
    expect(explainUnknown('Unknown argument: stat', ['stat'], COMMANDS, FLAGS)).toContain(
      '"stat" (did you mean "stats"?)',
    );
    expect(explainUnknown('Unknown argument: sed', ['--sed', '4'], COMMANDS, FLAGS)).toBe(
      'Unknown argument: sed. Not an option here: --sed (did you mean --seed?). See gen-frames --help.',
    );
    expect(
      explainUnknown('Unknown arguments: such-flag, suchFlag', ['--no-such-flag'], COMMANDS, FLAGS),
    ).toBe('Unknown argument: such-flag. Not an option here: --such-flag. See gen-frames --help.');
  });

  it('leaves other failures alone', () => {
    expect(explainUnknown('Not enough non-option arguments', [], COMMANDS, FLAGS)).toBe(
      'Not enough non-option arguments',
    );
  });
});
