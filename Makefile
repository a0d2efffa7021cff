# soracost: `make demo` builds and runs the sample organization, `make test` runs the whole suite.
SWIFT ?= swift
DEMO_DB ?= demo/ledger.sqlite
BIN_DIR = $(shell $(SWIFT) build -c release --show-bin-path 2>/dev/null)
SORACOST = $(BIN_DIR)/soracost

.PHONY: deps build release test demo reports bench fixtures clean

# Installs the system libraries soracost links against, when they are missing (Debian, as root).
deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product soracost

# The whole suite; end-to-end tests run the debug binary that `swift test` builds beside them.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

# Imports Fixtures/ into a fresh demo ledger, then writes the sample reports in Reports/.
# Tests/soracostTests/SampleReportsTests.swift runs these same report commands and fails if a
# file differs from the committed one: change both together. Reports pin --as-of, and
# SORACOST_RATES= keeps a rate card from the environment out, so the bytes never change by date
# or shell.
demo: release
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@mkdir -p $(dir $(DEMO_DB)) Reports
	$(SORACOST) import --db $(DEMO_DB) Fixtures/logs Fixtures/api-pages || [ $$? -eq 1 ]
	$(SORACOST) status --db $(DEMO_DB)
	SORACOST_RATES= $(SORACOST) report monthly --db $(DEMO_DB) --month 2026-09 --as-of 2026-09-30 --rates Fixtures/rates/company.json --format md --output Reports/monthly-review-2026-09.md --chart Reports/daily-spend-2026-09.svg
	SORACOST_RATES= $(SORACOST) report daily --db $(DEMO_DB) --month 2026-09 --as-of 2026-09-30 --by project,model --format csv --output Reports/daily-2026-09.csv
	SORACOST_RATES= $(SORACOST) report monthly --db $(DEMO_DB) --since 2025-10-01 --until 2026-09-30 --as-of 2026-09-30 --by model --format json --output Reports/monthly-2025-10_2026-09.json

# Regenerates the sample reports on purpose (after a change to the reports or the fixtures);
# review `git diff Reports/` and commit it.
reports: demo
	@echo "Reports/ regenerated; review git diff Reports/ and commit it"

# Benchmarks import and reports against DuckDB and sqlite-utils (docs/README-bench.md).
# BENCH_JOBS=20000 make bench for a quick run; prints figures only, never fails on a missed target.
bench: release
	SORACOST="$(SORACOST)" scripts/bench.sh

fixtures:
	python3 scripts/generate-fixtures.py --out Fixtures

clean:
	rm -rf .build demo
