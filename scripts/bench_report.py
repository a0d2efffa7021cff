#!/usr/bin/env python3
"""Formatting and the ratios-and-summary step of `make bench` (scripts/bench_run.py measures;
this prints). Python 3 standard library only. See docs/README-bench.md."""

from __future__ import annotations


# ---------------------------------------------------------------------------------- formatting

def fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    return f"{seconds * 1000:.2f} ms" if seconds < 1 else f"{seconds:.2f} s"


def fmt_mb(kib: int | None) -> str:
    return "n/a" if kib is None else f"{kib / 1024:.1f} MB"


def fmt_bytes(n: int | None) -> str:
    return "n/a" if n is None else f"{n / 1e6:,.1f} MB"


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None


def fmt_x(r: float | None) -> str:
    return "n/a" if r is None else f"{r:.2f}x"


def section(title: str) -> None:
    print(f"\n== {title}", flush=True)


def line(label: str, text: str) -> None:
    print(f"  {label:<34} {text}", flush=True)


def fmt_peer_query(q: dict) -> str:
    runs = q["runs"]
    return (f"median {fmt_s(q['median'])} of {len(runs)} (min {fmt_s(min(runs))}, max {fmt_s(max(runs))}); "
            f"{q['rows']} rows, {q['jobs']:,} jobs, {q['seconds']:,} s, ${q['cost']:,.2f}")


def summary(R: dict) -> None:
    imp, duck, su = R["import"], R["duckdb"], R["sqlite_utils"]
    reports = R["reports"]

    def med(label):
        return reports.get(label, {}).get("median")

    monthly, daily = med("report monthly"), med("report daily --by project,model")
    section("ratios (same data, same run)")
    rows = [
        ("load: soracost / DuckDB", ratio(imp.get("wall"), duck.get("load")), "soracost import time / DuckDB load time"),
        ("load: sqlite-utils / soracost", ratio(su.get("load"), imp.get("wall")), "how many times faster than sqlite-utils"),
        ("monthly: soracost / DuckDB", ratio(monthly, duck.get("monthly", {}).get("median")), "report monthly / DuckDB monthly query"),
        ("monthly: sqlite-utils / soracost", ratio(su.get("monthly", {}).get("median"), monthly), "SQLite monthly query / report monthly"),
        ("daily: soracost / DuckDB", ratio(daily, duck.get("daily", {}).get("median")), "report daily / DuckDB daily query"),
        ("daily: sqlite-utils / soracost", ratio(su.get("daily", {}).get("median"), daily), "SQLite daily query / report daily"),
    ]
    for label, r, what in rows:
        line(label, f"{fmt_x(r):>8}   ({what})")
    R["ratios"] = {label: r for label, r, _ in rows}
    # CPU time (user+sys) moves less than wall time on a shared machine; informative only (DuckDB's
    # CPU time adds up all its threads, so this is work done, not time waited).
    for label, r, what in [
        ("load CPU: soracost / DuckDB", ratio(imp.get("cpu"), duck.get("load_cpu")), "CPU time, informative"),
        ("load CPU: sqlite-utils / soracost", ratio(su.get("load_cpu"), imp.get("cpu")), "CPU time, informative"),
    ]:
        line(label, f"{fmt_x(r):>8}   ({what})")
        R["ratios"][label] = r

    reimport = R["reimport"].get("median")
    targets = [
        ("import throughput", f"{imp['jobs_per_s']:,.0f} jobs/s" if imp.get("jobs_per_s") else "n/a",
         ">= 150,000 jobs/s", imp.get("jobs_per_s"), lambda v: v >= 150_000),
        ("import time / DuckDB load", fmt_x(rows[0][1]), "<= 3.5x", rows[0][1], lambda v: v <= 3.5),
        ("sqlite-utils insert / import", fmt_x(rows[1][1]), ">= 8x", rows[1][1], lambda v: v >= 8),
        ("import peak memory", fmt_mb(imp.get("peak_kib")), "< 100 MB", imp.get("peak_kib"),
         lambda v: v < 100 * 1024),
        ("ledger size / DuckDB database", fmt_x(ratio(imp.get("ledger_bytes"), duck.get("bytes"))), "<= 6x",
         ratio(imp.get("ledger_bytes"), duck.get("bytes")), lambda v: v <= 6),
        ("re-import, unchanged", fmt_s(reimport), "< 100 ms", reimport, lambda v: v < 0.1),
        ("report monthly", fmt_s(monthly), "< 300 ms", monthly, lambda v: v < 0.3),
        ("budget check", fmt_s(med("budget check")), "< 1 s", med("budget check"), lambda v: v < 1),
    ]
    section(f"summary: {R['data'].get('shape', 'wrapped app logs')}")
    print(f"  {'figure':<32} {'value':>16}  {'target':<18} result")
    print(f"  {'-' * 32} {'-' * 16}  {'-' * 18} ------")
    R["targets"] = {}
    missed = 0
    for label, shown, target, value, check in targets:
        result = "n/a (not measured)" if value is None else ("pass" if check(value) else "MISSED")
        missed += result == "MISSED"
        R["targets"][label] = {"value": value, "target": target, "result": result}
        print(f"  {label:<32} {shown:>16}  {target:<18} {result}")
    others = [("report daily --by project,model", daily), ("forecast", med("forecast"))]
    for label, value in others:
        print(f"  {label:<32} {fmt_s(value):>16}  (no target)")
    print()
    peaks = [("import", imp.get("peak_kib")), ("re-import", R["reimport"].get("peak_kib"))]
    peaks += [(label, res.get("peak_kib")) for label, res in reports.items()]
    peaks += [("DuckDB load", duck.get("load_peak_kib")), ("sqlite-utils insert", su.get("load_peak_kib"))]
    print("  peak memory (max RSS): " + ", ".join(f"{label} {fmt_mb(kib)}" for label, kib in peaks))
    print()
    if missed:
        print(f"  MISSED: {missed} target{'s' if missed > 1 else ''} not met (the bench still exits 0)")
    else:
        print("  every measured target met")
