/**
 * Writes the bad-input corpus fixtures/bad/ (small files, committed; the expected outcome of each is in
 * fixtures/bad/README.md and test/ingest/bad-fixtures.test.ts). Deterministic: running it again writes
 * the same bytes. The huge line is not committed: tests build it in a temp dir with hugeLine().
 *
 *   npx vite-node scripts/make-bad-fixtures.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const MARX = 'datetime,host,src,proto,type,spt,dpt';
const MARX_CC = `${MARX},srcstr,cc,country`;
const GOOD = [
  '2013-03-03 21:53:59,groucho-oregon,1032051418,TCP,,6000,1433',
  '2013-03-03 21:57:01,groucho-oregon,1347834426,UDP,,5270,5060',
  '2013-03-03 23:01:45,groucho-eu,2148114514,ICMP,8,,',
];

const lines = (...ls: string[]) => ls.join('\n') + '\n';

/** Deterministic bytes with NULs and no structure (a xorshift stream). */
function garbage(n: number): Buffer {
  const b = Buffer.alloc(n);
  let x = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 255;
  }
  return b;
}

/**
 * A marx file whose third line is `bytes` of commas (each one a field: csv-parse would hold millions
 * of fields) between good rows.
 */
export function hugeLine(bytes = 10 * 1024 * 1024): Buffer {
  const head = Buffer.from(lines(MARX, GOOD[0]));
  const tail = Buffer.from(`\n${lines(GOOD[1])}`);
  return Buffer.concat([head, Buffer.alloc(bytes, ','), tail]);
}

export function badFixtures(): Record<string, Buffer> {
  const whole = Buffer.from(lines(MARX, ...GOOD, ...GOOD, ...GOOD));
  const gz = gzipSync(whole, { level: 9 });
  return {
    'wrong-header.csv': Buffer.from(lines('when,who,what,where', '2013-03-03 21:53:59,x,y,z')),
    'short-rows.csv': Buffer.from(
      lines(MARX, GOOD[0], '2013-03-03 21:53:59,groucho-oregon,1032051418,TCP,,6000', GOOD[1], '2013-03-03'),
    ),
    'long-rows.csv': Buffer.from(
      lines(
        MARX,
        GOOD[0],
        '2013-03-03 21:53:59,groucho-oregon,1032051418,TCP,,6000,1433,extra,more',
        GOOD[2],
      ),
    ),
    'bad-dates.csv': Buffer.from(
      lines(
        MARX,
        GOOD[0],
        '2013-02-30 10:00:00,groucho-eu,1032051418,TCP,,6000,22',
        '2013-13-01 10:00:00,groucho-eu,1032051418,TCP,,6000,22',
        'yesterday,groucho-eu,1032051418,TCP,,6000,22',
        ',groucho-eu,1032051418,TCP,,6000,22',
        '2013-03-03 24:00:00,groucho-eu,1032051418,TCP,,6000,22',
      ),
    ),
    'bad-ports.csv': Buffer.from(
      lines(
        MARX,
        GOOD[0],
        '2013-03-03 21:53:59,groucho-eu,1032051418,TCP,,6000,70000',
        '2013-03-03 21:53:59,groucho-eu,1032051418,UDP,,6000,-1',
        '2013-03-03 21:53:59,groucho-eu,1032051418,TCP,,6000,http',
        '2013-03-03 21:53:59,groucho-eu,1032051418,TCP,,6000,',
        '2013-03-03 21:53:59,groucho-eu,1032051418,GRE,,,',
        '2013-03-03 21:53:59,groucho-eu,1032051418,ICMP,300,,',
        '2013-03-03 21:53:59,groucho-eu,1032051418,TCP,,6000,65535',
        '2013-03-03 21:53:59,groucho-eu,1032051418,TCP,,6000,0',
      ),
    ),
    'ipv6.csv': Buffer.from(
      lines(
        'timestamp,source_ip,protocol,dst_port,sensor',
        '2013-03-03T21:53:59Z,2001:db8::1,tcp,22,h1',
        '2013-03-03T21:54:00Z,2a00:1450:4001:81b::200e,udp,53,h1',
        '2013-03-03T21:54:01Z,::ffff:61.131.218.218,tcp,1433,h2',
        '2013-03-03T21:54:02Z,2001:db8::zz,tcp,22,h1',
        '2013-03-03T21:54:03Z,999.1.1.1,tcp,22,h1',
        '2013-03-03T21:54:04Z,61.131.218.218,tcp,22,h1',
      ),
    ),
    'empty.csv': Buffer.alloc(0),
    'header-only.csv': Buffer.from(lines(MARX)),
    'truncated.csv.gz': gz.subarray(0, Math.floor(gz.length / 2)),
    'gzip-without-extension.csv': gz,
    'garbage.bin': garbage(4096),
    'crlf.csv': Buffer.from(
      [MARX, ...GOOD, '2013-03-03 21:53:59,groucho-eu,1032051418,TCP,,6000,70000'].join('\r\n') + '\r\n',
    ),
    'bom.csv': Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(lines(MARX_CC, `${GOOD[0]},61.131.218.218,CN,China`, `${GOOD[1]},80.86.82.58,FR,France`)),
    ]),
    'quoted-commas.csv': Buffer.from(
      lines(
        MARX_CC,
        `${GOOD[0]},61.131.218.218,KR,"Korea, Republic of"`,
        `"2013-03-03 21:57:01","groucho-oregon","1347834426","UDP","","5270","5060",80.86.82.58,FR,"France"`,
        `${GOOD[0]},61.131.218.218,KR,"A name ""quoted"" and`,
        `split over two lines"`,
        `${GOOD[1]},80.86.82.58,FR,France`,
        `${GOOD[1]},80.86.82.58,FR,"never closed`,
        `${GOOD[1]},80.86.82.58,FR,France`,
      ),
    ),
    'blank-lines.csv': Buffer.from(lines(MARX, GOOD[0], '', GOOD[1], '', '', GOOD[2])),
    'time-window.csv': Buffer.from(
      lines(
        MARX,
        GOOD[0],
        '1970-01-01 00:00:00,groucho-eu,1032051418,TCP,,6000,22',
        '9999-12-31 23:59:59,groucho-eu,1032051418,TCP,,6000,22',
        '2101-01-01 00:00:00,groucho-eu,1032051418,TCP,,6000,22',
        GOOD[1],
      ),
    ),
    'bad-countries.csv': Buffer.from(
      lines(
        MARX_CC,
        `${GOOD[0]},61.131.218.218,CN,China`,
        `${GOOD[0]},61.131.218.218,XX,Unknown`,
        `${GOOD[0]},61.131.218.218,QQ,`,
        `${GOOD[0]},61.131.218.218,kr,Korea`,
        `${GOOD[0]},61.131.218.218,XK,Kosovo`,
        `${GOOD[0]},61.131.218.218,,`,
        `${GOOD[0]},61.131.218.218,EU,Europe`,
      ),
    ),
    // A NUL byte past the first 8 KiB (where the binary check looks), a tab and a C1 control in hosts.
    'control-chars.csv': Buffer.from(
      lines(
        MARX,
        ...Array.from({ length: 140 }, () => GOOD[0]),
        '2013-03-03 21:53:59,groucho\u0000oregon,1032051418,TCP,,6000,1433',
        '2013-03-03 21:53:59,groucho\toregon,1032051418,TCP,,6000,1433',
        '2013-03-03 21:53:59,groucho\u0085oregon,1032051418,TCP,,6000,1433',
        GOOD[1],
      ),
    ),
    'unclosed-header.csv': Buffer.from(lines(`"${MARX}`, GOOD[0])),
  };
}

// Run as a script (not when a test imports it for badFixtures()).
if (process.env.VITEST === undefined) {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'bad');
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(badFixtures())) writeFileSync(join(dir, name), bytes);
  console.log(`wrote ${Object.keys(badFixtures()).length} files to ${dir}`);
}
