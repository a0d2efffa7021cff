#!/bin/sh
# Renders an HTML file in headless Chromium and writes a PNG screenshot of it.
# Usage: scripts/html-screenshot.sh page.html out.png [dom.html]
# Installs Debian's `chromium` package when no browser is on PATH (needs root and a reachable
# package mirror); exits 77 ("skip") when it cannot, 1 when the browser fails.
set -u
page=$1
png=$2
dom=${3:-}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "html-screenshot: installing chromium from Debian's packages" >&2
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 || true
        browser=$(command -v chromium || true)
    fi
fi
if [ -z "$browser" ]; then
    echo "html-screenshot: skipped: chromium is not installed and could not be installed" >&2
    exit 77
fi
case $page in /*) url="file://$page" ;; *) url="file://$(pwd)/$page" ;; esac
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# --no-sandbox: the tests may run as root in a container, where Chromium's sandbox cannot start.
flags="--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir=$profile --no-first-run"
"$browser" $flags --window-size=1200,2600 --screenshot="$png" "$url" >/dev/null 2>&1 || exit 1
if [ -n "$dom" ]; then
    "$browser" $flags --dump-dom "$url" > "$dom" 2>/dev/null || exit 1
fi
[ -s "$png" ] || exit 1
