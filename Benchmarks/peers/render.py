"""Renders run-peers.sh results (results.tsv) as Markdown into Benchmarks/README.md.

The table goes between the markers <!-- peers:begin --> and <!-- peers:end -->; the rest of
the README is left as it is. Targets are from issue 14 and are judged on the largest file.
"""
import argparse
import csv
import re

p = argparse.ArgumentParser()
p.add_argument("results")
p.add_argument("readme")
p.add_argument("--machine", required=True)
p.add_argument("--date", required=True)
p.add_argument("--load", required=True)
p.add_argument("--version", required=True)
p.add_argument("--command", required=True)
p.add_argument("--identical", help="rows<TAB>yes|no per file: report bytes equal across --threads")
a = p.parse_args()

rows = list(csv.DictReader(open(a.results), delimiter="\t"))
by = {}
for r in rows:
    by.setdefault(int(r["rows"]), {})[r["label"]] = r


def wall(n, label):
    r = by.get(n, {}).get(label)
    return float(r["wall_s"]) if r and r["status"] == "0" else None


def peak_mb(n, label):
    r = by.get(n, {}).get(label)
    return int(r["peak_kb"]) / 1024 if r and r["status"] == "0" else None


def fmt(x, spec):
    return "—" if x is None else format(x, spec)


out = [f"Measured {a.date} on {a.machine}; {a.load}. rapport {a.version}, release build. "
       f"Command: `{a.command.strip()}`. Each tool ran once on a warm page cache; "
       "wall time and peak memory (maximum resident set size) from `/usr/bin/time -v`.", ""]
for n in sorted(by):
    size = int(next(iter(by[n].values()))["bytes"])
    out.append(f"**{n:,} rows × 12 items** ({size / 1e6:.1f} MB)")
    out.append("")
    out.append("| tool | wall (s) | peak memory (MB) | MB/s | × `wc -l` | × `rapport reliability` |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    wc = wall(n, "wc -l")
    rel = wall(n, "rapport reliability")
    for label, r in by[n].items():
        w = wall(n, label)
        if w is None:
            out.append(f"| {label} | failed (exit {r['status']}) | | | | |")
            continue
        mbps = size / 1e6 / w if w > 0 else None
        out.append(f"| {label} | {w:.2f} | {peak_mb(n, label):.0f} | {fmt(mbps, '.0f')} | "
                   f"{fmt(w / wc if wc else None, '.1f')} | {fmt(w / rel if rel else None, '.2f')} |")
    out.append("")

# Targets (issue 14), on the largest file measured; a peer left out there (--skip-slow) is
# compared on the largest file where it ran, and the row says which.
sizes = sorted(by, reverse=True)


def pair(num_label, den_label):
    """(num / den, rows) on the largest file where both ran."""
    for n in sizes:
        x, y = wall(n, num_label), wall(n, den_label)
        if x and y:
            return x / y, n
    return None, None


def size_of(n):
    return int(next(iter(by[n].values()))["bytes"])


n = sizes[0]
sc = wall(n, "rapport score")
peak = max([x for x in (peak_mb(n, "rapport reliability"), peak_mb(n, "rapport score")) if x is not None], default=None)
targets = [
    ("reliability ≤ 10× `wc -l`", pair("rapport reliability", "wc -l"), lambda v: v <= 10, ".1f", "×"),
    ("reliability ≥ 20× faster than pandas + pingouin", pair("pandas + pingouin.cronbach_alpha", "rapport reliability"),
     lambda v: v >= 20, ".1f", "×"),
    ("reliability ≥ 300× faster than psych::alpha", pair("R fread + psych::alpha", "rapport reliability"),
     lambda v: v >= 300, ".0f", "×"),
    ("score ≥ 300 MB/s", ((size_of(n) / 1e6 / sc) if sc else None, n), lambda v: v >= 300, ".0f", " MB/s"),
    ("peak memory of reliability and score ≤ 150 MB", (peak, n), lambda v: v <= 150, ".0f", " MB"),
    ("reliability 1 → 2 threads ≥ 1.8×", pair("rapport reliability --threads 1", "rapport reliability --threads 2"),
     lambda v: v >= 1.8, ".2f", "×"),
]
# Scaling 1M → 10M: wall time should grow with the rows (ratio ≈ 10) and memory stay flat.
if len(sizes) >= 2:
    small, large = sizes[-1], sizes[0]
    out.append(f"**Scaling** {small:,} → {large:,} rows ({large // small}× the rows): time should grow linearly, memory stay flat.")
    out.append("")
    out.append("| tool | wall ratio | peak memory (MB) | memory ratio |")
    out.append("| --- | ---: | ---: | ---: |")
    for label in [l for l in by[large] if l.startswith("rapport")]:
        ws, wl = wall(small, label), wall(large, label)
        ms, ml = peak_mb(small, label), peak_mb(large, label)
        if None in (ws, wl, ms, ml):
            continue
        out.append(f"| {label} | {wl / ws:.1f} | {ms:.0f} → {ml:.0f} | {ml / ms:.2f} |")
    out.append("")

identical = {}
if a.identical:
    for line in open(a.identical):
        parts = line.split()
        if len(parts) == 2:
            identical[int(parts[0])] = parts[1]

out.append(f"**Targets** (issue 14), judged on the {n:,}-row file unless the row says otherwise:")
out.append("")
out.append("| target | measured | rows | |")
out.append("| --- | ---: | ---: | --- |")
if identical:
    rows_checked = ", ".join(f"{k:,}" for k in sorted(identical))
    all_same = all(v == "yes" for v in identical.values())
    targets.append(("identical report bytes at --threads 1, 2 and the default", ("yes" if all_same else "no", rows_checked),
                    lambda v: v == "yes", "s", ""))
for name, (value, rows_used), ok, spec, unit in targets:
    if value is None:
        out.append(f"| {name} | not measured | | — |")
    else:
        verdict = "met" if ok(value) else "**missed**"
        shown_rows = rows_used if isinstance(rows_used, str) else f"{rows_used:,}"
        out.append(f"| {name} | {format(value, spec)}{unit} | {shown_rows} | {verdict} |")
out.append("")

text = open(a.readme).read()
block = "<!-- peers:begin -->\n" + "\n".join(out) + "<!-- peers:end -->"
new, count = re.subn(r"<!-- peers:begin -->.*?<!-- peers:end -->", lambda _: block, text, flags=re.S)
if count == 0:
    new = text.rstrip("\n") + "\n\n" + block + "\n"
open(a.readme, "w").write(new)
