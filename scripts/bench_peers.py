#!/usr/bin/env python3
"""The peers' side of `make bench` (see docs/README-bench.md). Run by scripts/bench_run.py with
the bench venv's Python (which has duckdb); not meant to be run by hand, though it can be:

    python bench_peers.py duckdb-load   DB DATA_DIR [bare]
    python bench_peers.py duckdb-query  DB FROM TO RUNS
    python bench_peers.py sqlite-query  DB FROM TO RUNS

FROM and TO are Unix seconds (the month, TO exclusive). A query command prints one JSON object:
the median, every run's seconds, and what the queries returned (rows, jobs, seconds, cost), so the
caller can check that every system saw the same month.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

# The video object as the bench data writes it. Keys not listed (the envelope's `ts`, `level`,
# `event`; the object's `prompt`) are not parsed, hence not stored: soracost does not keep prompts
# either. Giving the schema skips DuckDB's type sampling, which soracost does not need either.
VIDEO = ("STRUCT(id VARCHAR, object VARCHAR, model VARCHAR, status VARCHAR, progress INTEGER, "
         "created_at BIGINT, completed_at BIGINT, expires_at BIGINT, size VARCHAR, seconds VARCHAR, "
         "remixed_from_video_id VARCHAR, error STRUCT(code VARCHAR, message VARCHAR, type VARCHAR, "
         "param VARCHAR), quality VARCHAR, misalignment VARCHAR)")
COLUMNS = ("{'provider': 'VARCHAR', 'account': 'VARCHAR', 'project': 'VARCHAR', 'user': 'VARCHAR', "
           "'tags': 'JSON', 'batch': 'BOOLEAN', 'kind': 'VARCHAR', 'segment_seconds': 'INTEGER', "
           "'video': '%s'}" % VIDEO)

# One row per line, with the columns soracost's `jobs` table has (seconds as an integer, size split
# into width and height, defaults for provider, batch and kind) plus the parsed video object as a
# STRUCT column: DuckDB's own form of the raw record soracost keeps in `job_raw`.
DUCKDB_LOAD = """
CREATE TABLE jobs AS SELECT
    COALESCE(provider, 'openai')                          AS provider,
    video.id                                              AS video_id,
    account,
    video.model                                           AS model,
    video.status                                          AS status,
    video.progress                                        AS progress,
    CAST(video.seconds AS INTEGER)                        AS seconds,
    CAST(split_part(video.size, 'x', 1) AS INTEGER)       AS width,
    CAST(split_part(video.size, 'x', 2) AS INTEGER)       AS height,
    video.created_at                                      AS created_at,
    video.completed_at                                    AS completed_at,
    video.expires_at                                      AS expires_at,
    video.remixed_from_video_id                           AS remixed_from,
    video.error.code                                      AS error_code,
    video.error.message                                   AS error_message,
    project,
    "user"                                                AS user_name,
    tags,
    COALESCE(batch, false)                                AS is_batch,
    COALESCE(kind, 'create')                              AS kind,
    segment_seconds,
    video                                                 AS raw
FROM read_json(?, format = 'newline_delimited', columns = %s)
""" % COLUMNS

# The same for bare video objects (one Videos API object per line): the object's own fields, the
# defaults soracost records for a line without an envelope, and the whole row as the raw STRUCT.
DUCKDB_LOAD_BARE = """
CREATE TABLE jobs AS SELECT
    'openai' AS provider, v.id AS video_id, NULL::VARCHAR AS account, v.model, v.status, v.progress,
    CAST(v.seconds AS INTEGER) AS seconds,
    CAST(split_part(v.size, 'x', 1) AS INTEGER) AS width, CAST(split_part(v.size, 'x', 2) AS INTEGER) AS height,
    v.created_at, v.completed_at, v.expires_at, v.remixed_from_video_id AS remixed_from,
    v.error.code AS error_code, v.error.message AS error_message,
    NULL::VARCHAR AS project, NULL::VARCHAR AS user_name, NULL::JSON AS tags, false AS is_batch,
    CASE WHEN v.remixed_from_video_id IS NULL THEN 'create' ELSE 'remix' END AS kind,
    NULL::INTEGER AS segment_seconds,
    v AS raw
FROM read_json(?, format = 'newline_delimited', columns = %s) v
""" % ("{'id': 'VARCHAR', 'object': 'VARCHAR', 'model': 'VARCHAR', 'status': 'VARCHAR', 'progress': 'INTEGER', "
        "'created_at': 'BIGINT', 'completed_at': 'BIGINT', 'expires_at': 'BIGINT', 'size': 'VARCHAR', "
        "'seconds': 'VARCHAR', 'remixed_from_video_id': 'VARCHAR', "
        "'error': 'STRUCT(code VARCHAR, message VARCHAR, type VARCHAR, param VARCHAR)', 'quality': 'VARCHAR', "
        "'misalignment': 'VARCHAR'}")


def measures(model: str, status: str, seconds: str, kind: str, segment: str, batch: str, width: str,
             height: str) -> str:
    """The SELECT list shared by both peers and both queries: jobs by status, billed seconds, and
    cost = billed seconds x the built-in card's list rate (sora-2 $0.10/s; sora-2-pro $0.30/s at
    720p and $0.50/s at 1024x1792; 1080p unpriced, i.e. NULL), failed jobs free, batch 50% off.
    Provider is ignored (Azure priced at OpenAI's rates)."""
    billed = f"(CASE WHEN {kind} = 'extension' THEN COALESCE({segment}, 0) ELSE CAST({seconds} AS INTEGER) END)"
    short = f"(CASE WHEN {width} < {height} THEN {width} ELSE {height} END)"
    rate = (f"(CASE WHEN {model} LIKE 'sora-2-pro%' THEN (CASE {short} WHEN 720 THEN 0.30 WHEN 1024 THEN 0.50 END) "
            f"ELSE 0.10 END)")
    return (f"COUNT(*) AS jobs, "
            f"SUM(CASE WHEN {status} = 'completed' THEN 1 ELSE 0 END) AS completed, "
            f"SUM(CASE WHEN {status} = 'failed' THEN 1 ELSE 0 END) AS failed, "
            f"SUM(CASE WHEN {status} = 'completed' THEN {billed} ELSE 0 END) AS seconds, "
            f"SUM(CASE WHEN {status} = 'completed' THEN {billed} * {rate} * "
            f"(CASE WHEN {batch} THEN 0.5 ELSE 1 END) ELSE 0 END) AS cost")


def base_model(model: str) -> str:
    return f"(CASE WHEN {model} LIKE 'sora-2-pro%' THEN 'sora-2-pro' ELSE 'sora-2' END)"


def queries(dialect: str) -> dict[str, str]:
    """monthly: the month by project and base model; daily: the same by UTC day, project and base
    model. `?` placeholders: FROM, TO (Unix seconds)."""
    if dialect == "duckdb":
        cols = dict(model="model", status="status", seconds="seconds", kind="kind", segment="segment_seconds",
                    batch="is_batch", width="width", height="height")
        created, project, day = "created_at", "project", "(created_at // 86400)"
    else:   # the flattened sqlite-utils table: names as in the log lines, seconds and size as text
        width = "CAST(substr(video_size, 1, instr(video_size, 'x') - 1) AS INTEGER)"
        height = "CAST(substr(video_size, instr(video_size, 'x') + 1) AS INTEGER)"
        cols = dict(model="video_model", status="video_status", seconds="video_seconds", kind="kind",
                    segment="CAST(segment_seconds AS INTEGER)", batch="batch", width=width, height=height)
        created, project, day = "video_created_at", "project", "(video_created_at / 86400)"
    select = measures(**cols)
    model = base_model(cols["model"])
    where = f"WHERE {created} >= ? AND {created} < ?"
    return {
        "monthly": f"SELECT {project} AS project, {model} AS model, {select} FROM jobs {where} "
                   f"GROUP BY 1, 2 ORDER BY 1, 2",
        "daily": f"SELECT {day} AS day, {project} AS project, {model} AS model, {select} FROM jobs {where} "
                 f"GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    }


def time_queries(connect, dialect: str, start: int, end: int, runs: int) -> dict:
    """Each run opens the database, runs the query and fetches every row (one warm-up run first)."""
    out = {}
    for name, sql in queries(dialect).items():
        times, rows = [], []
        for n in range(runs + 1):
            t0 = time.perf_counter()
            con = connect()
            rows = con.execute(sql, [start, end]).fetchall()
            con.close()
            if n:
                times.append(time.perf_counter() - t0)
        out[name] = {
            "median": statistics.median(times), "runs": times, "rows": len(rows),
            "jobs": sum(r[-5] for r in rows), "seconds": sum(r[-2] or 0 for r in rows),
            "cost": round(float(sum(r[-1] or 0 for r in rows)), 2),
        }
    return out


def main() -> int:
    command, db = sys.argv[1], sys.argv[2]
    if command == "duckdb-load":
        import duckdb
        con = duckdb.connect(db)
        bare = len(sys.argv) > 4 and sys.argv[4] == "bare"
        con.execute(DUCKDB_LOAD_BARE if bare else DUCKDB_LOAD, [os.path.join(sys.argv[3], "**", "*.jsonl")])
        count = con.execute("SELECT COUNT(*) FROM jobs").fetchone()[0]
        threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
        con.close()
        print(json.dumps({"rows": count, "threads": int(threads), "version": duckdb.__version__}))
        return 0
    start, end, runs = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    if command == "duckdb-query":
        import duckdb
        result = time_queries(lambda: duckdb.connect(db, read_only=True), "duckdb", start, end, runs)
    elif command == "sqlite-query":
        import sqlite3
        result = time_queries(lambda: sqlite3.connect(f"file:{db}?mode=ro", uri=True), "sqlite", start, end, runs)
        result["sqlite_version"] = sqlite3.sqlite_version
    else:
        print(f"unknown command {command}", file=sys.stderr)
        return 64
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
