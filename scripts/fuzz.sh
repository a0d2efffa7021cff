#!/bin/sh
# `make fuzz`: builds a libFuzzer binary over the import-side readers (Fuzz/FuzzTarget.swift
# compiled with the kit's sources, AddressSanitizer on) and runs it for FUZZ_SECONDS (default 60),
# seeded from Tests/Corpus. New inputs it finds go to .build/fuzz/corpus; a crash is written to
# .build/fuzz/artifacts/ and fails the run: make it a regression test in
# Tests/SoraCostKitTests/Collect/FuzzRegressionTests.swift.
set -eu
cd "$(dirname "$0")/.."
SWIFTC="${SWIFTC:-swiftc}"
SECONDS_TO_RUN="${FUZZ_SECONDS:-60}"
OUT=.build/fuzz
mkdir -p "$OUT/corpus" "$OUT/artifacts" "$OUT/obj"
BIN="$OUT/soracost-fuzz"
SOURCES=$(find Sources/SoraCostKit -name '*.swift' | sort)
if [ ! -x "$BIN" ] || [ -n "$(find Sources/SoraCostKit Fuzz -newer "$BIN" -name '*.swift' | head -1)" ]; then
    echo "building $BIN (AddressSanitizer + libFuzzer)"
    # SwiftPM writes the module map of the C target SoraCostCCurl; swiftc alone needs one.
    mkdir -p "$OUT/include/SoraCostCCurl"
    printf 'module SoraCostCCurl {\n    header "%s"\n    link "curl"\n    export *\n}\n' \
        "$PWD/Sources/SoraCostCCurl/include/soracost_curl.h" > "$OUT/include/SoraCostCCurl/module.modulemap"
    clang -c -fsanitize=address -I Sources/SoraCostCCurl/include Sources/SoraCostCCurl/shim.c -o "$OUT/obj/curl-shim.o"
    "$SWIFTC" -sanitize=fuzzer,address -parse-as-library -O -wmo -module-name SoraCostKit \
        -I Sources/SoraCostCSQLite -I Sources/SoraCostCZlib -I Sources/SoraCostCCurl/include -I "$OUT/include/SoraCostCCurl" \
        -Xcc -fmodule-map-file=Sources/SoraCostCSQLite/module.modulemap \
        -Xcc -fmodule-map-file=Sources/SoraCostCZlib/module.modulemap \
        $SOURCES Fuzz/FuzzTarget.swift "$OUT/obj/curl-shim.o" \
        -lsqlite3 -lz -lcurl -o "$BIN"
fi
cp Tests/Corpus/* "$OUT/corpus/" 2>/dev/null || true
echo "fuzzing for ${SECONDS_TO_RUN}s, seeded from Tests/Corpus ($(ls "$OUT/corpus" | wc -l) inputs in $OUT/corpus)"
"$BIN" "$OUT/corpus" -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -rss_limit_mb=4096 \
    -artifact_prefix="$OUT/artifacts/" -print_final_stats=1 2>&1 | tee "$OUT/last-run.log" | grep -E '^(#[0-9]+ +(INITED|DONE)|stat::|==[0-9]+==ERROR|SUMMARY|artifact)' || true
if grep -q -E 'ERROR: (libFuzzer|AddressSanitizer)|SUMMARY: ' "$OUT/last-run.log"; then
    echo "fuzz: crash found; see $OUT/last-run.log and $OUT/artifacts/" >&2
    exit 1
fi
echo "fuzz: no crash ($(grep -E '^stat::number_of_executed_units' "$OUT/last-run.log" | awk '{print $2}') executions)"
