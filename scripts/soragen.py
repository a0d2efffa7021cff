"""Shared generator of the sample organization's Sora 2 video jobs.

Used by generate-fixtures.py (the small committed sample under Fixtures/) and by
generate-bench-data.py (millions of jobs for import benchmarks). Python 3.11 standard library
only. Everything is driven by one random.Random, so a seed gives byte-identical output.

Times are Unix seconds, UTC. The service ran from LAUNCH (2025-10-06) until SHUTDOWN
(2026-09-24); no job is created, progresses or completes on or after SHUTDOWN. Only
`expires_at` (created_at + 24 h, a promise the API made) may fall after it.

Objects are serialized with string templates rather than json.dumps so that a million jobs
take seconds; every string that goes into a template is escaped once with json.dumps when the
pools are built, and the check modes parse the output back with json.loads.
"""

from __future__ import annotations

import bisect
import calendar
import json
import math
import re
import time

DAY = 86400
LAUNCH = 1759708800      # 2025-10-06T00:00:00Z, Sora 2 in the API
NOV1 = 1761955200        # 2025-11-01: `prompt` appears in the video object
DEC8 = 1765152000        # 2025-12-08: snapshot sora-2-2025-12-08
MARCH1 = 1772323200      # 2026-03-01: 16/20 s, 1080p pro sizes, edits, extensions, batch
SHUTDOWN = 1790208000    # 2026-09-24T00:00:00Z: nothing at or after this instant
END = SHUTDOWN - 1       # the last second anything happened
NDAYS = (SHUTDOWN - LAUNCH) // DAY

PORTRAIT, LANDSCAPE = "720x1280", "1280x720"
STATUSES = ("queued", "in_progress", "completed", "failed")
KINDS = ("create", "remix", "edit", "extension")
SNAPSHOTS = {
    "sora-2": "sora-2", "sora-2-pro": "sora-2-pro",
    "sora-2-2025-10-06": "sora-2", "sora-2-pro-2025-10-06": "sora-2-pro",
    "sora-2-2025-12-08": "sora-2",
}
VIDEO_KEYS = ("id", "object", "model", "status", "progress", "created_at", "completed_at",
              "expires_at", "prompt", "size", "seconds", "remixed_from_video_id", "error")
EXTRA_VIDEO_KEYS = ("quality", "misalignment")
ENVELOPE_KEYS = ("ts", "level", "event", "provider", "account", "project", "user", "tags",
                 "batch", "kind", "segment_seconds", "video")
ID_RE = re.compile(r"video_[0-9a-f]{32}\Z")
TS_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\Z")


_DATES = [time.strftime("%Y-%m-%dT", time.gmtime(LAUNCH + d * DAY)) for d in range(NDAYS + 2)]
_CLOCK = ["%02d:%02d:%02dZ" % (s // 3600, s // 60 % 60, s % 60) for s in range(DAY)]


def iso(t: int) -> str:
    """ISO 8601 UTC with a Z, as the logs write `ts` (tables for the service's span: fast)."""
    if LAUNCH <= t < SHUTDOWN + 2 * DAY:
        return _DATES[(t - LAUNCH) // DAY] + _CLOCK[t % DAY]
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def iso_date(t: int) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(t))


def sizes_for(base_model: str, t: int) -> tuple[str, ...]:
    """Sizes a model accepted at time t."""
    if base_model == "sora-2":
        return (PORTRAIT, LANDSCAPE)
    if t >= MARCH1:
        return (PORTRAIT, LANDSCAPE, "1024x1792", "1792x1024", "1920x1080", "1080x1920")
    return (PORTRAIT, LANDSCAPE, "1024x1792", "1792x1024")


def durations_for(t: int) -> tuple[int, ...]:
    return (4, 8, 12, 16, 20) if t >= MARCH1 else (4, 8, 12)


# --------------------------------------------------------------------------------------------
# The sample organization

class Project:
    """How one project uses the API: its share of jobs, people, tags, models and hours."""

    def __init__(self, name, share, account, users, campaigns, teams, pro_share, portrait_share,
                 hours, weekend, start, prompts, tagless=0.1, azure=0.0, omit_provider_before=0):
        self.name, self.share, self.account = name, share, account
        self.users = users                # [(email, weight)]
        self.campaigns = campaigns        # [(name, first_day, last_day)] as Unix times
        self.teams = teams
        self.pro_share, self.portrait_share = pro_share, portrait_share
        self.hours = hours                # 24 relative weights, UTC hours
        self.weekend = weekend            # (Saturday factor, Sunday factor)
        self.start = start
        self.prompts = prompts            # (subjects, actions, settings, styles)
        self.tagless = tagless
        self.azure = azure
        self.omit_provider_before = omit_provider_before


def utc_day(s: str) -> int:
    """Unix time of 00:00 UTC on the date YYYY-MM-DD."""
    return calendar.timegm(time.strptime(s, "%Y-%m-%d"))


def parse_iso(s: str) -> int:
    """Unix time of an ISO 8601 UTC `YYYY-MM-DDTHH:MM:SSZ`."""
    return calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))


def _bell(center: float, width: float, floor: float) -> list[float]:
    """24 hourly weights peaking at `center` (UTC hour, wraps around midnight)."""
    out = []
    for h in range(24):
        dist = min(abs(h + 0.5 - center), 24 - abs(h + 0.5 - center))
        out.append(floor + math.exp(-0.5 * (dist / width) ** 2))
    return out


PROJECTS = (
    Project(
        "marketing", 0.50, "proj_marketing",
        users=[("ana.silva@example.com", 5), ("tom.becker@example.com", 3),
               ("priya.nair@example.com", 2), ("lucas.moreau@example.com", 2)],
        campaigns=[("launch-teaser", utc_day("2025-10-06"), utc_day("2025-11-15")),
                   ("holiday-2025", utc_day("2025-11-10"), utc_day("2025-12-31")),
                   ("brand-refresh", utc_day("2026-01-05"), utc_day("2026-09-24")),
                   ("spring-launch", utc_day("2026-02-15"), utc_day("2026-04-30")),
                   ("summer-sale", utc_day("2026-05-20"), utc_day("2026-08-15")),
                   ("back-to-school", utc_day("2026-08-01"), utc_day("2026-09-24"))],
        teams=["brand", "growth", "social"],
        pro_share=0.30, portrait_share=0.65,
        hours=_bell(12.5, 3.5, 0.04), weekend=(0.40, 0.30), start=LAUNCH,
        prompts=(["A sneaker", "Our new espresso machine", "A smartwatch", "A bottle of sparkling water",
                  "A backpack", "The spring collection", "A scented candle", "A pair of headphones",
                  "A crème brûlée", "A café terrace sign reading \"OPEN\""],
                 ["rotates slowly", "splashes into water", "floats above a table", "is unboxed by two hands",
                  "appears in a burst of confetti", "glides past the camera"],
                 ["on a marble counter", "in a sunlit studio", "on a city rooftop at dusk",
                  "on a beach at golden hour", "in a Berlin U-Bahn station", "against a pastel backdrop"],
                 ["product ad, 35mm", "vertical social clip", "soft studio lighting", "high-energy cuts",
                  "macro close-up", "minimalist, white space"]),
        tagless=0.08, azure=0.04, omit_provider_before=utc_day("2025-12-15"),
    ),
    Project(
        "studio", 0.28, "proj_studio",
        users=[("jin.park@example.com", 4), ("maria.gonzalez@example.com", 4),
               ("sam.okafor@example.com", 3), ("elena.rossi@example.com", 2),
               ("ana.silva@example.com", 1)],
        campaigns=[("pitch-reel", utc_day("2025-10-06"), utc_day("2026-09-24")),
                   ("short-film-aurora", utc_day("2025-11-20"), utc_day("2026-04-15")),
                   ("music-video-kite", utc_day("2026-03-01"), utc_day("2026-07-31")),
                   ("series-harbor", utc_day("2026-06-15"), utc_day("2026-09-24"))],
        teams=["previs", "vfx", "story"],
        pro_share=0.58, portrait_share=0.25,
        hours=_bell(20.5, 3.5, 0.05), weekend=(0.55, 0.45), start=LAUNCH,
        prompts=(["A lighthouse keeper", "Two astronauts", "A fox", "A vintage tram", "A lone violinist",
                  "A paper boat", "An old fisherman", "A dragon kite", "Ein Mädchen mit Laterne"],
                 ["walks through fog", "drifts in slow motion", "turns toward the camera",
                  "crosses a frozen lake", "waits under a streetlight", "is caught in a sudden storm"],
                 ["at dawn", "in a neon-lit alley", "on a windswept harbor", "inside a derelict cinema",
                  "under the northern lights", "in a snowy pine forest"],
                 ["anamorphic, shallow depth of field", "handheld documentary look", "Steadicam tracking shot",
                  "16mm film grain", "wide establishing shot", "moody teal and orange grade"]),
        tagless=0.12,
    ),
    Project(
        "support-bot", 0.22, None,
        users=[("support-bot@example.com", 8), ("kenji.watanabe@example.com", 2),
               ("fatima.haddad@example.com", 2), ("olivia.brown@example.com", 1),
               ("priya.nair@example.com", 1)],
        campaigns=[("faq-videos", utc_day("2025-11-17"), utc_day("2026-09-24")),
                   ("onboarding", utc_day("2026-01-12"), utc_day("2026-09-24")),
                   ("returns, refunds", utc_day("2026-02-02"), utc_day("2026-09-24")),
                   ("the \"welcome\" series", utc_day("2026-05-04"), utc_day("2026-06-30"))],
        teams=["support", "cx"],
        pro_share=0.06, portrait_share=0.80,
        hours=_bell(14.0, 6.0, 0.25), weekend=(0.80, 0.75), start=utc_day("2025-11-17"),
        prompts=(["A friendly robot", "A hand", "A phone screen", "A parcel", "A customer"],
                 ["shows how to reset a password", "taps the settings icon", "opens the returns form",
                  "tracks a delivery on a map", "scans a QR code"],
                 ["on a clean white background", "in a bright kitchen", "at a service desk"],
                 ["flat illustration style", "screen-recording look", "friendly explainer"]),
        tagless=0.05,
    ),
)
PROJECT_BY_NAME = {p.name: p for p in PROJECTS}

ERRORS = (
    # (weight, code, message, extra JSON members)
    (82, "moderation_blocked", "Your request was blocked by our moderation system.", ""),
    (10, "internal_error", "The video could not be generated. Please try again.",
     ',"type":"server_error","param":null'),
    (8, "internal_error", "Generation timed out.", ""),
)


def growth(t: int) -> float:
    """Relative volume on the day starting at t: growth over the year, a holiday dip."""
    x = (t - LAUNCH) / (SHUTDOWN - LAUNCH)
    g = math.exp(1.6 * x)
    if t < LAUNCH + 3 * DAY:
        g *= 1.8                    # launch-week curiosity
    md = time.gmtime(t)[1:3]
    if md >= (12, 24) or md <= (1, 1):
        g *= 0.35                   # holidays
    return g


# --------------------------------------------------------------------------------------------
# Jobs

class Job:
    """One video job and everything any source will say about it."""

    __slots__ = ("id", "project", "provider", "account", "model", "size", "seconds", "status",
                 "progress", "created", "done", "prompt", "remix_of", "error", "kind", "segment",
                 "batch", "user", "tags", "quality", "misalignment", "progress_at", "stale",
                 "visibility", "unix_times")

    def terminal(self) -> bool:
        return self.status in ("completed", "failed")


class Pools:
    """Pre-escaped strings so templates never call json.dumps per job."""

    def __init__(self, rng):
        self.prompts = {}
        for p in PROJECTS:
            subjects, actions, settings, styles = p.prompts
            pool = []
            for _ in range(400):
                text = f"{rng.choice(subjects)} {rng.choice(actions)} {rng.choice(settings)}, {rng.choice(styles)}"
                pool.append(json.dumps(text, ensure_ascii=False))
            self.prompts[p.name] = pool
        self.users = {p.name: ([json.dumps(u) for u, _ in p.users],
                               list(_cum([w for _, w in p.users]))) for p in PROJECTS}
        self.hours = {p.name: list(_cum(p.hours)) for p in PROJECTS}
        self.errors = list(_cum([e[0] for e in ERRORS]))
        self.tags = {}

    def tags_json(self, campaign, team) -> str:
        key = (campaign, team)
        s = self.tags.get(key)
        if s is None:
            s = self.tags[key] = json.dumps({"campaign": campaign, "team": team},
                                            ensure_ascii=False, separators=(",", ":"))
        return s


def _cum(ws):
    total = 0.0
    for w in ws:
        total += w
        yield total


def _pick(random, cum):
    """Index drawn from cumulative weights; `random` is a bound Random.random."""
    return bisect.bisect_right(cum, random() * cum[-1])


def daily_counts(rng, project: Project, n: int, days: range = range(NDAYS)) -> list[int]:
    """Jobs per day (index from LAUNCH), summing exactly to n; days outside `days` get none."""
    weights = []
    for d in range(NDAYS):
        t = LAUNCH + d * DAY
        if t < project.start or d not in days:
            weights.append(0.0)
            continue
        wd = d % 7                  # LAUNCH is a Monday: 5 = Saturday, 6 = Sunday
        w = growth(t) * (project.weekend[0] if wd == 5 else project.weekend[1] if wd == 6 else 1.0)
        weights.append(w * rng.lognormvariate(0.0, 0.18))
    total = sum(weights)
    counts, acc, prev = [], 0.0, 0
    for w in weights:
        acc += w * n / total
        cur = round(acc)
        counts.append(cur - prev)
        prev = cur
    return counts


def generate_project(rng, pools: Pools, project: Project, n: int, batch_max: int,
                     forced_pending: int = 0, days: range = range(NDAYS)):
    """Yield the project's jobs in created_at order, day by day.

    batch_max caps the jobs of one batch submission. forced_pending adds that many extra jobs
    in the last minute before shutdown, so the data always ends with a few queued or
    in-progress jobs. `days` (indexes from LAUNCH) limits the span.
    """
    name = project.name
    random = rng.random     # hot loop: random() and int(random() * n) instead of randrange/choice
    prompts = pools.prompts[name]
    users, user_cum = pools.users[name]
    hours = pools.hours[name]
    recent = []                     # completed jobs that may be remixed or extended
    campaigns = project.campaigns
    teams = project.teams
    account = project.account
    for d, count in enumerate(daily_counts(rng, project, n, days)):
        day = LAUNCH + d * DAY
        if d == NDAYS - 1:
            count += forced_pending
        if count <= 0:
            continue
        after_march = day >= MARCH1
        live = [c[0] for c in campaigns if c[1] <= day < c[2]]
        # (created, batch group) pairs: batch jobs come in submissions sharing user, tags, shape.
        slots = []
        nbatch = 0
        if after_march:
            nbatch = sum(1 for _ in range(count) if random() < 0.10)
        for _ in range(count - nbatch):
            slots.append((day + _pick(random, hours) * 3600 + int(random() * 3600), None))
        while nbatch > 0:
            size = min(nbatch, rng.randint(2, batch_max))
            nbatch -= size
            t0 = day + _pick(random, hours) * 3600 + int(random() * 3600)
            group = {}
            for i in range(size):
                slots.append((min(t0 + i * rng.randint(0, 3), day + DAY - 1), group))
        if forced_pending and d == NDAYS - 1:
            slots[-forced_pending:] = [(END - rng.randint(10, 58), None) for _ in range(forced_pending)]
        slots.sort(key=lambda s: s[0])
        for created, group in slots:
            job = Job()
            job.project = name
            job.created = created
            job.provider = "openai"
            job.account = account
            job.batch = group is not None
            job.remix_of = None
            job.segment = None
            job.kind = "create"
            job.visibility = "both"
            job.unix_times = False
            job.stale = False
            job.progress_at = None
            source = None
            r = random()
            if group:
                job.model, job.size, job.seconds = group["shape"]
                job.user, job.tags = group["user"], group["tags"]
            else:
                if group is not None:
                    pass                # the first job of a batch submission: a plain create
                elif r < 0.08:
                    job.kind = "remix"
                elif after_march and r < 0.11:
                    job.kind = "edit"
                elif after_march and r < 0.14:
                    job.kind = "extension"
                elif after_march and r < 0.14 + project.azure:
                    job.provider, job.account = "azure", "azure-east"
                if job.kind in ("remix", "extension"):
                    for _ in range(4):
                        if not recent:
                            break
                        cand = recent[int(random() * len(recent))]
                        if cand.done < created:
                            source = cand
                            break
                    if source is None:
                        job.kind = "create"
                if source is not None:
                    job.model, job.size = source.model, source.size
                    if job.kind == "remix":
                        job.seconds = source.seconds
                        job.remix_of = source.id
                    else:
                        job.segment = (4, 8, 12)[_pick(random, (0.4, 0.8, 1.0))]
                        job.seconds = source.seconds + job.segment
                else:
                    pro = job.provider == "openai" and random() < project.pro_share
                    base = "sora-2-pro" if pro else "sora-2"
                    if job.provider == "openai" and random() < 0.15:
                        if pro:
                            job.model = "sora-2-pro-2025-10-06"
                        elif created >= DEC8 and random() < 0.6:
                            job.model = "sora-2-2025-12-08"
                        else:
                            job.model = "sora-2-2025-10-06"
                    else:
                        job.model = base
                    r2 = random()
                    if pro and r2 < 0.45:
                        if after_march and random() < 0.45:
                            job.size = "1080x1920" if random() < project.portrait_share else "1920x1080"
                        else:
                            job.size = "1024x1792" if random() < project.portrait_share else "1792x1024"
                    else:
                        job.size = PORTRAIT if random() < project.portrait_share else LANDSCAPE
                    if after_march:
                        job.seconds = (4, 8, 12, 16, 20)[_pick(random, (0.30, 0.65, 0.85, 0.93, 1.0))]
                    else:
                        job.seconds = (4, 8, 12)[_pick(random, (0.45, 0.85, 1.0))]
                job.user = users[_pick(random, user_cum)]
                if random() < project.tagless:
                    job.tags = None
                else:
                    job.tags = pools.tags_json(live[int(random() * len(live))] if live else campaigns[0][0],
                                               teams[int(random() * len(teams))])
                if group is not None:
                    group["shape"] = (job.model, job.size, job.seconds)
                    group["user"], group["tags"] = job.user, job.tags
            job.id = "video_%08x%024x" % (created, rng.getrandbits(96))
            job.prompt = prompts[int(random() * len(prompts))] if created >= NOV1 else None
            job.quality = random() < 0.05
            job.misalignment = random() < 0.01
            done = created + 60 + int(random() * 541)
            if random() < 0.04:
                job.status = "failed"
                job.progress = int(random() * 101)
                e = ERRORS[_pick(random, pools.errors)]
                job.error = '{"code":"%s","message":"%s"%s}' % (e[1], e[2], e[3])
            else:
                job.status, job.progress, job.error = "completed", 100, None
            if done > END:
                # Still running when the service shut down.
                job.error = None
                if END - created > 45:
                    job.status = "in_progress"
                    job.progress = max(1, min(99, (END - created) * 100 // (done - created)))
                else:
                    job.status, job.progress = "queued", 0
                job.done = None
            else:
                job.done = done
                if job.status == "completed" and job.kind != "extension" and job.provider == "openai":
                    recent.append(job)
                    if len(recent) > 300:
                        del recent[:100]
            if random() < 0.35:
                job.progress_at = created + max(1, ((job.done or END) - created) * (20 + int(random() * 61)) // 100)
            yield job


def video_json(job: Job, status: str | None = None, progress: int | None = None) -> str:
    """The API's video object for the job, as the final state or an earlier status."""
    if status is None or status == job.status:
        status, progress = job.status, job.progress
        terminal = job.terminal()
    else:
        terminal = False
    if terminal:
        done = str(job.done)
        expires = str(job.created + DAY) if status == "completed" else "null"
        error = job.error or "null"
    else:
        done = expires = error = "null"
    return '{"id":"%s","object":"video","model":"%s","status":"%s","progress":%d,"created_at":%d,' \
           '"completed_at":%s,"expires_at":%s,%s"size":"%s","seconds":"%d",%s"remixed_from_video_id":%s,' \
           '"error":%s%s}' % (
               job.id, job.model, status, progress, job.created, done, expires,
               ('"prompt":%s,' % job.prompt) if job.prompt is not None else "",
               job.size, job.seconds,
               '"quality":"standard",' if job.quality else "",
               ('"%s"' % job.remix_of) if job.remix_of else "null",
               error,
               ',"misalignment":null' if job.misalignment else "")


EVENT = {"queued": ("info", "video.created"), "in_progress": ("info", "video.progress"),
         "completed": ("info", "video.completed"), "failed": ("error", "video.failed")}


def envelope_line(job: Job, ts: int, video: str, status: str, with_provider: bool = True) -> str:
    """One application log line (no newline) wrapping a video object."""
    level, event = EVENT[status]
    return '{"ts":"%s","level":"%s","event":"%s",%s"project":"%s","user":%s,%s"batch":%s,"kind":"%s",' \
           '"segment_seconds":%s,"video":%s}' % (
               iso(ts), level, event,
               ('"provider":"%s","account":"%s",' % (job.provider, job.account)) if with_provider else "",
               job.project, job.user,
               ('"tags":%s,' % job.tags) if job.tags is not None else "",
               "true" if job.batch else "false", job.kind,
               job.segment if job.segment is not None else "null",
               video)


def log_events(job: Job):
    """(ts, status, progress) for each line an application writes about the job, in order:
    created (queued), sometimes a progress line, then the terminal line. A job still running
    at shutdown always has a progress line."""
    out = [(job.created, "queued", 0)]
    if job.status == "in_progress":
        out.append((job.progress_at or min(END, job.created + 30), "in_progress", job.progress))
    elif job.terminal():
        if job.progress_at is not None:
            p = max(1, min(99, (job.progress_at - job.created) * 100 // (job.done - job.created)))
            if job.status == "failed":
                p = min(p, job.progress)        # a failed job stopped where it stopped
            if p:
                out.append((job.progress_at, "in_progress", p))
        out.append((job.done, job.status, job.progress))
    return out


# --------------------------------------------------------------------------------------------
# Validation (shared by both --check modes)

class Problems(list):
    def add(self, where, msg):
        self.append(f"{where}: {msg}")


def check_video(v, where, probs: Problems):
    """Invariants of one video object. Returns the object's id or None."""
    if not isinstance(v, dict):
        probs.add(where, "video is not an object")
        return None
    for k in v:
        if k not in VIDEO_KEYS and k not in EXTRA_VIDEO_KEYS:
            probs.add(where, f"unexpected key {k}")
    created = v.get("created_at")
    if not isinstance(created, int) or isinstance(created, bool) or not LAUNCH <= created < SHUTDOWN:
        probs.add(where, f"created_at {created!r}")
        return None
    for k in VIDEO_KEYS:
        if k not in v and not (k == "prompt" and created < NOV1):
            probs.add(where, f"missing {k}")
    if ("prompt" in v) != (created >= NOV1):
        probs.add(where, "prompt presence does not match date")
    vid = v.get("id")
    if not isinstance(vid, str) or not ID_RE.match(vid):
        probs.add(where, f"id {vid!r}")
    if v.get("object") != "video":
        probs.add(where, "object is not video")
    model = v.get("model")
    base = SNAPSHOTS.get(model)
    if base is None or (model == "sora-2-2025-12-08" and created < DEC8):
        probs.add(where, f"model {model!r}")
        return vid
    size = v.get("size")
    if size not in sizes_for(base, created):
        probs.add(where, f"size {size!r} for {model} on {iso_date(created)}")
    secs = v.get("seconds")
    if not isinstance(secs, str) or not secs.isdigit() or int(secs) % 4 or not 4 <= int(secs) <= 32:
        probs.add(where, f"seconds {secs!r}")
    status, progress = v.get("status"), v.get("progress")
    done, expires, error = v.get("completed_at"), v.get("expires_at"), v.get("error")
    if status not in STATUSES:
        probs.add(where, f"status {status!r}")
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        probs.add(where, f"progress {progress!r}")
    if status in ("queued", "in_progress"):
        if done is not None or expires is not None or error is not None:
            probs.add(where, "pending job with completed_at/expires_at/error")
        if (status == "queued") != (progress == 0):
            probs.add(where, f"progress {progress} for {status}")
    else:
        if not isinstance(done, int) or not created + 60 <= done <= created + 600 or done >= SHUTDOWN:
            probs.add(where, f"completed_at {done!r}")
        if status == "completed":
            if progress != 100 or error is not None or expires != created + DAY:
                probs.add(where, "completed job with progress/error/expires_at off")
        elif status == "failed":
            if expires is not None or not isinstance(error, dict) or \
                    not isinstance(error.get("code"), str) or not isinstance(error.get("message"), str):
                probs.add(where, "failed job without {code, message} error or with expires_at")
    rf = v.get("remixed_from_video_id")
    if rf is not None and (not isinstance(rf, str) or not ID_RE.match(rf)):
        probs.add(where, f"remixed_from_video_id {rf!r}")
    return vid


def check_envelope(e, where, probs: Problems):
    """Invariants of one wrapped log line. Returns the video object or None."""
    if not isinstance(e, dict):
        probs.add(where, "line is not an object")
        return None
    for k in e:
        if k not in ENVELOPE_KEYS:
            probs.add(where, f"unexpected envelope key {k}")
    for k in ("ts", "level", "event", "project", "user", "batch", "kind", "segment_seconds", "video"):
        if k not in e:
            probs.add(where, f"missing {k}")
            return None
    v = e["video"]
    if check_video(v, where, probs) is None:
        return None
    created = v["created_at"]
    ts = e["ts"]
    if not isinstance(ts, str) or not TS_RE.match(ts) or not iso(created) <= ts < iso(SHUTDOWN):
        probs.add(where, f"ts {ts!r}")
    if e["project"] not in PROJECT_BY_NAME:
        probs.add(where, f"project {e['project']!r}")
    if EVENT.get(v.get("status"), (None, None))[1] != e["event"]:
        probs.add(where, f"event {e['event']} for status {v.get('status')}")
    if ("provider" in e) != ("account" in e):
        probs.add(where, "provider without account or account without provider")
    if e.get("provider", "openai") not in ("openai", "azure"):
        probs.add(where, f"provider {e.get('provider')!r}")
    if e.get("provider") == "azure" and (e.get("account") != "azure-east" or v["model"] != "sora-2"):
        probs.add(where, "azure job off")
    tags = e.get("tags")
    if tags is not None and (not isinstance(tags, dict) or set(tags) != {"campaign", "team"}):
        probs.add(where, f"tags {tags!r}")
    kind, batch, seg = e["kind"], e["batch"], e["segment_seconds"]
    if kind not in KINDS:
        probs.add(where, f"kind {kind!r}")
    if not isinstance(batch, bool) or (batch and created < MARCH1):
        probs.add(where, f"batch {batch!r} on {iso_date(created)}")
    if kind in ("edit", "extension") and created < MARCH1:
        probs.add(where, f"{kind} before March 2026")
    if (kind == "remix") != (v["remixed_from_video_id"] is not None):
        probs.add(where, "remixed_from_video_id set iff kind is remix")
    secs = int(v["seconds"]) if str(v["seconds"]).isdigit() else 0
    if kind == "extension":
        if seg not in (4, 8, 12) or secs - seg not in durations_for(created):
            probs.add(where, f"extension segment {seg!r} of total {secs}")
    else:
        if seg is not None:
            probs.add(where, "segment_seconds on a non-extension")
        if secs not in durations_for(created):
            probs.add(where, f"seconds {secs} on {iso_date(created)}")
    return v


IMMUTABLE = ("model", "size", "seconds", "created_at", "prompt", "remixed_from_video_id")


class Ledger:
    """Cross-source checks: one job per id, immutable facts agree, status never regresses."""

    RANK = {"queued": 0, "in_progress": 1, "completed": 2, "failed": 2}

    def __init__(self, probs: Problems):
        self.probs = probs
        self.jobs = {}          # id -> dict(facts, project, status, sources)
        self.stale = 0          # lines that would regress a status (allowed, counted)

    def see(self, v, where, project=None, source=None, env=None):
        """Record one sighting of a video object; env is the log envelope around it, if any."""
        vid = v["id"]
        facts = tuple(v.get(k) for k in IMMUTABLE)
        j = self.jobs.get(vid)
        if env is not None:
            attribution = {"kind": env["kind"], "batch": env["batch"],
                           "provider": env.get("provider", "openai")}
        else:
            attribution = {"kind": None, "batch": False, "provider": "openai"}
        if j is None:
            self.jobs[vid] = {"facts": facts, "project": project, "status": v["status"],
                              "progress": v["progress"], "sources": {source}, "final": v, **attribution}
            return
        if j["facts"] != facts:
            self.probs.add(where, f"{vid} immutable facts differ from an earlier sighting")
        if project and j["project"] and project != j["project"]:
            self.probs.add(where, f"{vid} in two projects")
        j["project"] = j["project"] or project
        if env is not None:
            if j["kind"] is not None and (j["kind"], j["batch"], j["provider"]) != \
                    (attribution["kind"], attribution["batch"], attribution["provider"]):
                self.probs.add(where, f"{vid} attribution differs from an earlier sighting")
            j.update(attribution)
        j["sources"].add(source)
        if self.RANK[v["status"]] < self.RANK[j["status"]] or \
                (v["status"] == j["status"] and v["progress"] < j["progress"]):
            self.stale += 1
            return
        if self.RANK[j["status"]] == 2 and v["status"] != j["status"]:
            self.probs.add(where, f"{vid} terminal status changed")
        j["status"], j["progress"], j["final"] = v["status"], v["progress"], v

    def check_sources(self):
        for vid, j in self.jobs.items():
            src = j["facts"][5]
            if src is not None:
                s = self.jobs.get(src)
                if s is None:
                    self.probs.add(vid, f"remix source {src} not found")
                elif s["facts"][3] >= j["facts"][3] or s["project"] != j["project"]:
                    self.probs.add(vid, f"remix source {src} not earlier or other project")
