import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** A process as /proc shows it: id, process group, command line. */
export interface ProcInfo {
  pid: number;
  pgid: number;
  cmdline: string;
}

/** Every process this test may read, from /proc (Linux). */
export function processes(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue; // a zombie runs nothing
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      out.push({ pid: Number(name), pgid: Number(fields[2]), cmdline });
    } catch {
      // it exited while we looked
    }
  }
  return out;
}

/** Chromium's processes of one browser: its process group, and anything naming its profile folder. */
export function chromiumOf(pgid: number, profile: string): ProcInfo[] {
  return processes().filter((p) => p.pgid === pgid || p.cmdline.includes(profile));
}

/** Inodes of the TCP sockets (IPv4 and IPv6) that are listening. */
function listeningInodes(): Set<string> {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && f[3] === '0A') inodes.add(f[9]); // 0A = LISTEN
    }
  }
  return inodes;
}

/** The listening TCP sockets held by these processes, as "pid:inode". */
export function listeningSockets(pids: number[]): string[] {
  const listening = listeningInodes();
  const found: string[] = [];
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && listening.has(m[1])) found.push(`${pid}:${m[1]}`);
      } catch {
        // closed meanwhile
      }
    }
  }
  return found;
}
