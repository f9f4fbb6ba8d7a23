#!/usr/bin/env bash
# Times rapport against wc -l, R psych and pandas + pingouin on simulated WAI-SR files
# (12 items, 1–5, 3% missing) of 1M and 10M rows, in one run, and writes the table of wall
# time, peak memory (maximum resident set size, as /usr/bin/time -v reports it) and ratios
# into Benchmarks/README.md between the markers <!-- peers:begin --> and <!-- peers:end -->.
#
# Usage: Benchmarks/peers/run-peers.sh [--skip-slow] [--only-1m] [--no-install]
#   --skip-slow   leave out psych::alpha and psych::scoreItems on 10M rows (~3 min, ~14 GB each)
#   --only-1m     the 1M-row file only
#   --no-install  do not apt-get/pip install missing R packages or pingouin
#   --no-build    use the existing .build/release/rapport
# Files go to Benchmarks/peers/out/ (git-ignored; ~300 MB for 10M rows).
set -euo pipefail

skip_slow=0 only_1m=0 install=1 build=1
for arg in "$@"; do
  case "$arg" in
    --skip-slow) skip_slow=1 ;;
    --only-1m) only_1m=1 ;;
    --no-install) install=0 ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "run-peers.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$here/out"
mkdir -p "$out"

# --- tools ---------------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
  [ "$install" = 1 ] && apt-get install -y time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
fi
have_r=1
if ! Rscript -e 'suppressMessages({library(data.table); library(psych)})' >/dev/null 2>&1; then
  if [ "$install" = 1 ]; then
    (apt-get update >/dev/null && apt-get install -y r-base-core r-cran-psych r-cran-data.table >/dev/null) || true
  fi
  Rscript -e 'suppressMessages({library(data.table); library(psych)})' >/dev/null 2>&1 || have_r=0
fi
have_py=1
if ! python3 -c 'import pandas, pingouin' >/dev/null 2>&1; then
  if [ "$install" = 1 ]; then
    python3 -m pip install --quiet pandas pingouin >/dev/null 2>&1 \
      || python3 -m pip install --quiet --break-system-packages pandas pingouin >/dev/null 2>&1 || true
  fi
  python3 -c 'import pandas, pingouin' >/dev/null 2>&1 || have_py=0
fi
[ "$have_r" = 1 ] || echo "run-peers.sh: R with psych and data.table not available; skipping the R peers" >&2
[ "$have_py" = 1 ] || echo "run-peers.sh: pandas + pingouin not available; skipping them" >&2

if [ "$build" = 1 ]; then
  echo "building rapport (release)…" >&2
  (cd "$root" && swift build -c release >/dev/null)
fi
rapport="$root/.build/release/rapport"

# --- measurements --------------------------------------------------------------------------
results="$out/results.tsv"
printf 'rows\tlabel\twall_s\tpeak_kb\tbytes\tstatus\n' > "$results"
: > "$out/identical.tsv"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# measure ROWS LABEL FILE CMD...: one run under /usr/bin/time -v; stdout and stderr kept in out/.
measure() {
  local rows=$1 label=$2 file=$3; shift 3
  local tag; tag=$(echo "$rows-$label" | tr -c 'A-Za-z0-9_.-' '_')
  echo "  $rows rows: $label" >&2
  local status=0 t0 t1
  # Wall time from the shell's nanosecond clock (time -v rounds to 10 ms, too coarse for
  # wc -l); peak memory from time -v.
  t0=$(date +%s%N)
  /usr/bin/time -v -o "$out/$tag.time" "$@" >"$out/$tag.out" 2>"$out/$tag.err" || status=$?
  t1=$(date +%s%N)
  local wall peak
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
  peak=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/$tag.time")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$rows" "$label" "$wall" "$peak" "$(stat -c %s "$file")" "$status" >> "$results"
}

sizes=(1000000)
[ "$only_1m" = 1 ] || sizes+=(10000000)
for n in "${sizes[@]}"; do
  file="$out/wai-sr-$n.csv"
  if [ ! -s "$file" ]; then
    echo "simulating $n rows…" >&2
    "$rapport" simulate --instrument wai-sr --rows "$n" --seed 20261126 --missing 0.03 -o "$file"
  fi
  cat "$file" > /dev/null   # every tool starts from a warm page cache
  measure "$n" "wc -l" "$file" wc -l "$file"
  measure "$n" "rapport reliability" "$file" "$rapport" reliability --instrument wai-sr --quiet -o "$out/rel-$n.txt" "$file"
  measure "$n" "rapport score" "$file" "$rapport" score --instrument wai-sr --quiet -o /dev/null "$file"
  measure "$n" "rapport reliability --threads 1" "$file" "$rapport" reliability --instrument wai-sr --quiet --threads 1 -o "$out/rel-$n-t1.txt" "$file"
  measure "$n" "rapport reliability --threads 2" "$file" "$rapport" reliability --instrument wai-sr --quiet --threads 2 -o "$out/rel-$n-t2.txt" "$file"
  # Determinism: the same report bytes at any thread count (the provenance line carries no
  # thread count), recorded beside the timings.
  same=no
  cmp -s "$out/rel-$n.txt" "$out/rel-$n-t1.txt" && cmp -s "$out/rel-$n.txt" "$out/rel-$n-t2.txt" && same=yes
  printf '%s\t%s\n' "$n" "$same" >> "$out/identical.tsv"
  if [ "$have_py" = 1 ]; then
    measure "$n" "pandas + pingouin.cronbach_alpha" "$file" python3 "$here/pingouin_alpha.py" "$file"
  fi
  if [ "$have_r" = 1 ]; then
    if [ "$n" -le 1000000 ] || [ "$skip_slow" = 0 ]; then
      measure "$n" "R fread + psych::scoreItems" "$file" Rscript "$here/psych_scoreitems.R" "$file"
      measure "$n" "R fread + psych::alpha" "$file" Rscript "$here/psych_alpha.R" "$file"
    fi
  fi
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the table -----------------------------------------------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)
python3 "$here/render.py" "$results" "$root/Benchmarks/README.md" --identical "$out/identical.tsv" \
  --machine "$(nproc) cores, $cpu, $mem RAM" \
  --date "$(date -u '+%Y-%m-%d %H:%M UTC')" \
  --load "load average $load_before before, $load_after after" \
  --version "$("$rapport" --version)" \
  --command "Benchmarks/peers/run-peers.sh $*"
echo "table written to Benchmarks/README.md" >&2
