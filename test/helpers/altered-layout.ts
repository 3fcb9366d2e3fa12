/**
 * A small CSV laid out like third-party copies of honeypot data (`srcip`, `srcport`, `destport`, US
 * dates, `cc`/`country`), written to a temp folder at test time. The rows are invented (documentation
 * addresses, made-up hosts): no row of the real data set is kept in the repository. Lines 11 and 12
 * are bad on purpose (hour 25; a TCP row without a destination port).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROWS = `datetime,host,srcip,proto,type,srcport,destport,cc,country
7/24/13 7:46,sensor-tokyo,198.51.100.7,UDP,,6112,2193,IR,Iran
7/24/13 7:46,sensor-tokyo,198.51.100.7,UDP,,6112,2193,IR,Iran
7/24/13 7:47,sensor-tokyo,198.51.100.7,UDP,,6113,2193,IR,Iran
7/22/13 6:50,sensor-east,203.0.113.60,TCP,,47213,1032,VN,Vietnam
7/22/13 6:57,sensor-west,203.0.113.60,TCP,,47213,1032,VN,Vietnam
7/22/13 6:59,sensor-north,203.0.113.60,TCP,,47213,1032,VN,Vietnam
7/23/13 14:05,sensor-oregon,192.0.2.18,TCP,,6000,1433,CN,China
7/23/13 14:06,sensor-asia,192.0.2.58,UDP,,5270,5060,FR,France
7/23/13 14:07,sensor-south,192.0.2.106,ICMP,8,,,TW,Taiwan
7/23/13 25:07,sensor-south,192.0.2.106,TCP,,2489,1080,TW,Taiwan
7/23/13 14:08,sensor-eu,192.0.2.28,TCP,,43235,,US,United States
`;

/** Writes the altered-layout CSV and returns its path. */
export function alteredLayoutCsv(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'portglow-altered-')), 'altered-layout.csv');
  writeFileSync(path, ROWS);
  return path;
}
