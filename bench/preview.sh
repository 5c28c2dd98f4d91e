#!/usr/bin/env bash
# How fast `hyoka serve` shows a one-file edit: starts the preview on a copy of
# the N-measure corpus, saves edits to one measure file and one project file,
# and reads the rebuild time the preview prints for each ("rebuilt in 23 ms
# after a change to …: 1 page re-rendered"). Results: docs/performance.md,
# "Preview rebuilds".
#
# usage: bench/preview.sh            (from anywhere; needs python3)
#   N=1000                the corpus size (made under BENCH_DIR like bench/run.sh does)
#   BENCH_DIR=/tmp/hyoka-bench
#   MEASURE=m00501        the measure edited; PROJECT, default the first project
#                         its mid items list, the project edited
#   RUNS=7                saves of each kind; the table gives min, median and max
#   PAUSE=3               seconds between saves, so that each starts from a quiet
#                         preview (the downloads and search index of the last save
#                         are made in the background after it)
#   HYOKA=<repo>/target/release/hyoka   the binary; built with `cargo build --release`
#                         unless HYOKA is given (CARGO_TARGET_DIR is honoured)
#
# Three kinds of save, each written as editors do (a new file renamed over the
# old one): a KPI result of the measure, the measure's name (which its
# neighbours, the top page, the site map and its projects' and departments'
# pages show), and a bullet of the project's achievements. For each it prints
# the printed time (from the watcher's report to the new pages being served
# and the reload sent) and the time from the save to the reload event reaching
# a connected page (adds the watcher's 20 ms wait for an editor's save to end).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
N=${N:-1000}
W=${BENCH_DIR:-/tmp/hyoka-bench}
RUNS=${RUNS:-7}
PAUSE=${PAUSE:-3}
MEASURE=${MEASURE:-m00501}

source "$HERE/hyoka_binary.sh"

C=$W/corpus/$N
S=$W/site/hyoka-$N
[[ -f $C/corpus.json ]] || python3 "$HERE/gen_corpus.py" "$N" "$C"
[[ -f $S/hyoka.yaml ]] || python3 "$HERE/to_hyoka.py" "$C" "$S"

WORK=$(mktemp -d "$W/preview.XXXXXX")
source "$HERE/preview_server.sh"
cp -r "$S" "$WORK/site"

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
start_preview "$WORK/site"
grep '^built in' "$WORK/server.log"

python3 - "$WORK/site" "$WORK/server.log" "$URL" "$MEASURE" "${PROJECT:-}" "$RUNS" "$PAUSE" <<'EOF'
import http.client, os, re, statistics, sys, time, urllib.parse
from pathlib import Path

site, log, url, measure_id, project_id, runs, pause = sys.argv[1:]
site, log, runs, pause = Path(site), Path(log), int(runs), float(pause)
measure = site / "content/measures" / f"{measure_id}.yaml"
if not project_id:
    project_id = re.search(r"projects:\n\s+- (\S+)", measure.read_text("utf-8")).group(1)
project = next((site / "content/projects").rglob(f"{project_id}.yaml"))

def toggle(old, new):
    """An edit that swaps `old` and `new` (first occurrence) on each save."""
    def edit(text):
        if old in text:
            return text.replace(old, new, 1)
        return text.replace(new, old, 1)
    return edit

text = measure.read_text("utf-8")
result = re.search(r"results:\n\s+\S+: ([0-9,.]+)", text).group(1)
name = re.search(r"^name: (.+)$", text, re.M).group(1)
bullet = re.search(r"achievements:\n\s+- (.+)", project.read_text("utf-8")).group(1)
edits = [
    ("a KPI result of the measure", measure, toggle(f": {result}", f": {result}1")),
    ("the measure's name", measure, toggle(f"name: {name}\n", f"name: {name}（改）\n")),
    ("a bullet of the project", project, toggle(bullet, bullet + "（追記）")),
]

events = http.client.HTTPConnection(urllib.parse.urlsplit(url).netloc)
events.request("GET", "/__hyoka/events", headers={"Accept": "text/event-stream"})
stream = events.getresponse()

def next_event():
    while True:
        line = stream.readline().decode()
        if line.startswith("data:"):
            return line[5:].strip()

next_event()  # the current generation, sent on connecting
printed_re = re.compile(r"^rebuilt in (\d+) ms after a change to (\S+): (.*)$")
seen_lines = 0

def next_rebuild(deadline):
    global seen_lines
    while time.monotonic() < deadline:
        lines = [l for l in log.read_text("utf-8").splitlines() if l.startswith("rebuilt in")]
        if len(lines) > seen_lines:
            seen_lines = len(lines)
            return printed_re.match(lines[-1])
        time.sleep(0.01)
    sys.exit(f"no rebuild printed; the log:\n{log.read_text('utf-8')}")

print(f"measure {measure.relative_to(site)}, project {project.relative_to(site)}, {runs} saves each")
print(f"{'save':<30} {'printed ms: min / median / max':>32} {'reload event ms: median':>24}  pages")
for label, path, edit in edits:
    printed, seen, pages = [], [], set()
    for _ in range(runs):
        new = edit(path.read_text("utf-8"))
        temporary = path.with_name(f".{path.name}.saving")
        temporary.write_text(new, "utf-8")
        started = time.monotonic()
        os.replace(temporary, path)
        next_event()
        seen.append((time.monotonic() - started) * 1000)
        match = next_rebuild(started + 30)
        printed.append(int(match.group(1)))
        pages.add(match.group(3))
        time.sleep(pause)
    print(f"{label:<30} {min(printed):>14} / {statistics.median(printed):>6} / {max(printed):>6} "
          f"{statistics.median(seen):>24.0f}  {', '.join(sorted(pages))}")
EOF
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
