"""Strips every metric but mallocCountTotal from package-benchmark static thresholds.

`swift package benchmark thresholds update` writes the p90 of every measured metric; only the
allocation count is stable enough on a shared machine to gate on, so the committed files keep it
alone (`thresholds check` checks only the metrics a file names).
Usage: python3 keep-malloc-only.py Thresholds
"""
import json
import pathlib
import sys

for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.p90.json")):
    data = json.loads(path.read_text())
    kept = {k: v for k, v in data.items() if k == "mallocCountTotal"}
    path.write_text(json.dumps(kept, indent=2, sort_keys=True) + "\n")
    print(f"{path}: {kept}")
