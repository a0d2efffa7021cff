# soracost: `make demo` builds and runs the sample organization, `make test` runs the whole suite.
SWIFT ?= swift
DEMO_DB ?= demo/ledger.sqlite
BIN_DIR = $(shell $(SWIFT) build -c release --show-bin-path 2>/dev/null)
SORACOST = $(BIN_DIR)/soracost

.PHONY: deps build release test demo bench fixtures clean

# Installs the system libraries soracost links against, when they are missing (Debian, as root).
deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product soracost

test: deps
	$(SWIFT) build -c release --product soracost
	SORACOST_BIN="$(SORACOST)" $(SWIFT) test --parallel

demo: release
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@mkdir -p $(dir $(DEMO_DB))
	$(SORACOST) import --db $(DEMO_DB) Fixtures/logs Fixtures/api-pages || [ $$? -eq 1 ]
	$(SORACOST) status --db $(DEMO_DB)

# Benchmarks import and reports against DuckDB and sqlite-utils (docs/README-bench.md).
# BENCH_JOBS=20000 make bench for a quick run; prints figures only, never fails on a missed target.
bench: release
	SORACOST="$(SORACOST)" scripts/bench.sh

fixtures:
	python3 scripts/generate-fixtures.py --out Fixtures

clean:
	rm -rf .build demo
