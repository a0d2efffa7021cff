#!/usr/bin/env python3
"""The loads of `make bench` (scripts/bench_run.py calls `rounds`): soracost's import into a fresh
ledger, DuckDB's load and sqlite-utils' insert of the same files, interleaved in rounds so that a
machine whose speed drifts for minutes slows every loader alike; the ratios and targets read the
medians. Python 3 standard library only. See docs/README-bench.md."""

from __future__ import annotations

import json
import os
import statistics

from bench_report import fmt_bytes, fmt_mb, fmt_s, fmt_x, line, ratio


def fresh(path: str) -> None:
    """Removes a database and its WAL and shared-memory files (a round starts from nothing)."""
    for p in (path, path + "-wal", path + "-shm", path + ".wal"):
        if os.path.exists(p):
            os.unlink(p)


def soracost_import(h, ledger: str) -> dict:
    r = h.run([h.soracost, "import", "-q", "--db", ledger, h.data], measure_memory=True, cwd=h.work, env=h.env)
    if r.rc not in (0, 1) or not os.path.exists(ledger):
        return {"error": f"exit {r.rc}: {h.first_line(r.stderr)}"}
    jobs = h.ledger_query(ledger, "SELECT COUNT(*) FROM jobs")[0][0]
    return {"wall": r.wall, "rc": r.rc, "peak_kib": r.peak_kib, "cpu": r.cpu, "jobs": jobs,
            "bytes": h.ledger_size(ledger), "note": h.first_line(r.stderr) if r.rc == 1 else None}


def duckdb_load(h, db: str) -> dict:
    r = h.run([h.peer_python, h.peers, "duckdb-load", db, h.data] + (["bare"] if h.bare else []),
              measure_memory=True, cwd=h.work)
    if r.rc != 0:
        return {"error": f"exit {r.rc}: {h.first_line(r.stderr)}"}
    info = json.loads(r.stdout)
    return {"wall": r.wall, "peak_kib": r.peak_kib, "cpu": r.cpu, "rows": info["rows"], "threads": info["threads"],
            "version": info["version"], "bytes": os.path.getsize(db)}


def sqlite_utils_insert(h, db: str) -> dict:
    """One `sqlite-utils insert` per file, as a user would run it; times and CPU add up."""
    flags = ["--nl"] + (["--flatten", "--alter"] if h.flatten else [])
    wall, peak, cpu = 0.0, 0, 0.0
    for path in h.files:
        r = h.run([h.sqlite_utils, "insert", db, "jobs", path] + flags, measure_memory=True, cwd=h.work)
        if r.rc != 0:
            return {"error": f"exit {r.rc} on {path}: {h.first_line(r.stderr)}"}
        wall += r.wall
        peak = max(peak, r.peak_kib or 0)
        cpu += r.cpu or 0
    rows = h.ledger_query(db, "SELECT COUNT(*) FROM jobs")[0][0]
    return {"wall": wall, "peak_kib": peak or None, "cpu": cpu, "rows": rows, "bytes": h.ledger_size(db)}


def median_of(results: list[dict], key: str):
    values = [r[key] for r in results if r.get(key) is not None]
    return statistics.median(values) if values else None


def rounds(h, count: int) -> tuple[dict, dict, dict]:
    """Runs `count` rounds of the loaders (each into a fresh database, the page cache warmed before
    each); the last round's databases stay for the reports and the peers' queries. Returns the
    import, DuckDB and sqlite-utils figures: medians of wall and CPU time, the highest peak memory,
    every round's figures under "rounds", or "error" from the first failure."""
    loaders = [("soracost import", h.ledger, soracost_import)]
    if h.peer_python:
        loaders.append(("DuckDB load", h.duck, duckdb_load))
        if h.sqlite_utils:
            loaders.append(("sqlite-utils insert", h.su, sqlite_utils_insert))
    runs: dict[str, list[dict]] = {label: [] for label, _, _ in loaders}
    failed: dict[str, str] = {}
    for n in range(1, count + 1):
        this: dict[str, dict] = {}          # this round's results, for its own ratios
        for label, db, load in loaders:
            if label in failed:
                continue
            fresh(db)
            h.warm(h.files)
            res = load(h, db)
            if "error" in res:
                failed[label] = res["error"]
                line(f"round {n}: {label}", f"FAILED ({res['error']})")
                continue
            runs[label].append(res)
            this[label] = res
            line(f"round {n}: {label}", f"{fmt_s(res['wall'])}  (CPU {fmt_s(res['cpu'])}, peak {fmt_mb(res['peak_kib'])})")
        imp, duck, su = (this.get(label) for label in ("soracost import", "DuckDB load", "sqlite-utils insert"))
        if imp and (duck or su):
            line(f"round {n}: ratios", f"import / DuckDB {fmt_x(ratio(imp['wall'], duck and duck['wall']))}, "
                                       f"sqlite-utils / import {fmt_x(ratio(su and su['wall'], imp['wall']))}")

    def summarize(label: str) -> dict:
        if label in failed or not runs.get(label):
            return {"error": failed.get(label, "not run")} if label in failed else {}
        last = dict(runs[label][-1])
        last.update(wall=median_of(runs[label], "wall"), cpu=median_of(runs[label], "cpu"),
                    peak_kib=max((r["peak_kib"] or 0 for r in runs[label]), default=0) or None,
                    rounds=[{k: r[k] for k in ("wall", "cpu", "peak_kib")} for r in runs[label]])
        return last

    return summarize("soracost import"), summarize("DuckDB load"), summarize("sqlite-utils insert")


def print_median(label: str, res: dict, what: str) -> None:
    walls = [r["wall"] for r in res["rounds"]]
    line(label, f"median {fmt_s(res['wall'])} of {len(walls)} (min {fmt_s(min(walls))}, max {fmt_s(max(walls))}); "
                f"CPU median {fmt_s(res['cpu'])}, peak {fmt_mb(res['peak_kib'])}; {what}; file {fmt_bytes(res['bytes'])}")
