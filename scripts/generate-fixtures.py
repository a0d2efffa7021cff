#!/usr/bin/env python3
"""Writes the sample organization's saved job records under Fixtures/.

    python3 scripts/generate-fixtures.py --out Fixtures           # (re)write the fixtures
    python3 scripts/generate-fixtures.py --out Fixtures --check   # validate them, and check that
                                                                  # they are what this script writes

Seeded and deterministic: two runs give byte-identical files. See docs/README-fixtures.md for
what the files contain and the rules the checker enforces.
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import io
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import soragen as sg  # noqa: E402

SEED = 20251006
TOTAL_JOBS = 3200               # split across projects by Project.share
LOGROTATE = 1788243900          # 2026-09-01T06:25:00Z, cron.daily: marketing's log was rotated at
                                # the first moment after this when a job was in flight, so that job's
                                # lines start in app.jsonl.1.gz and end in app.jsonl
PAGE_SIZE = 100
COMPACT_PAGE = 3                # page-003.json is saved as one line, like `curl -s > file`
BROKEN_DAY = (sg.utc_day("2026-04-14") - sg.LAUNCH) // sg.DAY
CSV_COLUMNS = ("id", "model", "size", "seconds", "status", "created_at", "completed_at", "project",
               "user", "tags", "batch", "kind", "segment_seconds", "error_code")


def build() -> tuple[dict[str, bytes], list]:
    """Every fixture file (relative path -> bytes), and the list of broken.jsonl's bad lines."""
    rng = random.Random(SEED)
    pools = sg.Pools(rng)
    jobs = {p.name: list(sg.generate_project(rng, pools, p, round(TOTAL_JOBS * p.share),
                                             batch_max=8, forced_pending=3))
            for p in sg.PROJECTS}
    files = {}

    # Studio: a few jobs never reached the app log (made from a notebook), a few were deleted
    # through the API after the app logged them, so they are missing from the saved pages.
    sources = {j.remix_of for js in jobs.values() for j in js if j.remix_of}
    for job in jobs["studio"]:
        r = rng.random()
        if r < 0.02 and job.id not in sources:
            job.visibility = "pages"
        elif r < 0.03 and job.terminal() and job.created < LOGROTATE:
            job.visibility = "log"
    # A few late, stale progress lines written after the terminal line.
    for name in ("marketing", "studio"):
        for job in jobs[name]:
            job.stale = job.terminal() and job.progress_at is not None and rng.random() < 0.02
    for job in jobs["support-bot"]:
        job.unix_times = rng.random() < 0.10

    marketing = log_lines(jobs["marketing"], sg.PROJECT_BY_NAME["marketing"])
    rotated = next(j.created for j in jobs["marketing"] if j.created >= LOGROTATE) + 30
    old = "".join(line + "\n" for ts, line in marketing if ts < rotated)
    files["logs/marketing/app.jsonl.1.gz"] = gzip.compress(old.encode(), compresslevel=9, mtime=0)
    files["logs/marketing/app.jsonl"] = "".join(
        line + "\n" for ts, line in marketing if ts >= rotated).encode()
    broken, listing = broken_file(rng, pools)
    files["logs/marketing/broken.jsonl"] = broken.encode()
    files["logs/studio/app.jsonl"] = "".join(
        line + "\n" for ts, line in log_lines(jobs["studio"], sg.PROJECT_BY_NAME["studio"])).encode()
    files.update(pages(jobs["studio"]))
    files["logs/support-bot/jobs.csv"] = csv_file(jobs["support-bot"]).encode()
    return files, listing


def log_lines(jobs, project):
    """(ts, line) for every log line the project's app wrote, in file order."""
    out = []
    for seq, job in enumerate(jobs):
        if job.visibility == "pages":
            continue
        with_provider = job.created >= project.omit_provider_before or job.provider != "openai"
        events = sg.log_events(job)
        for i, (ts, status, progress) in enumerate(events):
            line = sg.envelope_line(job, ts, sg.video_json(job, status, progress), status, with_provider)
            out.append((ts, seq, i, line))
        if job.stale and len(events) == 3:
            ts, status, progress = events[1]
            line = sg.envelope_line(job, ts, sg.video_json(job, status, progress), status, with_provider)
            out.append((events[2][0], seq, 9, line))   # logged late: after the terminal line
    out.sort(key=lambda x: x[:3])
    return [(x[0], x[3]) for x in out]


def pages(jobs):
    """The studio project's list, newest first, as a user saved it page by page."""
    listed = sorted((j for j in jobs if j.visibility != "log"), key=lambda j: (j.created, j.id), reverse=True)
    out = {}
    npages = (len(listed) + PAGE_SIZE - 1) // PAGE_SIZE
    for n in range(npages):
        data = [json.loads(sg.video_json(j)) for j in listed[n * PAGE_SIZE:(n + 1) * PAGE_SIZE]]
        page = {"object": "list", "data": data, "first_id": data[0]["id"], "last_id": data[-1]["id"],
                "has_more": n < npages - 1}
        if n + 1 == COMPACT_PAGE:
            text = json.dumps(page, ensure_ascii=False, separators=(",", ":"))
        else:
            text = json.dumps(page, ensure_ascii=False, indent=2) + "\n"
        out[f"api-pages/page-{n + 1:03d}.json"] = text.encode()
    return out


def csv_file(jobs):
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for j in jobs:
        when = (lambda t: str(t)) if j.unix_times else sg.iso
        tags = json.loads(j.tags) if j.tags else None
        w.writerow([
            j.id, j.model, j.size, j.seconds, j.status, when(j.created),
            when(j.done) if j.done is not None else "", j.project, json.loads(j.user),
            ";".join(f"{k}={v}" for k, v in tags.items()) if tags else "",
            "true" if j.batch else "false", j.kind,
            j.segment if j.segment is not None else "",
            json.loads(j.error)["code"] if j.error else "",
        ])
    return buf.getvalue()


BAD_FAULTS = (
    # (fault, what the importer should reject, or skip for the blank line)
    ("truncated", "truncated JSON (the line stops mid-object)"),
    ("seconds", 'video.seconds is "eight"'),
    ("size", 'video.size is "720by1280"'),
    ("no-id", "video.id is missing"),
    ("created-type", "video.created_at is true (a boolean)"),
    ("status", 'video.status is "done" (unknown)'),
    ("text", "a plain-text log line, not JSON"),
    ("blank", "blank line: skip it, do not reject it"),
)


def broken_file(rng, pools):
    """About twenty good marketing lines of one day, with one bad line of each kind among them.

    Returns (text, [(1-based line number, fault, reason)]). The jobs here appear in no other
    file, and each bad line's job appears nowhere else, so the bad lines add no jobs.
    """
    project = sg.PROJECT_BY_NAME["marketing"]
    day = sg.LAUNCH + BROKEN_DAY * sg.DAY
    made = list(sg.generate_project(rng, pools, project, 30, batch_max=3, days=range(BROKEN_DAY, BROKEN_DAY + 1)))
    good_jobs, bad_jobs = [], []
    for job in made:                # alternate, so bad lines fall among the good ones
        if job.kind == "remix":
            continue
        if len(bad_jobs) < 6 and job.status == "completed" and job.kind == "create" and \
                len(good_jobs) > len(bad_jobs):
            bad_jobs.append(job)
        elif len(log_lines(good_jobs, project)) < 20:
            good_jobs.append(job)
    assert len(bad_jobs) == 6, "too few jobs for the bad lines"

    def terminal(job):
        return sg.envelope_line(job, job.done, sg.video_json(job), job.status)

    b = iter(bad_jobs)
    j = next(b)
    line = terminal(j)
    faulty = [(j.done, "truncated", line[:len(line) * 3 // 5])]
    j = next(b)
    j.seconds = 8
    faulty.append((j.done, "seconds", terminal(j).replace('"seconds":"8"', '"seconds":"eight"')))
    j = next(b)
    j.size = sg.PORTRAIT
    faulty.append((j.done, "size", terminal(j).replace('"size":"720x1280"', '"size":"720by1280"')))
    j = next(b)
    faulty.append((j.done, "no-id", terminal(j).replace('"id":"%s",' % j.id, "")))
    j = next(b)
    faulty.append((j.done, "created-type", terminal(j).replace('"created_at":%d' % j.created, '"created_at":true')))
    j = next(b)
    faulty.append((j.done, "status", terminal(j).replace('"status":"completed"', '"status":"done"')))
    mid = sorted(job.created for job in good_jobs)[len(good_jobs) // 2]
    faulty.append((mid + 7, "text", sg.iso(mid + 7) + " WARN retrying request (attempt 2/5) after HTTP 429"))
    for _, fault, text in faulty:
        assert text != terminal(bad_jobs[0]), fault

    merged = sorted([(ts, 0, line, None) for ts, line in log_lines(good_jobs, project)] +
                    [(ts, 1, line, fault) for ts, fault, line in faulty], key=lambda x: x[:2])
    merged.insert(9, (None, 0, "", "blank"))
    reasons = dict(BAD_FAULTS)
    listing = [(n, fault, reasons[fault]) for n, (_, _, _, fault) in enumerate(merged, 1) if fault]
    assert [f for _, f, _ in sorted(listing, key=lambda x: x[1])] == sorted(reasons)
    return "".join(x[2] + "\n" for x in merged), listing


# --------------------------------------------------------------------------------------------
# --check

def check(out: str) -> int:
    probs = sg.Problems()
    expected, listing = build()
    # 1. The files on disk are exactly what this script writes.
    on_disk = set()
    for sub in ("logs", "api-pages"):
        for root, _, names in os.walk(os.path.join(out, sub)):
            for n in names:
                on_disk.add(os.path.relpath(os.path.join(root, n), out))
    for rel in sorted(on_disk | set(expected)):
        path = os.path.join(out, rel)
        if rel not in expected:
            probs.add(rel, "on disk but not written by the generator")
        elif rel not in on_disk:
            probs.add(rel, "missing: run the generator")
        elif open(path, "rb").read() != expected[rel]:
            probs.add(rel, "differs from what the generator writes: regenerate")

    ledger = sg.Ledger(probs)
    lines_by_file = collections.Counter()

    def read_log(rel, text, project):
        for n, raw in enumerate(text.split("\n")[:-1], 1):
            where = f"{rel}:{n}"
            lines_by_file[rel] += 1
            e = json.loads(raw)
            v = sg.check_envelope(e, where, probs)
            if v is not None:
                if e["project"] != project:
                    probs.add(where, f"project {e['project']} in {project}'s log")
                ledger.see(v, where, project, rel, e)
        if not text.endswith("\n"):
            probs.add(rel, "no final newline")

    def file_text(rel):
        data = open(os.path.join(out, rel), "rb").read()
        return (gzip.decompress(data) if rel.endswith(".gz") else data).decode()

    read_log("logs/marketing/app.jsonl.1.gz", file_text("logs/marketing/app.jsonl.1.gz"), "marketing")
    read_log("logs/marketing/app.jsonl", file_text("logs/marketing/app.jsonl"), "marketing")
    read_log("logs/studio/app.jsonl", file_text("logs/studio/app.jsonl"), "studio")
    log_stale = ledger.stale

    # 2. Pages: the list envelope, 100 per page, newest first, has_more on all but the last.
    page_files = sorted(r for r in expected if r.startswith("api-pages/"))
    page_ids, prev = set(), None
    for i, rel in enumerate(page_files):
        page = json.loads(file_text(rel))
        if list(page) != ["object", "data", "first_id", "last_id", "has_more"] or page["object"] != "list":
            probs.add(rel, "list envelope keys")
        data = page["data"]
        if page["has_more"] != (i < len(page_files) - 1) or \
                (len(data) != PAGE_SIZE if page["has_more"] else not 0 < len(data) <= PAGE_SIZE):
            probs.add(rel, "page size or has_more")
        if page["first_id"] != data[0]["id"] or page["last_id"] != data[-1]["id"]:
            probs.add(rel, "first_id/last_id")
        for k, v in enumerate(data):
            where = f"{rel}[{k}]"
            if sg.check_video(v, where, probs) is None:
                continue
            key = (v["created_at"], v["id"])
            if prev is not None and key >= prev:
                probs.add(where, "not in descending created_at order")
            prev = key
            page_ids.add(v["id"])
            ledger.see(v, where, "studio", "pages")
    compact = [r for r in page_files if "\n" not in file_text(r)]
    if len(compact) != 1:
        probs.add("api-pages", f"expected exactly one compact page, found {compact}")

    # 3. The support-bot CSV.
    text = file_text("logs/support-bot/jobs.csv")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if tuple(rows[0]) != CSV_COLUMNS:
        probs.add("jobs.csv", "header")
    csv_jobs = {}
    unix_rows = quoted = 0
    for n, row in enumerate(rows[1:], 2):
        where = f"jobs.csv:{n}"
        r = dict(zip(CSV_COLUMNS, row))
        if len(row) != len(CSV_COLUMNS):
            probs.add(where, "column count")
            continue
        times = []
        for k in ("created_at", "completed_at"):
            s = r[k]
            if s.isdigit():
                times.append(int(s))
                unix_rows += k == "created_at"
            elif s:
                times.append(sg.parse_iso(s) if sg.TS_RE.match(s) else None)
            else:
                times.append(None)
        if any(c in r["tags"] for c in ',"'):
            quoted += 1
        v = {"id": r["id"], "object": "video", "model": r["model"], "status": r["status"],
             "progress": 100 if r["status"] == "completed" else 0 if r["status"] == "queued" else 50,
             "created_at": times[0], "completed_at": times[1],
             "expires_at": times[0] + sg.DAY if r["status"] == "completed" and times[0] else None,
             "prompt": "", "size": r["size"], "seconds": r["seconds"], "remixed_from_video_id": None,
             "error": {"code": r["error_code"], "message": ""} if r["error_code"] else None}
        if times[0] is not None and times[0] < sg.NOV1:
            del v["prompt"]
        env = {"ts": sg.iso(times[1] or times[0] or 0), "level": "info",
               "event": sg.EVENT.get(r["status"], ("", ""))[1], "project": r["project"], "user": r["user"],
               "tags": dict(kv.split("=", 1) for kv in r["tags"].split(";")) if r["tags"] else None,
               "batch": {"true": True, "false": False}.get(r["batch"]), "kind": r["kind"],
               "segment_seconds": int(r["segment_seconds"]) if r["segment_seconds"] else None, "video": v}
        if r["kind"] == "remix":
            v["remixed_from_video_id"] = "video_" + "0" * 32   # the CSV does not name the source
        if sg.check_envelope(env, where, probs) is not None:
            if r["id"] in csv_jobs or r["id"] in ledger.jobs:
                probs.add(where, "id seen before")
            csv_jobs[r["id"]] = (r, v)
    if not text.endswith("\r\n") or "\n" in text.replace("\r\n", ""):
        probs.add("jobs.csv", "line endings are not CRLF")
    if unix_rows == 0 or quoted == 0:
        probs.add("jobs.csv", "needs rows with Unix-seconds times and quoted tag values")

    # 4. broken.jsonl: exactly the listed lines are bad, the others are good envelopes.
    rel = "logs/marketing/broken.jsonl"
    listing = {n: (fault, reason) for n, fault, reason in listing}
    broken_good = 0
    for n, raw in enumerate(file_text(rel).split("\n")[:-1], 1):
        local = sg.Problems()
        try:
            e = json.loads(raw) if raw else None
            ok = e is not None and sg.check_envelope(e, f"{rel}:{n}", local) is not None and not local \
                and sg.ID_RE.match(e["video"].get("id", ""))
        except (ValueError, TypeError, AttributeError):
            ok = False
        if bool(ok) == (n in listing):
            probs.add(f"{rel}:{n}", "listed as bad but valid" if ok else f"unexpectedly bad: {local}")
        if ok:
            broken_good += 1
            ledger.see(e["video"], f"{rel}:{n}", "marketing", rel, e)

    ledger.check_sources()
    for vid, j in ledger.jobs.items():
        if vid in csv_jobs:
            probs.add(vid, "in the CSV and elsewhere")
    if ledger.stale - log_stale:
        probs.add("api-pages", "a page holds an older status than the logs")

    # 5. Every studio job in the logs is on a page, except those deleted; and vice versa.
    studio_log = {vid for vid, j in ledger.jobs.items() if "logs/studio/app.jsonl" in j["sources"]}
    deleted, page_only = studio_log - page_ids, page_ids - studio_log

    summary(out, ledger, csv_jobs, page_files, lines_by_file, deleted, page_only, log_stale, broken_good,
            listing)
    for p in probs[:40]:
        print("PROBLEM", p)
    print(f"{len(probs)} problems")
    return 1 if probs else 0


def summary(out, ledger, csv_jobs, page_files, lines_by_file, deleted, page_only, stale, broken_good,
            listing):
    rows = []
    for vid, j in ledger.jobs.items():
        v = j["final"]
        rows.append((j["project"], sg.SNAPSHOTS[v["model"]], v["model"], v["status"], j["kind"],
                     v["created_at"], v["size"], int(v["seconds"]), j["batch"], j["provider"]))
    for vid, (r, v) in csv_jobs.items():
        rows.append(("support-bot", sg.SNAPSHOTS[r["model"]], r["model"], r["status"], r["kind"],
                     v["created_at"], r["size"], int(r["seconds"]), r["batch"] == "true", "openai"))
    print(f"distinct jobs: {len(rows)}")
    per_source = collections.Counter()
    for j in ledger.jobs.values():
        srcs = j["sources"]
        if srcs & {"logs/marketing/app.jsonl", "logs/marketing/app.jsonl.1.gz"}:
            per_source["marketing app.jsonl + app.jsonl.1.gz"] += 1
        for s in ("logs/marketing/broken.jsonl", "logs/studio/app.jsonl", "pages"):
            per_source[s] += s in srcs
        per_source["studio logs and pages"] += {"logs/studio/app.jsonl", "pages"} <= srcs
    per_source["support-bot jobs.csv"] = len(csv_jobs)
    print("distinct jobs per source:", dict(per_source))
    by = collections.Counter((r[0], r[1], r[3]) for r in rows)
    projects = sorted({r[0] for r in rows})
    print("\n| project | model | completed | failed | in_progress | queued | total |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for p in projects:
        for m in ("sora-2", "sora-2-pro"):
            c = [by[(p, m, s)] for s in ("completed", "failed", "in_progress", "queued")]
            print(f"| {p} | {m} | " + " | ".join(map(str, c)) + f" | {sum(c)} |")
    c = [sum(1 for r in rows if r[3] == s) for s in ("completed", "failed", "in_progress", "queued")]
    print("| **all** | | " + " | ".join(map(str, c)) + f" | {len(rows)} |")
    print("\nmodel strings:", dict(sorted(collections.Counter(r[2] for r in rows).items())))
    print("kinds:", dict(collections.Counter(r[4] or "unknown (pages only)" for r in rows)))
    late = [r for r in rows if r[5] >= sg.MARCH1]
    print(f"batch: {sum(1 for r in rows if r[8])} jobs, {sum(1 for r in late if r[8]) / len(late):.1%} of "
          f"those from 2026-03-01; failed: {sum(1 for r in rows if r[3] == 'failed') / len(rows):.1%}")
    print("providers:", dict(collections.Counter(r[9] for r in rows)))
    # Seconds of completed video by built-in rate class (reference: docs/README-fixtures.md).
    rate = {("sora-2", 720): 0.10, ("sora-2-pro", 720): 0.30, ("sora-2-pro", 1024): 0.50}
    secs = collections.Counter()
    for r in rows:
        if r[3] == "completed":
            short = min(int(x) for x in r[6].split("x"))
            secs[(r[1], short, "batch" if r[8] else "sync")] += r[7]
    print("completed seconds by (model, short side, sync/batch):", dict(sorted(secs.items())))
    usd = sum(n * rate[(m, short)] * (0.5 if b == "batch" else 1.0)
              for (m, short, b), n in secs.items() if (m, short) in rate)
    print(f"at list prices, failed free, batch 50% off, 1080p unpriced: ${usd:,.2f}")
    print("sizes:", dict(sorted(collections.Counter(r[6] for r in rows).items())))
    print("seconds:", dict(sorted(collections.Counter(r[7] for r in rows).items())))
    months = collections.Counter(sg.iso(r[5])[:7] for r in rows)
    print("by month:", dict(sorted(months.items())))
    wd = collections.Counter((r[5] - sg.LAUNCH) // sg.DAY % 7 for r in rows)
    print("by weekday (Mon..Sun):", [wd[i] for i in range(7)])
    print(f"studio: {len(deleted)} logged but deleted (not on pages), {len(page_only)} on pages only; "
          f"{len(page_files)} pages")
    print(f"stale progress lines after a terminal line: {stale}")
    print(f"broken.jsonl: {broken_good} good lines; bad lines:")
    for n, (fault, reason) in sorted(listing.items()):
        print(f"  line {n}: {reason}")
    print("lines per log file:", dict(lines_by_file))
    total = 0
    for root, _, names in sorted(os.walk(out)):
        for n in sorted(names):
            total += os.path.getsize(os.path.join(root, n))
    print(f"total bytes under {out}: {total}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="Fixtures", help="directory to write (default Fixtures)")
    ap.add_argument("--check", action="store_true", help="validate the files in --out instead of writing")
    args = ap.parse_args()
    if args.check:
        return check(args.out)
    files, listing = build()
    stale_pages = os.path.join(args.out, "api-pages")
    if os.path.isdir(stale_pages):
        for n in os.listdir(stale_pages):
            if n.startswith("page-") and f"api-pages/{n}" not in files:
                os.remove(os.path.join(stale_pages, n))
    for rel, data in sorted(files.items()):
        path = os.path.join(args.out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    print(f"wrote {len(files)} files, {sum(map(len, files.values()))} bytes under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
