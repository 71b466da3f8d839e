#!/usr/bin/env python3
"""ns-dedupe-speed.py: throughput and peak memory next to the baselines.

usage: ns-dedupe-speed.py BIN CORPUS.ndjson LINES OUTDIR

Runs, on CORPUS, `jq -c .`, `sort -u`, `BIN` (no state) and `BIN --state`
(a new state file), each three times (best wall time, peak RSS of the
run), and prints documents/s, MB/s, CPU seconds and peak RSS with the
ratios of speed to jq and to sort: by wall time, and for jq also by CPU
time, the steadier figure on a shared machine.  Then the memory per record: BIN on N and 4N records made
of distinct lines of the *.txt files in the folder LINES (one line a
record), without and with --state; the
slope of peak RSS over records is the bytes per record.
"""
import json
import os
import subprocess
import sys
import time


def hwm(p):
    """Peak RSS (KiB) of the running child p, polled from /proc until it
    exits (ru_maxrss would count the Python process it was forked from)."""
    peak, path = 0, "/proc/%d/status" % p.pid
    while True:
        try:
            with open(path) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
        except OSError:
            pass
        if os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOHANG |
                     os.WNOWAIT) is not None:
            return peak
        time.sleep(0.002)


def run(cmd, stdin_path, repeat=3, stdout=subprocess.DEVNULL):
    best = None
    for _ in range(repeat):
        state = [a for a in cmd if a.endswith(".db")]
        for s in state:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(s + suffix):
                    os.remove(s + suffix)
        t0 = time.monotonic()
        with open(stdin_path, "rb") as f:
            p = subprocess.Popen(cmd, stdin=f, stdout=stdout)
            rss = hwm(p)
            _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
        if status != 0:
            sys.exit("ns-dedupe-speed: %s failed (%d)" % (cmd[0], status))
        cpu = ru.ru_utime + ru.ru_stime
        if best is None or wall < best[0]:
            best = (wall, cpu, rss)
    return best


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__.split("\n\n")[1])
    binary, corpus, lines, out = sys.argv[1:]
    docs = sum(1 for _ in open(corpus, "rb"))
    mb = os.path.getsize(corpus) / 1e6
    state = os.path.join(out, "dedupe-speed.db")
    cmds = [
        ("jq -c .", ["jq", "-c", "."]),
        ("sort -u", ["sort", "-u"]),
        ("ns-dedupe", [binary]),
        ("ns-dedupe --state", [binary, "--state", state]),
    ]
    res = {}
    print("speed on %s: %d documents, %.1f MB (best of 3)" %
          (os.path.basename(corpus), docs, mb))
    print("  %-18s %9s %8s %7s %9s %9s %9s %9s" % (
        "command", "docs/s", "MB/s", "CPU s", "RSS MiB", "speed/jq",
        "CPU/jq", "speed/sort"))
    for name, cmd in cmds:
        res[name] = run(cmd, corpus)
    for name, _ in cmds:
        wall, cpu, rss = res[name]
        print("  %-18s %9.0f %8.1f %7.2f %9.1f %9.2f %9.2f %9.2f" % (
            name, docs / wall, mb / wall, cpu, rss / 1024,
            res["jq -c ."][0] / wall, res["jq -c ."][1] / cpu,
            res["sort -u"][0] / wall))

    # Memory per record: distinct one-line records, N and 4N of them.
    seen, recs = set(), []
    for name in sorted(os.listdir(lines)):
        if not name.endswith(".txt"):
            continue
        for line in open(os.path.join(lines, name), encoding="utf-8"):
            line = line.strip()
            if len(line.split()) >= 3 and line not in seen:
                seen.add(line)
                recs.append(line)
    n = min(len(recs) // 4, 100000)
    print("memory per record: %d and %d distinct records (lines of %s/*.txt)" %
          (n, 4 * n, lines))
    sizes = {}
    for k in (n, 4 * n):
        path = os.path.join(out, "dedupe-mem-%d.ndjson" % k)
        with open(path, "w", encoding="utf-8") as f:
            for i, t in enumerate(recs[:k]):
                f.write(json.dumps({"id": "m%d" % i, "text": t},
                                   ensure_ascii=False) + "\n")
        sizes[k] = path
    for label, extra in (("no state", []), ("--state", ["--state", state])):
        r1 = run([binary] + extra, sizes[n], 1)[2] * 1024
        r4 = run([binary] + extra, sizes[4 * n], 1)[2] * 1024
        print("  %-9s peak RSS %.1f MiB at %d, %.1f MiB at %d: "
              "%.0f bytes per record" % (label, r1 / 2**20, n, r4 / 2**20,
                                        4 * n, (r4 - r1) / (3 * n)))


main()
