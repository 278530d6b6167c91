# Tangle: `make run` opens the explorer on the demo graph; `make test` runs every test.
SWIFT ?= swift
export PATH := $(PATH):/opt/swift/usr/bin
RELEASE := .build/release/tangle

.PHONY: run build release serve test unit e2e bench fuzz deps deps-test clean

run: deps release
	$(RELEASE)

deps:
	@scripts/install-deps.sh run

deps-test:
	@scripts/install-deps.sh test

# The explorer, and the side server it starts for `s` (its own executable:
# the HTTP stack stays out of `tangle`).
release:
	$(SWIFT) build -c release --product tangle
	$(SWIFT) build -c release --product tangle-serve

build:
	$(SWIFT) build

serve:
	$(SWIFT) build -c release --product tangle-serve

# Every test: unit tests (Swift Testing), then the end-to-end scripts.
test: deps-test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	scripts/e2e.sh

unit:
	$(SWIFT) test

e2e:
	scripts/e2e.sh

# libFuzzer on every reader and parser of outside input, FUZZ_SECONDS each
# (default 300); executions and coverage go to scripts/fuzz/results.md.
fuzz:
	FUZZ_RESULTS=scripts/fuzz/results.md scripts/fuzz.sh $${FUZZ_SECONDS:-300}

bench:
	@scripts/install-deps.sh bench
	$(SWIFT) build -c release
	bench/run.sh

clean:
	rm -rf .build
