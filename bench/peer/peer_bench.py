#!/usr/bin/env python3
"""Side-by-side max-p benchmark on the national 2023 commune data: reorg vs peers.

Builds instances from data/vn/2023 (commune level, units.csv + adjacency.csv),
regions nested per district or per province, with a population AND an area
threshold, writes each as a peer-format JSON instance (schema of
maxp_bench.py --export (the peer benchmark, folder $MAXP_BENCH_DIR), `district` = scope id), and runs
on the very same adjacency and values:

  geoda   libgeoda (C++, via pygeoda) maxp_greedy through its low-level binding
          with TWO min bounds (as maxp_bench.py does), 99 iterations, one call
          per scope (district or province);
  spopt   spopt MaxPHeuristic on the surrogate t_i = min(pop_i/P, area_i/A) >= 1
          (spopt takes a single threshold; the surrogate implies both), one call
          per scope, with the infinite-loop fix of maxp_bench.py;
  reorg   `reorg regionalize --instance FILE --labels-out L` (wall time of the
          process, including reading the JSON).

Every plan is scored by the same evaluator (regions p, connectivity, both
thresholds, nesting). Scopes that cannot reach the thresholds in total (e.g.
urban districts whose whole area is below A) are one region for every method
and are excluded from the threshold check. Per instance it prints the median
time of --repeat runs, p, validity, the ratio reorg/peer and the number of
scopes where reorg has fewer regions than the peer.

Usage: bench/peer/run.sh [--repeat 3] [--spopt] [--provinces 10 26 89 --tag subset] [--out results.json]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections import defaultdict, deque

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Threshold pairs (docs/legal-basis.md §6, NQ 76/2025 Điều 5, tag [S]):
#   N2: other xã, population >= 200% of 8,000 and area >= 100% of 30 km²;
#   N3: phường outside centrally-run cities and mountain/border provinces,
#       population >= 21,000 and area >= 5.5 km².
PAIRS = {"N2": (16000.0, 30.0), "N3": (21000.0, 5.5)}


def load(data_dir, provinces=None):
    units = [r for r in csv.DictReader(open(os.path.join(data_dir, "units.csv"), encoding="utf-8"))]
    level = {r["code"]: r["level"] for r in units}
    parent = {r["code"]: r["parent_code"] for r in units}
    communes = sorted((r for r in units if r["level"] == "commune"
                       and (not provinces or parent[r["parent_code"]] in provinces)),
                      key=lambda r: r["code"])
    index = {r["code"]: k for k, r in enumerate(communes)}
    edges = []
    for r in csv.DictReader(open(os.path.join(data_dir, "adjacency.csv"), encoding="utf-8")):
        a, b = r["code_a"], r["code_b"]
        if a in index and b in index:
            edges.append((index[a], index[b]))
    xy = centroids(data_dir, communes)
    return dict(
        codes=[r["code"] for r in communes],
        pop=np.array([float(r["population"] or 0) for r in communes]),
        area=np.array([float(r["area_km2"] or 0) for r in communes]),
        district=[r["parent_code"] for r in communes],
        province=[parent[r["parent_code"]] for r in communes],
        edges=sorted(set((min(a, b), max(a, b)) for a, b in edges)),
        xy=xy,
        levels_ok=all(level[r["parent_code"]] == "district" for r in communes),
    )


def centroids(data_dir, communes):
    """Polygon centroids (mean of the outer ring's vertices) for the peers'
    dissimilarity attributes; units without a polygon take their district's mean."""
    gdir = os.path.join(data_dir, "geometry")
    pts = {}
    for name in sorted(os.listdir(gdir)) if os.path.isdir(gdir) else []:
        with open(os.path.join(gdir, name), encoding="utf-8") as f:
            for feat in json.load(f)["features"]:
                g = feat["geometry"]
                rings = [g["coordinates"][0]] if g["type"] == "Polygon" else [p[0] for p in g["coordinates"]]
                ring = max(rings, key=len)
                pts[feat["properties"]["code"]] = (sum(p[0] for p in ring) / len(ring),
                                                   sum(p[1] for p in ring) / len(ring))
    by_d = defaultdict(list)
    for r in communes:
        if r["code"] in pts:
            by_d[r["parent_code"]].append(pts[r["code"]])
    out = []
    for r in communes:
        p = pts.get(r["code"])
        if p is None:
            d = by_d.get(r["parent_code"]) or [(0.0, 0.0)]
            p = (sum(x for x, _ in d) / len(d), sum(y for _, y in d) / len(d))
        out.append(p)
    return np.array(out)


def make_instance(data, scope, pair):
    keys = data["district"] if scope == "district" else data["province"]
    ids = {k: i for i, k in enumerate(sorted(set(keys)))}
    n = len(data["codes"])
    adj = [[] for _ in range(n)]
    for a, b in data["edges"]:
        adj[a].append(b)
        adj[b].append(a)
    P, A = PAIRS[pair]
    return dict(name=f"{scope}/{pair}", scope=scope, n=n, P=P, A=A, pop=data["pop"], area=data["area"],
                xy=data["xy"], adj=adj, edges=data["edges"], codes=data["codes"],
                group=np.array([ids[k] for k in keys]))


def export(inst, path):
    units = [dict(id=i, code=inst["codes"][i], x=round(float(inst["xy"][i, 0]), 5),
                  y=round(float(inst["xy"][i, 1]), 5), pop=float(inst["pop"][i]),
                  area=float(inst["area"][i]), district=int(inst["group"][i]))
             for i in range(inst["n"])]
    with open(path, "w") as f:
        json.dump(dict(n=inst["n"], seed=0, P_min=inst["P"], A_min=inst["A"], units=units,
                       edges=[list(e) for e in inst["edges"]]), f)


def scope_components(inst, idx):
    """Connected components of the sub-graph induced by idx (global ids)."""
    inside = set(int(i) for i in idx)
    seen, comps = set(), []
    for s in idx:
        s = int(s)
        if s in seen:
            continue
        comp, dq = [s], deque([s])
        seen.add(s)
        while dq:
            v = dq.popleft()
            for w in inst["adj"][v]:
                if w in inside and w not in seen:
                    seen.add(w)
                    comp.append(w)
                    dq.append(w)
        comps.append(comp)
    return comps


def evaluate(inst, labels):
    """p, validity and per-scope region counts; infeasible components excluded from the threshold check."""
    labels = np.asarray(labels)
    pop, area, adj, grp, P, A = inst["pop"], inst["area"], inst["adj"], inst["group"], inst["P"], inst["A"]
    infeasible_units = set()
    for g in np.unique(grp):
        for comp in scope_components(inst, np.where(grp == g)[0]):
            if pop[comp].sum() < P - 1e-6 or area[comp].sum() < A - 1e-6:
                infeasible_units.update(comp)
    members = defaultdict(list)
    for i, r in enumerate(labels):
        members[int(r)].append(i)
    connected = nested = thresholds = 0
    per_scope = defaultdict(int)
    for mem in members.values():
        ms = set(mem)
        seen, dq = {mem[0]}, deque([mem[0]])
        while dq:
            v = dq.popleft()
            for w in adj[v]:
                if w in ms and w not in seen:
                    seen.add(w)
                    dq.append(w)
        connected += len(seen) == len(ms)
        nested += len({int(grp[i]) for i in mem}) == 1
        ok = pop[mem].sum() >= P - 1e-6 and area[mem].sum() >= A - 1e-6
        thresholds += int(bool(ok) or all(i in infeasible_units for i in mem))
        per_scope[int(grp[mem[0]])] += 1
    p = len(members)
    return dict(p=p, valid=connected == p and nested == p and thresholds == p,
                connected=connected == p, nested=nested == p, thresholds_met=thresholds == p,
                meeting=int(sum(1 for m in members.values()
                            if pop[m].sum() >= P - 1e-6 and area[m].sum() >= A - 1e-6)),
                per_scope=per_scope)


def geoda_scope(inst, idx, threads):
    from pygeoda.libgeoda import (VecInt, VecPair, VecVecDouble, flat_2dclusters,
                                  gda_load_gal, gda_maxp_greedy)
    loc = {int(g): k for k, g in enumerate(idx)}
    with tempfile.NamedTemporaryFile("w", suffix=".gal", delete=False) as f:
        f.write(f"0 {len(idx)} bench ID\n")
        for k, g in enumerate(idx):
            nb = [loc[w] + 1 for w in inst["adj"][g] if w in loc]
            f.write(f"{k + 1} {len(nb)}\n{' '.join(map(str, nb))}\n")
        path = f.name
    try:
        w = gda_load_gal(path, [str(k + 1) for k in range(len(idx))])
    finally:
        os.unlink(path)
    data = VecVecDouble()
    data.push_back(list(map(float, inst["xy"][idx, 0])))
    data.push_back(list(map(float, inst["xy"][idx, 1])))
    mins = VecPair()
    mins.push_back((inst["P"], list(map(float, inst["pop"][idx]))))
    mins.push_back((inst["A"], list(map(float, inst["area"][idx]))))
    cl = gda_maxp_greedy(w, data, "standardize", 99, mins, VecPair(), VecInt([]), "euclidean", 1, threads)
    return np.asarray(list(flat_2dclusters(len(idx), cl)))


def spopt_scope(inst, idx):
    sys.path.insert(0, os.environ["MAXP_BENCH_DIR"])
    import maxp_bench  # the shared script: same monkeypatch for the SA infinite loop
    maxp_bench._patch_spopt_sa_infinite_loop()
    import geopandas as gpd
    import libpysal
    from shapely.geometry import Point
    from spopt.region import MaxPHeuristic
    t = np.minimum(inst["pop"] / inst["P"], inst["area"] / inst["A"])
    loc = {int(g): k for k, g in enumerate(idx)}
    neigh = {k: [loc[w] for w in inst["adj"][g] if w in loc] for k, g in enumerate(idx)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = libpysal.weights.W(neigh, silence_warnings=True)
        gdf = gpd.GeoDataFrame(dict(x=inst["xy"][idx, 0], y=inst["xy"][idx, 1], thr=t[idx]),
                               geometry=[Point(*inst["xy"][g]) for g in idx])
        np.random.seed(1)
        model = MaxPHeuristic(gdf, w, ["x", "y"], "thr", 1.0, top_n=2,
                              max_iterations_construction=99, max_iterations_sa=10)
        model.solve()
    return np.asarray(model.labels_)


def run_peer(inst, method, threads):
    """Runs a peer once per connected component of every scope (the peers need
    a connected graph); an infeasible component is one region."""
    labels = np.zeros(inst["n"], dtype=int)
    nxt = 0
    t0 = time.perf_counter()
    groups = np.unique(inst["group"])
    for done, g in enumerate(groups):
        if method == "spopt" and done % 50 == 0:
            print(f"  spopt {inst['name']}: {done}/{len(groups)} scopes, "
                  f"{time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
        for comp in scope_components(inst, np.where(inst["group"] == g)[0]):
            idx = np.array(sorted(comp))
            feasible = (inst["pop"][idx].sum() >= inst["P"] and inst["area"][idx].sum() >= inst["A"])
            if len(idx) == 1 or not feasible:
                lab = np.zeros(len(idx), dtype=int)
            elif method == "geoda":
                lab = geoda_scope(inst, idx, threads)
            else:
                try:
                    lab = spopt_scope(inst, idx)
                except ValueError:
                    lab = np.zeros(len(idx), dtype=int)
            _, lab = np.unique(lab, return_inverse=True)
            labels[idx] = lab + nxt
            nxt += lab.max() + 1
    return labels


def run_reorg(binary, path):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    try:
        t0 = time.perf_counter()
        subprocess.run([binary, "regionalize", "--instance", path, "--labels-out", out],
                       check=True, capture_output=True)
        dt = time.perf_counter() - t0
        with open(out) as f:
            return np.asarray(json.load(f)), dt
    finally:
        os.unlink(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(ROOT, "data/vn/2023"))
    ap.add_argument("--reorg", default=os.path.join(ROOT, "target/release/reorg"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scopes", nargs="+", default=["district", "province"])
    ap.add_argument("--pairs", nargs="+", default=list(PAIRS))
    ap.add_argument("--spopt", action="store_true", help="also run spopt (slow: minutes)")
    ap.add_argument("--spopt-scopes", nargs="+", default=["district"],
                    help="scopes where spopt runs (province-wide spopt takes very long)")
    ap.add_argument("--spopt-pairs", nargs="+", default=["N2"],
                    help="threshold pairs where spopt runs (about an hour each on 2 vCPUs)")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--provinces", nargs="+", help="only the communes of these province codes")
    ap.add_argument("--tag", default="vn2023", help="prefix of instance names and files")
    ap.add_argument("--workdir", default=os.path.join(ROOT, "target/peer-bench"))
    ap.add_argument("--out", help="write all results as JSON")
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    data = load(args.data, set(args.provinces) if args.provinces else None)
    results = []
    for scope in args.scopes:
        for pair in args.pairs:
            inst = make_instance(data, scope, pair)
            with_spopt = args.spopt and scope in args.spopt_scopes and pair in args.spopt_pairs
            methods = ["geoda"] + (["spopt"] if with_spopt else [])
            inst["name"] = f"{args.tag} {inst['name']}"
            path = os.path.join(args.workdir, f"{args.tag}_{scope}_{pair}.json")
            export(inst, path)
            row = dict(instance=inst["name"], n=inst["n"], scopes=int(inst["group"].max() + 1),
                       P=inst["P"], A=inst["A"])
            times = defaultdict(list)
            labels = {}
            for _ in range(args.repeat):
                # Back to back, alternating, as the shared README asks.
                lab, dt = run_reorg(args.reorg, path)
                times["reorg"].append(dt)
                labels["reorg"] = lab
                for m in methods:
                    if m == "spopt" and times[m]:
                        continue  # one spopt run is enough (minutes)
                    t0 = time.perf_counter()
                    labels[m] = run_peer(inst, m, args.threads)
                    times[m].append(time.perf_counter() - t0)
            for m in ["reorg"] + methods:
                ev = evaluate(inst, labels[m])
                row[m] = dict(seconds=round(statistics.median(times[m]), 3),
                              runs=len(times[m]), **{k: v for k, v in ev.items() if k != "per_scope"})
                row[m]["_per_scope"] = ev["per_scope"]
            for m in methods:
                ours, theirs = row["reorg"]["_per_scope"], row[m]["_per_scope"]
                row[f"scopes_fewer_than_{m}"] = sum(1 for g in theirs if ours.get(g, 0) < theirs[g])
                row[f"ratio_p_{m}"] = round(row["reorg"]["p"] / row[m]["p"], 4)
                row[f"speedup_{m}"] = round(row[m]["seconds"] / max(row["reorg"]["seconds"], 1e-9), 1)
            for m in ["reorg"] + methods:
                del row[m]["_per_scope"]
            results.append(row)
            print(json.dumps(row), flush=True)
    print_table(results, ["geoda", "spopt"] if args.spopt else ["geoda"])
    if args.out:
        with open(args.out, "w") as f:
            json.dump(results, f, indent=1)


def print_table(results, methods):
    head = "| instance | units | scopes |" + "".join(
        f" {m} p | {m} s | {m} valid |" for m in ["reorg"] + methods) + "".join(
        f" p ratio reorg/{m} | scopes reorg<{m} | speed-up vs {m} |" for m in methods)
    print()
    print(head)
    print("|" + "|".join(["---"] * (head.count("|") - 1)) + "|")
    tot = defaultdict(float)
    for r in results:
        cells = [r["instance"], str(r["n"]), str(r["scopes"])]
        for m in ["reorg"] + methods:
            if m not in r:
                cells += ["–", "–", "–"]
                continue
            cells += [f"{r[m]['p']:,}", f"{r[m]['seconds']:.2f}", "yes" if r[m]["valid"] else "NO"]
            tot[m + "p"] += r[m]["p"]
            tot[m + "s"] += r[m]["seconds"]
            if m != "reorg":
                tot[m + "reorgp"] += r["reorg"]["p"]
                tot[m + "reorgs"] += r["reorg"]["seconds"]
        for m in methods:
            if m not in r:
                cells += ["–", "–", "–"]
                continue
            cells += [f"{r['ratio_p_' + m]:.3f}", str(r["scopes_fewer_than_" + m]), f"{r['speedup_' + m]:.1f}×"]
        print("| " + " | ".join(cells) + " |")
    cells = ["**total**", "", ""]
    for m in ["reorg"] + methods:
        cells += [f"{int(tot[m + 'p']):,}", f"{tot[m + 's']:.2f}", ""]
    for m in methods:
        # Totals over the instances this peer ran on.
        cells += [f"{tot[m + 'reorgp'] / max(tot[m + 'p'], 1):.3f}", "",
                  f"{tot[m + 's'] / max(tot[m + 'reorgs'], 1e-9):.1f}×"]
    print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
