/** src/cli/input-options.ts (kept here because test/cli/ belongs to the CLI's owner): flags → InputOptions. */
import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import {
  inputOptions,
  inputOptionsFromArgv,
  parseDuration,
  seedOption,
  type InputArgv,
} from '../../src/cli/input-options.js';

async function parse(args: string[]) {
  const argv = await yargs(args)
    .options({ ...inputOptions, ...seedOption })
    .strict()
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    })
    .parseAsync();
  return inputOptionsFromArgv(argv as unknown as InputArgv);
}

describe('input options', () => {
  it('turn flags into InputOptions', async () => {
    const o = await parse([
      '--input',
      'x.csv',
      '--columns',
      'time=When,src=Who',
      '--time-format',
      'M/D/YY H:MM',
      '--from',
      '2013-03-03',
      '--to',
      '2013-03-04T12:00Z',
      '--bin',
      '30s',
      '--country',
      'cn,US',
      '--country',
      'zz',
      '--proto',
      'tcp,icmp',
      '--port',
      '22,1000-2000',
      '--host',
      'a,b',
      '--strict',
      '--rejects',
      'r.csv',
      '--geoip-db',
      'g.mmdb',
    ]);
    expect(o).toEqual({
      inputs: ['x.csv'],
      formatIn: 'auto',
      suricata: 'flows',
      tz: 'UTC',
      seed: 42,
      columns: { time: 'When', src: 'Who' },
      timeFormat: 'mdy-hm',
      geoipDb: 'g.mmdb',
      rejects: 'r.csv',
      strict: true,
      binSeconds: 30,
      selection: {
        from: Date.UTC(2013, 2, 3) / 1000,
        to: Date.UTC(2013, 2, 4, 12) / 1000,
        countries: ['CN', 'US', 'ZZ'],
        protos: ['tcp', 'icmp'],
        ports: [
          [22, 22],
          [1000, 2000],
        ],
        hosts: ['a', 'b'],
      },
    });
    expect((await parse([])).binSeconds).toBe(300);
    expect((await parse(['--time-window', '1970-2038'])).timeWindow).toMatchObject({
      from: 0,
      to: Date.UTC(2039, 0, 1) / 1000,
    });
  });

  it('name the flag in every error', async () => {
    await expect(parse(['--bin', '5x'])).rejects.toThrow(/--bin must be a duration/);
    await expect(parse(['--from', 'March'])).rejects.toThrow(/--from must be a UTC date/);
    await expect(parse(['--from', '2013-03-04', '--to', '2013-03-03'])).rejects.toThrow(
      /--to must be after --from/,
    );
    await expect(parse(['--proto', 'gre'])).rejects.toThrow(/--proto takes tcp, udp or icmp/);
    await expect(parse(['--port', '70000'])).rejects.toThrow(/--port takes ports/);
    await expect(parse(['--country', 'China'])).rejects.toThrow(
      /--country takes ISO 3166-1 two-letter codes/,
    );
    await expect(parse(['--country', 'CN,XX'])).rejects.toThrow(/got "XX"/);
    await expect(parse(['--time-format', 'unix'])).rejects.toThrow(/--time-format must be one of/);
    await expect(parse(['--columns', 'when=x'])).rejects.toThrow(/--columns: unknown field "when"/);
    await expect(parse(['--seed', '-1'])).rejects.toThrow(/--seed must be/);
    await expect(parse(['--time-window', '2100-1990'])).rejects.toThrow(/--time-window must be two years/);
    expect(parseDuration('bin', '1h')).toBe(3600);
    expect(parseDuration('bin', '1.5m')).toBe(90);
  });
});
