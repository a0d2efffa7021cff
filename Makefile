# soracost: `make demo` builds and runs the sample organization, `make test` runs the whole suite.
SWIFT ?= swift
FUZZ_SECONDS ?= 60
DEMO_DB ?= demo/ledger.sqlite
# The release binary is built in a folder of its own (.build/static), with the Swift runtime and
# Foundation linked in: a plain `swift build -c release` (the manual's plugin makes one) would
# otherwise relink it without them, and SwiftPM does not relink for the flag alone.
RELEASE_FLAGS = -c release --static-swift-stdlib --scratch-path .build/static
BIN_DIR = $(shell $(SWIFT) build $(RELEASE_FLAGS) --show-bin-path 2>/dev/null)
SORACOST = $(BIN_DIR)/soracost

# Where `make install` puts things; DESTDIR stages them for a package (DESTDIR=pkg make install).
PREFIX ?= /usr/local
DESTDIR ?=
INSTALL_BIN = $(DESTDIR)$(PREFIX)/bin
INSTALL_MAN = $(DESTDIR)$(PREFIX)/share/man/man1
INSTALL_BASH = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
INSTALL_ZSH = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
INSTALL_FISH = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
# Where swift-argument-parser's generate-manual plugin writes soracost.1.
MANUAL = .build/plugins/GenerateManual/outputs/soracost/soracost.1

.PHONY: deps build release test chaos fuzz demo reports screenshot bench fixtures clean manual install uninstall

# Installs the system libraries soracost links against, when they are missing (Debian, as root).
deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

# The Swift runtime and Foundation are linked in (--static-swift-stdlib): the installed binary runs
# without a Swift toolchain, and starts in 12 ms instead of 20 ms (no dynamic symbol binding of the
# Swift libraries), which every cron run and report pays.
release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product soracost

# The whole suite; end-to-end tests run the debug binary that `swift test` builds beside them.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

# Kill and resume, long version: at least 20 SIGKILLs each of `import` and `sync` at seeded
# random moments (CHAOS_SEED=n to vary them), re-run after each; every kill must leave a sound
# ledger and the end the same ledger as a clean run. `make test` runs a few deterministic kills.
CHAOS_SEED ?= 11
chaos: deps
	$(SWIFT) build --build-tests
	SORACOST_CHAOS=1 SORACOST_CHAOS_SEED=$(CHAOS_SEED) $(SWIFT) test --skip-build --filter ChaosTests

# Fuzzes the import-side readers (JSON, Python repr, CSV, record parser) with libFuzzer and
# AddressSanitizer for FUZZ_SECONDS (default 60), seeded from Tests/Corpus; fails on a crash.
fuzz: deps
	FUZZ_SECONDS="$(FUZZ_SECONDS)" scripts/fuzz.sh

# Imports Fixtures/ into a fresh demo ledger, then writes the sample reports in Reports/.
# Tests/soracostTests/SampleReportsTests.swift runs these same report commands and fails if a
# file differs from the committed one: change both together. Reports pin --as-of, and
# SORACOST_RATES= keeps a rate card from the environment out, so the bytes never change by date
# or shell.
demo: release
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@mkdir -p $(dir $(DEMO_DB)) Reports
	$(SORACOST) import --db $(DEMO_DB) Fixtures/logs Fixtures/api-pages Fixtures/gateway || [ $$? -eq 1 ]
	$(SORACOST) status --db $(DEMO_DB)
	SORACOST_RATES= $(SORACOST) report monthly --db $(DEMO_DB) --month 2026-09 --as-of 2026-09-30 --rates Fixtures/rates/company.json --budgets Fixtures/budgets.json --format md --output Reports/monthly-review-2026-09.md --chart Reports/daily-spend-2026-09.svg
	SORACOST_RATES= $(SORACOST) report monthly --db $(DEMO_DB) --month 2026-09 --as-of 2026-09-30 --rates Fixtures/rates/company.json --budgets Fixtures/budgets.json --round cents --format html --output Reports/monthly-review-2026-09.html
	SORACOST_RATES= $(SORACOST) report daily --db $(DEMO_DB) --month 2026-09 --as-of 2026-09-30 --by project,model --format csv --output Reports/daily-2026-09.csv
	SORACOST_RATES= $(SORACOST) report monthly --db $(DEMO_DB) --since 2025-10-01 --until 2026-09-30 --as-of 2026-09-30 --by model --format json --output Reports/monthly-2025-10_2026-09.json

# Regenerates the sample reports on purpose (after a change to the reports or the fixtures);
# review `git diff Reports/` and commit it.
reports: demo
	@echo "Reports/ regenerated; review git diff Reports/ and commit it"

# Opens the HTML review in headless Chromium (installed from Debian's packages when missing) and
# writes Reports/monthly-review-2026-09.png; Tests/soracostTests/HTMLReviewBrowserTests.swift runs
# the same script on a fresh review. Exits 77 when the browser cannot be installed.
screenshot:
	scripts/html-screenshot.sh Reports/monthly-review-2026-09.html Reports/monthly-review-2026-09.png

# Benchmarks import and reports against DuckDB and sqlite-utils (docs/README-bench.md).
# BENCH_JOBS=20000 make bench for a quick run; prints figures only, never fails on a missed target.
bench: release
	SORACOST="$(SORACOST)" scripts/bench.sh

# The man page, from the command's own help by swift-argument-parser's generate-manual plugin.
manual: release
	$(SWIFT) package plugin generate-manual --configuration release

# Installs the release binary, its man page and bash, zsh and fish completions under PREFIX.
install: release manual
	install -d "$(INSTALL_BIN)" "$(INSTALL_MAN)" "$(INSTALL_BASH)" "$(INSTALL_ZSH)" "$(INSTALL_FISH)"
	install -m 755 "$(SORACOST)" "$(INSTALL_BIN)/soracost"
	install -m 644 "$(MANUAL)" "$(INSTALL_MAN)/soracost.1"
	"$(SORACOST)" --generate-completion-script bash > "$(INSTALL_BASH)/soracost"
	"$(SORACOST)" --generate-completion-script zsh > "$(INSTALL_ZSH)/_soracost"
	"$(SORACOST)" --generate-completion-script fish > "$(INSTALL_FISH)/soracost.fish"
	chmod 644 "$(INSTALL_BASH)/soracost" "$(INSTALL_ZSH)/_soracost" "$(INSTALL_FISH)/soracost.fish"

uninstall:
	rm -f "$(INSTALL_BIN)/soracost" "$(INSTALL_MAN)/soracost.1" "$(INSTALL_BASH)/soracost" \
		"$(INSTALL_ZSH)/_soracost" "$(INSTALL_FISH)/soracost.fish"

fixtures:
	python3 scripts/generate-fixtures.py --out Fixtures

clean:
	rm -rf .build demo
