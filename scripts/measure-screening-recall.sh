#!/bin/sh
# Measures the careless-responding screen on every built-in, as docs/screening.md reports it:
# simulate 10,000 rows with 10% planted careless rows (5% straight-liners, 5% uniform random
# responders; seed 11, 2% missing cells), screen them with the defaults (plus any options given
# to this script, e.g. --mahalanobis-p 0.05), and score the flags against the side file.
#
#   scripts/measure-screening-recall.sh [screen options…]        (from the repository root)
#
# Uses `rapport` from PATH (or RAPPORT=path). Prints one Markdown table row per instrument:
# | instrument | items | straight-line recall | random recall | false positives |
set -eu
rapport=${RAPPORT:-rapport}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for id in wai-sr wai-s srs ors haq-ii care jspppe wfpts-10 wfpts-5 tps ebpas; do
  "$rapport" simulate --instrument "$id" --rows 10000 --seed 11 --missing 0.02 --careless 0.1 \
    -o "$tmp/$id.csv" 2>/dev/null
  "$rapport" screen "$tmp/$id.csv" --instrument "$id" --id id "$@" -o "$tmp/$id.screen.csv" 2>/dev/null
  items=$(head -1 "$tmp/$id.csv" | awk -F, '{print NF - 1}')
  abbr=$("$rapport" instruments list | awk -v id="$id" '$1 == id {print $2}')
  # Side file: row,line,kind (row = 1-based data row). Screen output: one line per data row,
  # flags in the last column.
  awk -F, -v abbr="$abbr" -v items="$items" '
    FNR == 1 { next }
    NR == FNR { kind[$1] = $3; next }
    { row = FNR - 1; flagged = ($NF != "")
      if (row in kind) { n[kind[row]]++; hit[kind[row]] += flagged } else { n["clean"]++; hit["clean"] += flagged } }
    END { printf "| %s | %d | %.3f | %.3f | %.1f%% |\n", abbr, items,
            hit["straight-line"] / n["straight-line"], hit["random"] / n["random"], 100 * hit["clean"] / n["clean"] }
  ' "$tmp/$id.careless.csv" "$tmp/$id.screen.csv"
done
