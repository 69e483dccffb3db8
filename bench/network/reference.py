#!/usr/bin/env python3
"""Reference timings for the network benchmark: networkx and python-igraph on the Barabási–Albert graphs
that bench/network/make-graphs.sh writes to bench/network/data/.

    /usr/bin/python3 bench/network/reference.py [--graphs 10k,100k,1m] [--libs networkx,igraph]
        [--tasks pagerank,components,…] [--timeout 900] [--all] [--out FILE]

Prints one JSON document (and writes it to --out): per graph, per library, per task the wall time in
seconds (median of 3–15 runs for tasks that take under 2 s, else one run) and the CPU time of the
process that ran it (`cpu`; steadier than wall time on a shared host), the memory the task added
(task_rss_mb: peak RSS minus RSS at its start) and the peak RSS of the process that ran it (which
includes the loaded graph), and a small result summary to check the libraries against each other and against Climb.

Each task runs in a forked child of the process that loaded the graph (so a loaded graph is shared
copy-on-write and a task that overruns --timeout is killed and reported as {"timeout": seconds}).
Tasks known to take far longer than any sensible budget on a 2-core host (networkx exact betweenness on
100k nodes, ~14 h; everything but load/degree/PageRank/components/k-core on 1M nodes) are skipped unless
--all is given; they are reported as {"skipped": reason}. A library that is not installed is reported
as {"not_installed": true} and skipped.

Tasks and conventions (those Climb uses):
  load          read the CSV edge list (header source,target) into the library's graph
  degree        degree of every node
  betweenness   exact, unnormalised (networkx normalized=False; igraph directed=False)
  betweenness_k500  sampled: 500 source nodes, seed 42 (networkx only; igraph has no source sampling)
  pagerank      damping 0.85 (networkx: scipy solver, tol 1e-6; igraph: PRPACK)
  components    connected components
  kcore         core numbers
  clustering    local clustering coefficient (igraph mode='zero', as networkx)
  louvain       networkx louvain_communities(seed=42); igraph community_multilevel (random.seed(42))
"""
import argparse
import json
import multiprocessing as mp
import os
import platform
import random
import resource
import statistics
import sys
import time
import traceback

# Single-threaded, like Climb: igraph's PRPACK uses OpenMP, whose spinning threads slow it down ~50× on
# a busy 2-core host, and whose thread pool deadlocks children forked after it has started.
os.environ.setdefault("OMP_NUM_THREADS", "1")

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
GRAPHS = {"10k": "ba10k", "100k": "ba100k", "1m": "ba1m"}
TASKS = ["degree", "betweenness", "betweenness_k500", "pagerank", "components", "kcore", "clustering", "louvain"]
# Per graph: which tasks run by default (load always runs).
PLAN = {
    "10k": {"degree", "betweenness", "pagerank", "components", "kcore", "clustering", "louvain"},
    "100k": {"degree", "betweenness", "betweenness_k500", "pagerank", "components", "kcore", "clustering", "louvain"},
    "1m": {"degree", "pagerank", "components", "kcore"},
}
SKIP = {  # (graph, library, task) -> reason, unless --all
    ("100k", "networkx", "betweenness"): "networkx exact betweenness on 100k nodes takes ~14 h (≈100× the 10k run)",
}


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def rss_mb():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def read_pairs(path):
    """The edge list as a flat list of ints (u0, v0, u1, v1, …) and the node count."""
    with open(path, "r", encoding="utf-8") as fh:
        header = fh.readline().strip().split(",")
        if header[:2] != ["source", "target"]:
            raise ValueError(f"{path}: unexpected header {header}")
        flat = [int(x) for x in fh.read().replace(",", "\n").split()]
    return flat, (max(flat) + 1 if flat else 0)


# ---- networkx -------------------------------------------------------------------------------------

def nx_load(path):
    import networkx as nx

    with open(path, "rb") as fh:
        fh.readline()
        return nx.read_edgelist(fh, delimiter=",", nodetype=int, create_using=nx.Graph)


def nx_task(G, task):
    import networkx as nx

    if task == "degree":
        d = dict(G.degree())
        return {"max": max(d.values())}
    if task == "betweenness":
        b = nx.betweenness_centrality(G, normalized=False)
        return {"max": max(b.values()), "sum": sum(b.values())}
    if task == "betweenness_k500":
        b = nx.betweenness_centrality(G, k=500, normalized=False, seed=42)
        return {"max": max(b.values())}
    if task == "pagerank":
        p = nx.pagerank(G, alpha=0.85)
        return {"max": max(p.values())}
    if task == "components":
        c = list(nx.connected_components(G))
        return {"count": len(c)}
    if task == "kcore":
        k = nx.core_number(G)
        return {"max": max(k.values())}
    if task == "clustering":
        c = nx.clustering(G)
        return {"mean": sum(c.values()) / len(c)}
    if task == "louvain":
        parts = nx.community.louvain_communities(G, seed=42)
        return {"communities": len(parts), "modularity": nx.community.modularity(G, parts)}
    raise ValueError(task)


# ---- igraph ----------------------------------------------------------------------------------------

def ig_load(path):
    import igraph as ig

    flat, n = read_pairs(path)
    it = iter(flat)
    return ig.Graph(n=n, edges=list(zip(it, it)), directed=False)


def ig_task(g, task):
    if task == "degree":
        return {"max": max(g.degree())}
    if task == "betweenness":
        b = g.betweenness(directed=False)
        return {"max": max(b), "sum": sum(b)}
    if task == "betweenness_k500":
        return None  # no source sampling in igraph
    if task == "pagerank":
        p = g.pagerank(damping=0.85, directed=False)
        return {"max": max(p)}
    if task == "components":
        return {"count": len(g.connected_components())}
    if task == "kcore":
        return {"max": max(g.coreness())}
    if task == "clustering":
        c = g.transitivity_local_undirected(mode="zero")
        return {"mean": sum(c) / len(c)}
    if task == "louvain":
        random.seed(42)
        cl = g.community_multilevel()
        return {"communities": len(cl), "modularity": cl.modularity}
    raise ValueError(task)


LIBS = {"networkx": (nx_load, nx_task), "igraph": (ig_load, ig_task)}


def installed(lib):
    try:
        __import__(lib)
        return True
    except ImportError:
        return False


def version(lib):
    mod = __import__(lib)
    return getattr(mod, "__version__", "?")


# ---- running -----------------------------------------------------------------------------------------

def _child(conn, fn):
    try:
        start_rss = rss_mb()
        t = time.perf_counter()
        c = time.process_time()
        summary = fn()
        seconds = time.perf_counter() - t
        cpu = time.process_time() - c
        peak = peak_rss_mb()
        conn.send({"seconds": seconds, "cpu": cpu, "result": summary, "peak_rss_mb": round(peak, 1),
                   "task_rss_mb": round(max(0.0, peak - start_rss), 1)})
    except BaseException as err:  # noqa: BLE001 - reported, not raised
        conn.send({"error": f"{type(err).__name__}: {err}", "trace": traceback.format_exc(limit=3)})
    finally:
        conn.close()


def run_forked(fn, timeout):
    """Runs fn() in a forked child; returns its report, or {"timeout": …} when it overruns."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_child, args=(child, fn))
    p.start()
    child.close()
    if parent.poll(timeout):
        out = parent.recv()
        p.join()
        return out
    p.kill()
    p.join()
    return {"timeout": timeout}


def timed(fn, timeout):
    """Median of several runs when the first takes under 2 s (at least 3; up to 15 while they total
    under 1 s); one run otherwise."""
    first = run_forked(fn, timeout)
    if "seconds" not in first or first["seconds"] >= 2:
        return first
    runs = [first]
    total = first["seconds"]
    while len(runs) < 15 and (len(runs) < 3 or total < 1):
        r = run_forked(fn, timeout)
        if "seconds" not in r:
            break
        runs.append(r)
        total += r["seconds"]
    secs = sorted(r["seconds"] for r in runs)
    out = dict(runs[0])
    out["seconds"] = statistics.median(secs)
    out["cpu"] = statistics.median(r["cpu"] for r in runs)
    out["runs"] = secs
    out["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
    out["task_rss_mb"] = max(r["task_rss_mb"] for r in runs)
    return out


def bench_library(lib, size, path, args, log):
    load, task = LIBS[lib]
    res = {}
    # Load in this process (timed once more in a child for the report) so tasks can share the graph.
    res["load"] = timed(lambda: (load(path), None)[1], args.timeout)
    log(f"{size} {lib} load: {fmt(res['load'])}")
    if "seconds" not in res["load"]:
        return res
    base_rss = rss_mb()
    G = load(path)
    res["graph_rss_mb"] = round(rss_mb() - base_rss, 1)
    for t in TASKS:
        if t not in PLAN[size] or (args.tasks and t not in args.tasks):
            continue
        reason = SKIP.get((size, lib, t))
        if reason and not args.all:
            res[t] = {"skipped": reason}
        elif lib == "igraph" and t == "betweenness_k500":
            res[t] = {"unsupported": "igraph has no source-sampled betweenness"}
        else:
            res[t] = timed(lambda t=t: task(G, t), args.timeout)
        log(f"{size} {lib} {t}: {fmt(res[t])}")
    del G
    return res


def fmt(r):
    if "seconds" in r:
        return (f"{r['seconds']:.3f} s (cpu {r['cpu']:.3f} s, +{r['task_rss_mb']:.0f} MB, peak RSS {r['peak_rss_mb']:.0f} MB) "
                f"{json.dumps(r.get('result'))}")
    return json.dumps(r)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--graphs", default="10k,100k,1m")
    ap.add_argument("--libs", default="networkx,igraph")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds per task (default 900)")
    ap.add_argument("--all", action="store_true", help="also run the tasks skipped as hopeless")
    ap.add_argument("--tasks", help="only these tasks (comma-separated; load always runs)")
    ap.add_argument("--out", help="also write the JSON here")
    ap.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = ap.parse_args()
    if args.tasks:
        args.tasks = {t.strip() for t in args.tasks.split(",") if t.strip()}
        unknown = args.tasks - set(TASKS)
        if unknown:
            sys.exit(f"unknown tasks {sorted(unknown)} ({', '.join(TASKS)})")

    def log(msg):
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)

    report = {
        "python": platform.python_version(),
        "executable": sys.executable,
        "cpus": os.cpu_count(),
        "timeout": args.timeout,
        "versions": {},
        "graphs": {},
    }
    libs = [lib.strip() for lib in args.libs.split(",") if lib.strip()]
    for lib in libs:
        if lib not in LIBS:
            sys.exit(f"unknown library {lib}")
        if installed(lib):
            report["versions"][lib] = version(lib)
        else:
            log(f"{lib}: not installed (apt-get install python3-{lib}); skipped")
    for size in [s.strip().lower() for s in args.graphs.split(",") if s.strip()]:
        if size not in GRAPHS:
            sys.exit(f"unknown graph {size} (10k, 100k, 1m)")
        path = os.path.join(DATA, f"{GRAPHS[size]}_edges.csv")
        if not os.path.exists(path):
            log(f"{path} missing: run bench/network/make-graphs.sh; skipped")
            report["graphs"][size] = {"missing": path}
            continue
        entry = {"file": os.path.relpath(path, os.path.dirname(os.path.dirname(HERE)))}
        for lib in libs:
            entry[lib] = bench_library(lib, size, path, args, log) if lib in report["versions"] else {"not_installed": True}
        report["graphs"][size] = entry
    text = json.dumps(report, indent=1)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
