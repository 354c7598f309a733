#!/usr/bin/env python3
"""Writes K copies of a dataset folder side by side (for plan-time scaling).

    python3 bench/scale/copies.py data/vn/2023 OUT K
    /usr/bin/time -f "%U %S" reorg plan OUT --no-charts --no-geojson -q --force --out /tmp/k

Copy 0 is the dataset as is; copy i > 0 prefixes every code with `c<i>_`
and appends ` (<i>)` to every name, so that codes and names stay unique and
every copy is its own country-sized map (no edge joins two copies). The
geometry folder is not copied (run `plan --no-charts --no-geojson`).
"""
import csv
import os
import sys


def main() -> None:
    src, out, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(src, "units.csv"), newline="", encoding="utf-8") as f:
        units = list(csv.DictReader(f))
    with open(os.path.join(src, "adjacency.csv"), newline="", encoding="utf-8") as f:
        adjacency = list(csv.DictReader(f))
    code = lambda c, i: c if i == 0 or not c else f"c{i}_{c}"
    with open(os.path.join(out, "units.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(units[0].keys()), lineterminator="\n")
        w.writeheader()
        for i in range(k):
            for u in units:
                r = dict(u)
                r["code"] = code(u["code"], i)
                r["parent_code"] = code(u["parent_code"], i)
                if i:
                    r["name"] = f"{u['name']} ({i})"
                w.writerow(r)
    with open(os.path.join(out, "adjacency.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(adjacency[0].keys()), lineterminator="\n")
        w.writeheader()
        for i in range(k):
            for e in adjacency:
                r = dict(e)
                r["code_a"] = code(e["code_a"], i)
                r["code_b"] = code(e["code_b"], i)
                w.writerow(r)


if __name__ == "__main__":
    main()
