#!/usr/bin/env bash
# `make bench`: soracost's import and reports on a generated 1M-job organization, measured against
# DuckDB and sqlite-utils on the same files in the same run. Prints every figure, the ratios and a
# summary with targets; exits 0 even when a target is missed (it prints MISSED). See
# docs/README-bench.md.
#
# Environment (all optional):
#   BENCH_JOBS=1000000   jobs to generate (the generator adds 9 pending ones)
#   BENCH_SEED=20251006  generator seed
#   BENCH_OUT=bench/out  data, venv, run directories and the saved output (gitignored)
#   BENCH_RUNS=5         timed runs per report/query (median), after one warm-up
#   BENCH_LOAD_RUNS=3    rounds of the loads (soracost import, DuckDB load, sqlite-utils insert,
#                        interleaved, fresh databases each round; the targets read the medians)
#   BENCH_PEERS=1        0 skips DuckDB and sqlite-utils
#   BENCH_SHAPES="logs bare"  the data shapes measured: the wrapped app logs (imports, reports,
#                        peers), and the same jobs as bare Videos API objects (imports, sizes, peers)
#   BENCH_MONTH, BENCH_AS_OF   month of the reports (default: the busiest) and as-of day
#                              of forecast and budget check (default: that month's 15th)
#   BENCH_KEEP=0         1 keeps the run directory (ledger, peer databases)
#   SORACOST=path        the binary to measure (default: build the release product)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BENCH_JOBS=${BENCH_JOBS:-1000000}
BENCH_SEED=${BENCH_SEED:-20251006}
BENCH_OUT=${BENCH_OUT:-bench/out}
BENCH_RUNS=${BENCH_RUNS:-5}
BENCH_LOAD_RUNS=${BENCH_LOAD_RUNS:-3}
BENCH_PEERS=${BENCH_PEERS:-1}
BENCH_KEEP=${BENCH_KEEP:-0}
BENCH_SHAPES=${BENCH_SHAPES:-logs bare}
SWIFT=${SWIFT:-swift}
PYTHON=${PYTHON:-python3}

mkdir -p "$BENCH_OUT"
BENCH_OUT=$(cd "$BENCH_OUT" && pwd)
DATA="$BENCH_OUT/data"
STAMP="$BENCH_OUT/data.stamp"
BARE="$BENCH_OUT/data-bare"
VENV="$BENCH_OUT/venv"

say() { printf '%s\n' "$*"; }
field() { printf '  %-34s %s\n' "$1" "$2"; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi
}

binary() {
    if [ -n "${SORACOST:-}" ]; then
        [ -x "$SORACOST" ] || { say "bench: $SORACOST is not an executable" >&2; exit 2; }
        return
    fi
    say "bench: building soracost (release)"
    "$SWIFT" build -c release --static-swift-stdlib --scratch-path .build/static --product soracost >&2
    SORACOST="$("$SWIFT" build -c release --static-swift-stdlib --scratch-path .build/static --show-bin-path)/soracost"
}

gnu_time() {
    [ -x /usr/bin/time ] && return
    say "bench: /usr/bin/time is missing; installing the 'time' package"
    if ! { as_root apt-get install -y -q time >/dev/null 2>&1 \
            || { as_root apt-get update -q >/dev/null 2>&1 && as_root apt-get install -y -q time >/dev/null 2>&1; }; }; then
        say "bench: could not install 'time': peak memory and CPU time will read n/a"
    fi
}

machine() {
    local cpu mem os commit dirty
    cpu=$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')
    mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
    os=$( (. /etc/os-release 2>/dev/null && printf '%s' "${PRETTY_NAME:-?}") || printf '?')
    commit=$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
    dirty=$(git -C "$ROOT" status --porcelain -- Sources Package.swift 2>/dev/null | grep -q . \
            && echo " + uncommitted changes to Sources/ or Package.swift" || true)
    say "== machine"
    field "date (UTC)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    field "host" "$(uname -n)"
    field "cores (nproc)" "$(nproc)"
    field "CPU" "${cpu:-unknown}"
    field "memory" "${mem:-unknown}"
    field "OS" "$os, $(uname -sr) $(uname -m)"
    field "load average at start" "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
    field "soracost commit" "$commit$dirty"
    field "soracost version" "$("$SORACOST" --version 2>/dev/null || echo '?')"
    field "soracost binary" "$SORACOST"
    field "swift" "$("$SWIFT" --version 2>/dev/null | grep -m1 -i 'swift' || echo '?')"
    field "python3" "$("$PYTHON" --version 2>&1)"
    field "hyperfine" "$(command -v hyperfine >/dev/null && hyperfine --version || echo 'not installed (timing loop in Python)')"
}

data() {
    local want
    want="jobs=$BENCH_JOBS seed=$BENCH_SEED generator=$(cat scripts/generate-bench-data.py scripts/soragen.py | sha256sum | cut -c1-16)"
    if [ -d "$DATA" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
        say "bench: reusing $DATA ($want)"
        return
    fi
    say "bench: generating $BENCH_JOBS jobs into $DATA (seed $BENCH_SEED)"
    rm -rf "$DATA" "$STAMP"
    "$PYTHON" scripts/generate-bench-data.py --jobs "$BENCH_JOBS" --seed "$BENCH_SEED" --out "$DATA"
    rm -rf "$BARE"
    printf '%s\n' "$want" > "$STAMP"
}

# The same jobs as bare video objects, one file (see scripts/bench_bare.py).
bare_data() {
    [ -f "$BARE/videos.jsonl" ] && return
    mkdir -p "$BARE"
    "$PYTHON" scripts/bench_bare.py "$DATA" "$BARE/videos.jsonl"
}

venv() {
    PEER_PYTHON="" SQLITE_UTILS=""
    [ "$BENCH_PEERS" = 0 ] && return
    if ! { [ -x "$VENV/bin/sqlite-utils" ] && "$VENV/bin/python" -c 'import duckdb' 2>/dev/null; }; then
        say "bench: installing the peers into $VENV (pip install duckdb sqlite-utils)"
        if ! { { [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"; } \
                && "$VENV/bin/python" -m pip install -q --disable-pip-version-check duckdb sqlite-utils; }; then
            say "bench: could not install the peers; they will be skipped"
            return
        fi
    fi
    PEER_PYTHON="$VENV/bin/python" SQLITE_UTILS="$VENV/bin/sqlite-utils"
}

main() {
    binary
    gnu_time
    data
    venv
    say ""
    machine
    local work
    work=$(mktemp -d "$BENCH_OUT/run.XXXXXX")
    if [ "$BENCH_KEEP" = 1 ]; then
        say "bench: keeping $work"
    else
        trap 'rm -rf "$work"' EXIT
    fi
    local shape
    for shape in $BENCH_SHAPES; do
        local args=(--soracost "$SORACOST" --work "$work/$shape" --runs "$BENCH_RUNS"
                    --load-runs "$BENCH_LOAD_RUNS"
                    --budgets "$ROOT/Fixtures/budgets.json")
        [ -n "$PEER_PYTHON" ] && args+=(--peer-python "$PEER_PYTHON" --sqlite-utils "$SQLITE_UTILS")
        [ "$BENCH_PEERS" = 0 ] && args+=(--skip-peers)
        [ -n "${BENCH_MONTH:-}" ] && args+=(--month "$BENCH_MONTH")
        [ -n "${BENCH_AS_OF:-}" ] && args+=(--as-of "$BENCH_AS_OF")
        case "$shape" in
            logs) args+=(--data "$DATA" --shape "wrapped app logs" --results "$BENCH_OUT/results.json") ;;
            bare) bare_data
                  args+=(--data "$BARE" --shape "bare video objects" --bare --import-only --results "$BENCH_OUT/results-bare.json") ;;
            *) say "bench: unknown shape '$shape' in BENCH_SHAPES (logs, bare)"; exit 2 ;;
        esac
        mkdir -p "$work/$shape"
        say ""
        say "######## $shape"
        "$PYTHON" -u scripts/bench_run.py "${args[@]}"
    done
    say ""
    field "load average at end" "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
    field "saved" "$BENCH_OUT/last-run.txt, $BENCH_OUT/results.json, $BENCH_OUT/results-bare.json"
}

main "$@" 2>&1 | tee "$BENCH_OUT/last-run.txt"
exit "${PIPESTATUS[0]}"
