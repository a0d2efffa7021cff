#!/usr/bin/env python3
"""Writes the bare video objects of the benchmark's wrapped logs: one Videos API object per line
(the `video` member of each log line, compact, member order and non-ASCII text kept), the shape
`GET /v1/videos` returns and an app logs when it prints the SDK's object as JSON.

    bench_bare.py DATA_DIR OUT_FILE
"""
import json
import os
import sys


def main() -> int:
    data, out = sys.argv[1], sys.argv[2]
    files = sorted(os.path.join(d, f) for d, _, names in os.walk(data) for f in names if f.endswith(".jsonl"))
    tmp = out + ".tmp"
    count = 0
    with open(tmp, "w", encoding="utf-8") as sink:
        for path in files:
            with open(path, encoding="utf-8") as source:
                for text in source:
                    video = json.loads(text).get("video")
                    if isinstance(video, dict):
                        sink.write(json.dumps(video, separators=(",", ":"), ensure_ascii=False) + "\n")
                        count += 1
    os.replace(tmp, out)
    print(f"{count:,} bare video objects in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
