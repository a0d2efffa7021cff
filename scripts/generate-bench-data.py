#!/usr/bin/env python3
"""Writes a large sample organization for import benchmarks: wrapped JSONL logs, and optionally
saved API list pages, from the same generator as the committed fixtures.

    python3 scripts/generate-bench-data.py                          # 1,000,000 jobs into bench/out
    python3 scripts/generate-bench-data.py --jobs 200000 --out /tmp/bench --pages --with-progress-lines
    python3 scripts/generate-bench-data.py --out /tmp/bench --check # validate what is there

Layout under --out:
    logs/<project>/app-2025-10-to-2026-03.jsonl   jobs created October 2025 to March 2026
    logs/<project>/app-2026-04-to-2026-09.jsonl   jobs created April to September 2026
    api-pages/page-00001.json ...                 (--pages) the studio project's list, newest
                                                  first, 100 per page, one compact line each

By default every job has exactly one line, its last known state (terminal, or queued or
in_progress for the few still running at shutdown). --with-progress-lines adds the
"video.created" line and, for about a third of the jobs, a "video.progress" line, as the
fixtures' application logs do. Same seed and arguments, same bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import soragen as sg  # noqa: E402

APR1 = 1775001600           # 2026-04-01T00:00:00Z: the split between the two files of a project
PERIODS = ("app-2025-10-to-2026-03.jsonl", "app-2026-04-to-2026-09.jsonl")
PAGE_SIZE = 100


def generate(n_jobs: int, out: str, seed: int, progress_lines: bool, pages: bool) -> dict:
    rng = random.Random(seed)
    pools = sg.Pools(rng)
    stats = {"jobs": 0, "lines": 0, "pages": 0, "bytes": 0}
    listed = []                 # studio jobs' final objects, oldest first
    for project in sg.PROJECTS:
        folder = os.path.join(out, "logs", project.name)
        os.makedirs(folder, exist_ok=True)
        files = [open(os.path.join(folder, name), "w", encoding="utf-8", newline="\n") for name in PERIODS]
        with_provider = project.account is not None
        keep = pages and project.name == "studio"
        day, buffer, target = None, [], files[0]

        def flush():
            buffer.sort(key=lambda x: x[0])
            target.write("".join(x[1] for x in buffer))
            stats["lines"] += len(buffer)
            buffer.clear()

        for job in sg.generate_project(rng, pools, project, round(n_jobs * project.share),
                                       batch_max=50, forced_pending=3):
            d = job.created // sg.DAY
            if d != day:
                flush()
                day = d
                target = files[job.created >= APR1]
            stats["jobs"] += 1
            final = sg.video_json(job)
            if keep:
                listed.append(final)
            if progress_lines:
                for ts, status, progress in sg.log_events(job):
                    video = final if status == job.status and progress == job.progress \
                        else sg.video_json(job, status, progress)
                    buffer.append((ts, sg.envelope_line(job, ts, video, status, with_provider) + "\n"))
            else:
                ts = job.done if job.done is not None else sg.log_events(job)[-1][0]
                buffer.append((ts, sg.envelope_line(job, ts, final, job.status, with_provider) + "\n"))
        flush()
        for f in files:
            f.close()
    if pages:
        folder = os.path.join(out, "api-pages")
        os.makedirs(folder, exist_ok=True)
        listed.reverse()        # newest first; generation order is by created_at
        npages = (len(listed) + PAGE_SIZE - 1) // PAGE_SIZE
        for n in range(npages):
            chunk = listed[n * PAGE_SIZE:(n + 1) * PAGE_SIZE]
            first, last = chunk[0][7:45], chunk[-1][7:45]      # '{"id":"' is 7 characters
            with open(os.path.join(folder, f"page-{n + 1:05d}.json"), "w", encoding="utf-8") as f:
                f.write('{"object":"list","data":[%s],"first_id":"%s","last_id":"%s","has_more":%s}\n' % (
                    ",".join(chunk), first, last, "true" if n < npages - 1 else "false"))
        stats["pages"] = npages
    for root, _, names in os.walk(out):
        stats["bytes"] += sum(os.path.getsize(os.path.join(root, n)) for n in names)
    return stats


def check(out: str, every: int) -> int:
    """Parses every `every`-th line and every page's first object with json.loads and checks the
    shared invariants; counts lines and distinct job ids in full."""
    probs = sg.Problems()
    ids, lines, parsed = set(), 0, 0
    marker = '"video":{"id":"'
    for project in sg.PROJECTS:
        for name in PERIODS:
            path = os.path.join(out, "logs", project.name, name)
            if not os.path.exists(path):
                probs.add(path, "missing")
                continue
            with open(path, encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    lines += 1
                    i = line.find(marker) + len(marker)
                    ids.add(line[i:i + 38])
                    if n % every == 1 or every == 1:
                        parsed += 1
                        e = sg.check_envelope(json.loads(line), f"{path}:{n}", probs)
                        if e is not None and json.loads(line)["project"] != project.name:
                            probs.add(f"{path}:{n}", "wrong project")
    folder = os.path.join(out, "api-pages")
    npages = 0
    if os.path.isdir(folder):
        names = sorted(os.listdir(folder))
        for k, name in enumerate(names):
            npages += 1
            if k % max(1, every // 100) == 0 or k == len(names) - 1:
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    page = json.load(f)
                data = page["data"]
                if page["first_id"] != data[0]["id"] or page["last_id"] != data[-1]["id"] or \
                        page["has_more"] != (k < len(names) - 1):
                    probs.add(name, "list envelope")
                for i, v in enumerate(data):
                    sg.check_video(v, f"{name}[{i}]", probs)
                    if v["id"] not in ids:
                        probs.add(f"{name}[{i}]", "not in the studio logs")
                if [v["created_at"] for v in data] != sorted((v["created_at"] for v in data), reverse=True):
                    probs.add(name, "not newest first")
    for p in probs[:40]:
        print("PROBLEM", p)
    print(f"{lines} lines, {len(ids)} distinct jobs, {npages} pages; parsed and checked {parsed} lines; "
          f"{len(probs)} problems")
    return 1 if probs else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jobs", type=int, default=1_000_000, help="distinct jobs, about (default 1,000,000)")
    ap.add_argument("--out", default="bench/out", help="output directory (default bench/out)")
    ap.add_argument("--seed", type=int, default=20251006)
    ap.add_argument("--with-progress-lines", action="store_true",
                    help="also write the created and progress lines of each job")
    ap.add_argument("--pages", action="store_true", help="also write the studio project's API list pages")
    ap.add_argument("--check", action="store_true", help="validate --out instead of writing")
    ap.add_argument("--check-every", type=int, default=100, metavar="K",
                    help="with --check, parse one line in K (default 100; 1 parses all)")
    args = ap.parse_args()
    if args.check:
        return check(args.out, args.check_every)
    start = time.perf_counter()
    stats = generate(args.jobs, args.out, args.seed, args.with_progress_lines, args.pages)
    took = time.perf_counter() - start
    print(f"{stats['jobs']} jobs, {stats['lines']} log lines, {stats['pages']} pages, "
          f"{stats['bytes'] / 1e6:.0f} MB under {args.out} in {took:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
