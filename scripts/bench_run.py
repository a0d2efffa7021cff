#!/usr/bin/env python3
"""The measuring half of `make bench` (scripts/bench.sh prepares the binary, the data and the
peers' venv, then runs this). Python 3 standard library only. Prints every figure, the ratios to
the peers and a summary table with targets; always exits 0 once the measurements ran (a missed
target is printed as MISSED, never turned into a failure). See docs/README-bench.md.
"""

from __future__ import annotations

import argparse
import calendar
import json
import os
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import types

GNU_TIME = "/usr/bin/time"


import bench_loads
from bench_report import fmt_bytes, fmt_mb, fmt_peer_query, fmt_s, fmt_x, line, ratio, section, summary


# ------------------------------------------------------------------------------------ running

class Run:
    """One process run: wall time (perf_counter around the process), exit status, and when
    /usr/bin/time wraps it, peak resident memory (KiB) and CPU seconds."""

    def __init__(self, wall: float, rc: int, peak_kib: int | None = None, cpu: float | None = None,
                 stdout: str = "", stderr: str = ""):
        self.wall, self.rc, self.peak_kib, self.cpu, self.stdout, self.stderr = wall, rc, peak_kib, cpu, stdout, stderr


def run(cmd: list[str], *, measure_memory: bool = False, cwd: str | None = None, env=None,
        capture: bool = True) -> Run:
    stats = None
    if measure_memory and os.access(GNU_TIME, os.X_OK):
        fd, stats = tempfile.mkstemp(prefix="bench-time-")
        os.close(fd)
        cmd = [GNU_TIME, "-f", "%e %M %U %S", "-o", stats] + cmd
    out = subprocess.PIPE if capture else subprocess.DEVNULL
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE, cwd=cwd, env=env, text=True)
    wall = time.perf_counter() - t0
    peak = cpu = None
    if stats:
        try:
            with open(stats) as f:
                fields = f.read().split()[-4:]      # "Command exited with non-zero status N" comes first
            peak, cpu = int(fields[1]), float(fields[2]) + float(fields[3])
        except (OSError, ValueError, IndexError):
            pass
        os.unlink(stats)
    return Run(wall, p.returncode, peak, cpu, p.stdout or "", p.stderr or "")


def first_line(text: str) -> str:
    for ln in text.splitlines():
        if ln.strip():
            return ln.strip()[:160]
    return ""


def repeat(cmd: list[str], runs: int, ok: set[int], cwd: str, env) -> dict:
    """Median wall time of `runs` runs after one warm-up, stdout discarded. Uses hyperfine when it
    is on PATH, else a loop here. Returns {"median", "runs", "rc", "tool"} or {"error"}."""
    warm = run(cmd, cwd=cwd, env=env, capture=False, measure_memory=True)
    if warm.rc not in ok:
        return {"error": f"exit {warm.rc}: {first_line(warm.stderr)}", "rc": warm.rc}
    peak = warm.peak_kib
    hyperfine = shutil.which("hyperfine")
    if hyperfine:
        fd, export = tempfile.mkstemp(prefix="bench-hyperfine-", suffix=".json")
        os.close(fd)
        h = subprocess.run([hyperfine, "-N", "-i", "--style", "none", "--warmup", "0", "--runs", str(runs),
                            "--export-json", export, shlex.join(cmd)],
                           cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            with open(export) as f:
                times = json.load(f)["results"][0]["times"]
            if h.returncode == 0 and len(times) == runs:
                return {"median": statistics.median(times), "runs": times, "rc": warm.rc, "tool": "hyperfine",
                        "peak_kib": peak}
        except (OSError, ValueError, KeyError, IndexError):
            pass
        finally:
            os.unlink(export)
    times = []
    for _ in range(runs):
        r = run(cmd, cwd=cwd, env=env, capture=False)
        if r.rc not in ok:
            return {"error": f"exit {r.rc}: {first_line(r.stderr)}", "rc": r.rc}
        times.append(r.wall)
    return {"median": statistics.median(times), "runs": times, "rc": warm.rc, "tool": "python loop", "peak_kib": peak}


def fmt_repeat(result: dict) -> str:
    if "error" in result:
        return f"FAILED ({result['error']})"
    runs = result["runs"]
    return (f"median {fmt_s(result['median'])} of {len(runs)} runs (min {fmt_s(min(runs))}, "
            f"max {fmt_s(max(runs))}; {result['tool']}; exit {result['rc']}; peak {fmt_mb(result.get('peak_kib'))})")


# --------------------------------------------------------------------------------------- data

def data_files(data: str) -> list[str]:
    files = []
    for root, dirs, names in os.walk(data):
        dirs.sort()
        files += [os.path.join(root, n) for n in sorted(names) if ".jsonl" in n]
    return files


def count_lines_and_warm(files: list[str]) -> tuple[int, int]:
    """Reads every file once: counts lines, and leaves the files in the page cache so that every
    loader below starts from the same warm cache."""
    lines = size = 0
    for path in files:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 22):
                lines += chunk.count(b"\n")
                size += len(chunk)
    return lines, size


def warm(files: list[str]) -> None:
    count_lines_and_warm(files)


def ledger_size(db: str) -> int:
    return sum(os.path.getsize(p) for p in (db, db + "-wal", db + "-shm") if os.path.exists(p))


def ledger_query(db: str, sql: str, args=()) -> list:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def month_bounds(month: str) -> tuple[int, int]:
    y, m = int(month[:4]), int(month[5:7])
    start = calendar.timegm((y, m, 1, 0, 0, 0))
    end = calendar.timegm((y + m // 12, m % 12 + 1, 1, 0, 0, 0))
    return start, end


# -------------------------------------------------------------------------------------- steps

def available(soracost: str, words: list[str], env) -> bool:
    """True when `soracost WORDS --help` shows that subcommand's own usage. (swift-argument-parser
    answers an unknown subcommand's --help with the root help and exit 0, hence the USAGE check.)"""
    r = run([soracost] + words + ["--help"], env=env)
    # `report` takes its cadence (`monthly`) as an argument, not a subcommand, so its usage line
    # names only `report`: match the command's first word.
    usage = [l for l in r.stdout.splitlines() if l.startswith("USAGE: soracost ")]
    return r.rc == 0 and any(l.split()[2:3] == words[:1] for l in usage)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--soracost", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--work", required=True, help="a fresh directory for the ledgers and peer databases")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--load-runs", type=int, default=3, help="interleaved rounds of the loads (medians)")
    ap.add_argument("--peer-python", help="the venv Python with duckdb (peers skipped without it)")
    ap.add_argument("--sqlite-utils", help="the sqlite-utils executable (skipped without it)")
    ap.add_argument("--sqlite-utils-flatten", type=int, default=1)
    ap.add_argument("--budgets", default="Fixtures/budgets.json")
    ap.add_argument("--month", help="month for reports and forecast (default: the ledger's busiest)")
    ap.add_argument("--as-of", help="as-of day for forecast and budget check (default: the month's 15th)")
    ap.add_argument("--skip-peers", action="store_true")
    ap.add_argument("--results", help="write every figure here as JSON")
    ap.add_argument("--shape", default="wrapped app logs", help="what the data is, for the headings")
    ap.add_argument("--import-only", action="store_true", help="skip the reports and the peers' queries")
    ap.add_argument("--bare", action="store_true", help="the data is bare video objects (how the peers load it)")
    args = ap.parse_args()

    here = os.path.dirname(os.path.abspath(__file__))
    soracost = os.path.abspath(args.soracost)
    data, work = os.path.abspath(args.data), os.path.abspath(args.work)
    budgets = os.path.abspath(args.budgets)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SORACOST_")}
    env["XDG_DATA_HOME"] = os.path.join(work, "xdg")       # never the user's default ledger
    env["LC_ALL"] = "C"
    R: dict = {}                                            # every figure, for --results

    # ---- 1. data
    files = data_files(data)
    lines, size = count_lines_and_warm(files)
    R["data"] = {"files": len(files), "lines": lines, "bytes": size, "shape": args.shape}
    section(f"1. data: {args.shape}")
    line("input", f"{data}: {len(files)} files, {lines:,} lines, {fmt_bytes(size)}")

    # ---- 2. loads: soracost's import beside the peers' loads, interleaved in rounds
    peers = os.path.join(here, "bench_peers.py")
    use_peers = not args.skip_peers and args.peer_python and os.access(args.peer_python, os.X_OK)
    ledger = os.path.join(work, "ledger.sqlite")
    h = types.SimpleNamespace(
        run=run, first_line=first_line, ledger_query=ledger_query, ledger_size=ledger_size, warm=warm,
        soracost=soracost, data=data, work=work, env=env, files=files, bare=args.bare,
        peer_python=args.peer_python if use_peers else None, peers=peers,
        sqlite_utils=args.sqlite_utils if args.sqlite_utils and os.access(args.sqlite_utils, os.X_OK) else None,
        flatten=args.sqlite_utils_flatten, ledger=ledger,
        duck=os.path.join(work, "peer.duckdb"), su=os.path.join(work, "peer-sqlite-utils.sqlite"))
    loaders = "soracost import" + (", DuckDB load" if h.peer_python else "") + \
        (", sqlite-utils insert" if h.peer_python and h.sqlite_utils else "")
    section(f"2. loads, {args.load_runs} interleaved rounds ({loaders}; fresh databases, warm page cache)")
    imp_res, duck_res, su_res = bench_loads.rounds(h, args.load_runs)
    imp: dict = {"wall": imp_res.get("wall"), "rc": imp_res.get("rc"), "peak_kib": imp_res.get("peak_kib"),
                 "cpu": imp_res.get("cpu"), "rounds": imp_res.get("rounds")}
    R["import"] = imp
    section("2a. soracost import -q (fresh ledger): medians of the rounds")
    if "error" in imp_res or imp["wall"] is None:
        line("import", f"FAILED ({imp_res.get('error', 'not run')})")
        imp["wall"] = None
    else:
        jobs = imp_res["jobs"]
        imp.update(jobs=jobs, jobs_per_s=jobs / imp["wall"], ledger_bytes=imp_res["bytes"])
        walls = [r["wall"] for r in imp["rounds"]]
        line("wall time", f"median {fmt_s(imp['wall'])} of {len(walls)} (min {fmt_s(min(walls))}, "
                          f"max {fmt_s(max(walls))}; CPU user+sys median {fmt_s(imp['cpu'])})")
        line("jobs in the ledger", f"{jobs:,} (from {lines:,} lines)")
        line("throughput", f"{jobs / imp['wall']:,.0f} jobs/s (median), "
                           f"{jobs / min(walls):,.0f} in the fastest round")
        line("peak memory (max RSS)", f"{fmt_mb(imp['peak_kib'])} (highest round)")
        line("ledger size (db + wal + shm)", fmt_bytes(imp["ledger_bytes"]))
        if imp_res.get("note"):
            line("note", f"some lines were rejected: {imp_res['note']}")

    # ---- 3. re-import
    section("3. re-import of the same unchanged files")
    if imp["wall"] is None:
        line("re-import", "skipped (the import failed)")
        R["reimport"] = {}
    else:
        before = imp["jobs"]
        rr = repeat([soracost, "import", "-q", "--db", ledger, data], args.runs, {0}, work, env)
        R["reimport"] = rr
        line("wall time", fmt_repeat(rr))
        after = ledger_query(ledger, "SELECT COUNT(*) FROM jobs")[0][0]
        if after != before:
            line("WARNING", f"the ledger changed: {before:,} -> {after:,} jobs")

    # ---- 4. reports
    month, as_of = args.month, args.as_of
    if imp["wall"] is not None and not month:
        row = ledger_query(ledger, "SELECT strftime('%Y-%m', created_at, 'unixepoch') AS m, COUNT(*) "
                                   "FROM jobs GROUP BY m ORDER BY 2 DESC, m LIMIT 1")
        month = row[0][0] if row else None
    month = month or "2026-08"
    as_of = as_of or f"{month}-15"
    start, end = month_bounds(month)
    month_jobs = None
    if imp["wall"] is not None:
        month_jobs = ledger_query(ledger, "SELECT COUNT(*) FROM jobs WHERE created_at >= ? AND created_at < ?",
                                  (start, end))[0][0]
    R["month"], R["as_of"], R["month_jobs"] = month, as_of, month_jobs
    section(f"4. reports over the ledger: month {month} ({month_jobs if month_jobs is None else format(month_jobs, ',')} "
            f"jobs created), as of {as_of}")
    steps = [
        ("report monthly", ["report", "monthly"], ["--month", month], {0}),
        ("report daily --by project,model", ["report", "daily"], ["--month", month, "--by", "project,model"], {0}),
        ("forecast", ["forecast"], ["--month", month, "--as-of", as_of], {0}),
        # Exit 0-3 (OK, WARNING, CRITICAL, UNKNOWN) all mean it ran. It records crossings in the
        # ledger, so it runs last; the warm-up run takes the first-crossing writes.
        ("budget check", ["budget", "check"], ["--budgets", budgets, "--as-of", as_of], {0, 1, 2, 3}),
    ]
    R["reports"] = {}
    for label, words, extra, ok in steps:
        if args.import_only:
            line(label, "skipped (imports and sizes only for this shape)")
            continue
        if imp["wall"] is None:
            line(label, "skipped (the import failed)")
            continue
        if not available(soracost, words, env):
            line(label, "skipped (command not available)")
            continue
        if words[0] == "budget" and not os.path.exists(budgets):
            line(label, f"skipped (no {args.budgets})")
            continue
        res = repeat([soracost] + words + ["--db", ledger] + extra, args.runs, ok, work, env)
        R["reports"][label] = res
        line(label, fmt_repeat(res))

    # ---- 5. peers' queries over the last round's databases
    R["duckdb"], R["sqlite_utils"] = {}, {}
    section("5. peers, same files, same warm page cache")
    if args.skip_peers:
        line("peers", "skipped (BENCH_PEERS=0)")
    elif not h.peer_python:
        line("peers", "skipped (the bench venv is not available)")
    else:
        def peer_queries(key, label, verb, db, title):
            """Runs the peer's monthly and daily queries (median of BENCH_RUNS) and prints them."""
            if args.import_only:
                return
            q = run([args.peer_python, peers, verb, db, str(start), str(end), str(args.runs)], cwd=work)
            if q.rc != 0:
                line(f"{label} queries", f"FAILED (exit {q.rc}): {first_line(q.stderr)}")
                return
            res = json.loads(q.stdout)
            for name in ("monthly", "daily"):
                R[key][name] = res[name]
                line(f"{title(res)} {name} query", fmt_peer_query(res[name]))

        if "error" in duck_res:
            line("DuckDB load", f"FAILED ({duck_res['error']})")
        elif duck_res:
            R["duckdb"].update(load=duck_res["wall"], load_peak_kib=duck_res["peak_kib"], load_cpu=duck_res["cpu"],
                               rows=duck_res["rows"], threads=duck_res["threads"], version=duck_res["version"],
                               bytes=duck_res["bytes"], rounds=duck_res["rounds"])
            bench_loads.print_median(f"DuckDB {duck_res['version']} load ({duck_res['threads']} threads)", duck_res,
                                     f"{duck_res['rows']:,} rows")
            peer_queries("duckdb", "DuckDB", "duckdb-query", h.duck, lambda res: "DuckDB")
        if not h.sqlite_utils:
            line("sqlite-utils", "skipped (not installed in the venv)")
        elif "error" in su_res:
            line("sqlite-utils insert", f"FAILED ({su_res['error']})")
        elif su_res:
            version = run([h.sqlite_utils, "--version"]).stdout.strip().split()[-1:] or ["?"]
            R["sqlite_utils"].update(load=su_res["wall"], load_peak_kib=su_res["peak_kib"], load_cpu=su_res["cpu"],
                                     rows=su_res["rows"], version=version[0], bytes=su_res["bytes"],
                                     rounds=su_res["rounds"])
            bench_loads.print_median(f"sqlite-utils {version[0]} insert", su_res,
                                     f"{len(files)} runs per round, {su_res['rows']:,} rows")
            peer_queries("sqlite_utils", "sqlite-utils", "sqlite-query", h.su,
                         lambda res: f"SQLite {res['sqlite_version']}")

    # ---- sizes side by side
    section("database sizes (same data)")
    ledger_bytes, duck_bytes, su_bytes = imp.get("ledger_bytes"), R["duckdb"].get("bytes"), R["sqlite_utils"].get("bytes")
    line("soracost ledger (keeps raw records)", fmt_bytes(ledger_bytes))
    line("DuckDB database (STRUCT raw column)", f"{fmt_bytes(duck_bytes)}  (ledger / DuckDB {fmt_x(ratio(ledger_bytes, duck_bytes))})")
    line("sqlite-utils database", f"{fmt_bytes(su_bytes)}  (ledger / sqlite-utils {fmt_x(ratio(ledger_bytes, su_bytes))})")
    if imp.get("ledger_bytes"):
        try:
            raw = ledger_query(ledger, "SELECT COUNT(*), COALESCE(SUM(length(data)), 0), COALESCE(SUM(size), 0) FROM raw_blocks")[0]
            records = ledger_query(ledger, "SELECT COUNT(*) FROM job_raws")[0][0]
            try:  # since migration 7 each job's first record is pointed to from its row
                records += ledger_query(ledger, "SELECT COUNT(*) FROM jobs WHERE raw_block IS NOT NULL")[0][0]
            except sqlite3.Error:
                pass
            line("raw-record store", f"{records:,} records in {raw[0]:,} blocks: {fmt_bytes(raw[1])} compressed "
                                     f"from {fmt_bytes(raw[2])}")
        except sqlite3.Error:
            try:
                raw = ledger_query(ledger, "SELECT COUNT(*), COALESCE(SUM(length(raw)), 0) FROM job_raw")[0]
                line("raw records (job_raw, text)", f"{raw[0]:,} records, {fmt_bytes(raw[1])}")
            except sqlite3.Error:
                pass
    R["sizes"] = {"ledger": ledger_bytes, "duckdb": duck_bytes, "sqlite_utils": su_bytes}

    # ---- 6. ratios and summary
    summary(R)
    if args.results:
        with open(args.results, "w") as f:
            json.dump(R, f, indent=1, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
