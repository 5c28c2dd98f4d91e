#!/usr/bin/env python3
"""Portable whole-process timer (fallback when no other TIMER is given).

usage: timeit.py [-n RUNS] [--warmup W] [--timeout S] -- COMMAND [ARG ...] [--- COMMAND2 [ARG ...] ...]

Runs COMMAND W times untimed, then RUNS times; per run takes monotonic wall
time and the child's own rusage (wait4: user, sys, max RSS). Prints min /
median / max rows in the form
    A wall s     <min> <median> <max>
    A peak MiB   <min> <median> <max>
which run_peers.sh and bench/run.sh parse. Output of COMMAND is discarded.

Several commands separated by `---` are timed in turns (A, B, A, B, ...;
warm-ups first), so that load from other processes on a shared machine hits
them alike; their rows are labelled A, B, C, ...
(hyoka: this copy of the team's peer-benchmark timer adds `---`.)
"""
import os
import statistics
import subprocess
import sys
import time


def main():
    a = sys.argv[1:]
    runs, warm, timeout = 5, 1, 3600.0
    while a and a[0] != "--":
        if a[0] == "-n":
            runs = int(a[1]); a = a[2:]
        elif a[0] == "--warmup":
            warm = int(a[1]); a = a[2:]
        elif a[0] == "--timeout":
            timeout = float(a[1]); a = a[2:]
        else:
            sys.exit(__doc__)
    cmds = [[]]
    for arg in a[1:]:
        if arg == "---":
            cmds.append([])
        else:
            cmds[-1].append(arg)
    if not all(cmds):
        sys.exit(__doc__)
    t_end = time.monotonic() + timeout
    rows = [{"wall s": [], "user s": [], "sys s": [], "cpu s": [], "peak MiB": []} for _ in cmds]
    codes = [[] for _ in cmds]
    for i in range(warm + runs):
        for k, cmd in enumerate(cmds):
            if time.monotonic() > t_end:
                break
            t0 = time.monotonic()
            p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, ru = os.wait4(p.pid, 0)
            t1 = time.monotonic()
            if i < warm:
                continue
            codes[k].append(os.waitstatus_to_exitcode(status))
            rows[k]["wall s"].append(t1 - t0)
            rows[k]["user s"].append(ru.ru_utime)
            rows[k]["sys s"].append(ru.ru_stime)
            rows[k]["cpu s"].append(ru.ru_utime + ru.ru_stime)
            rows[k]["peak MiB"].append(ru.ru_maxrss / 1024.0)
    for k, cmd in enumerate(cmds):
        label = chr(ord("A") + k)
        print(f"{label} = {' '.join(cmd)}")
        print(f"{label} exit codes: {codes[k]}")
        print(f"{'':18}{'min':>10}{'median':>12}{'max':>12}   n: {label} {len(codes[k])}; whole process")
        for key, v in rows[k].items():
            if v:
                print(f"{label} {key:16}{min(v):10.3f}{statistics.median(v):12.3f}{max(v):12.3f}")


if __name__ == "__main__":
    main()
