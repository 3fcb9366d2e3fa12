"""CPU by thread while a bench runs: every second, each node or ffmpeg process's threads grouped by
name, as a share of one core, for groups over 3%. Used by scripts/gpu-machine-run.sh, where no perf
is. Usage: python3 scripts/cpu-by-thread.py OUTFILE (runs until killed)."""
import os
import sys
import time


def snap():
    d = {}
    for p in os.listdir('/proc'):
        if not p.isdigit():
            continue
        try:
            exe = open(f'/proc/{p}/cmdline', 'rb').read().split(b'\0')[0].decode(errors='replace')
            kind = os.path.basename(exe)
            if kind not in ('node', 'ffmpeg'):
                continue
            for t in os.listdir(f'/proc/{p}/task'):
                s = open(f'/proc/{p}/task/{t}/stat').read()
                comm = s[s.index('(') + 1:s.rindex(')')]
                f = s[s.rindex(')') + 2:].split()
                d[(p, t)] = (f'{kind}[{p}] {"main" if t == p else comm}', int(f[11]) + int(f[12]))
        except OSError:
            pass
    return d


tick = os.sysconf('SC_CLK_TCK')
with open(sys.argv[1], 'w', buffering=1) as out:
    a = snap()
    while True:
        time.sleep(1)
        b = snap()
        groups = {}
        for k, (name, v) in b.items():
            groups[name] = groups.get(name, 0) + v - (a[k][1] if k in a else 0)
        a = b
        line = ', '.join(f'{n} {100 * v / tick:.0f}%' for n, v in sorted(groups.items(), key=lambda x: -x[1])
                         if 100 * v / tick > 3)
        out.write(f'{time.strftime("%H:%M:%S", time.gmtime())} {line}\n')
