#!/usr/bin/env bash
# Installs what soracost needs to build on Debian or Ubuntu, when it is missing.
set -euo pipefail

missing=()
for pkg in libsqlite3-dev libcurl4-openssl-dev zlib1g-dev pkg-config; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    if ! command -v apt-get >/dev/null; then
        echo "soracost needs: ${missing[*]} (install them with your package manager)" >&2
        exit 1
    fi
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! command -v swift >/dev/null; then
    echo "soracost needs the Swift 6 toolchain on PATH (https://www.swift.org/install/)" >&2
    exit 1
fi
