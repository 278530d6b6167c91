# Tangle: `make run` opens the explorer on the demo graph; `make test` runs every test.
SWIFT ?= swift
export PATH := $(PATH):/opt/swift/usr/bin
RELEASE := .build/release/tangle
# `make install` puts tangle here (PREFIX=/usr/local for everyone; DESTDIR for packaging).
PREFIX ?= $(HOME)/.local
BINDIR := $(DESTDIR)$(PREFIX)/bin
DATADIR := $(DESTDIR)$(PREFIX)/share
INSTALLED := $(BINDIR)/tangle $(BINDIR)/tangle-serve $(DATADIR)/man/man1/tangle.1 \
	$(DATADIR)/bash-completion/completions/tangle $(DATADIR)/zsh/site-functions/_tangle \
	$(DATADIR)/fish/vendor_completions.d/tangle.fish

.PHONY: run build release serve test unit e2e bench fuzz deps deps-test clean install uninstall FORCE

run: deps release
	$(RELEASE)

deps:
	@scripts/install-deps.sh run

deps-test:
	@scripts/install-deps.sh test

# The explorer, and the side server it starts for `s` (its own executable:
# the HTTP stack stays out of `tangle`), in ONE `swift build` of every
# product, and only when a source (or the commit) is newer than the two
# executables. Why: every compile's command line is part of its build
# signature, so two `swift build` invocations that plan shared modules
# (ArgumentParser, FrameBus, TerminalGraphics, NIO…) differently recompile
# them (measured here: a plan differing only in `-v` rebuilt 30 modules and
# the HTTP stack); one invocation has one plan. And even a no-op
# `swift build` spends ~17 s planning on 2 busy cores, so a second `make run`
# with nothing changed does not call it and starts the explorer at once.
RELEASE_SOURCES := Package.swift $(wildcard Package.resolved) scripts/version-stamp.sh \
	$(shell find Sources Plugins bench/render_bench bench/termgfx_bench themes -type f 2>/dev/null)
COMMIT_STAMP := .build/release-commit

release: .build/release/tangle .build/release/tangle-serve

.build/release/tangle .build/release/tangle-serve &: $(RELEASE_SOURCES) $(COMMIT_STAMP)
	@if [ ! -x .build/release/tangle ] || [ ! -x .build/release/tangle-serve ]; then \
		echo "Building tangle and tangle-serve (release): the first build compiles about 1,000 files,"; \
		echo "15-20 minutes on 2 cores; [done/total] below counts them. Later builds take seconds."; \
	fi
	@# SwiftPM runs the VersionStamp prebuild only when it re-plans the build;
	@# stamp here too so a build after edits or a commit never keeps an old commit.
	@sh scripts/version-stamp.sh . .build/plugins/outputs/$(notdir $(CURDIR))/tangle/destination/VersionStamp/generated/BuildCommit.swift
	$(SWIFT) build -c release
	@touch .build/release/tangle .build/release/tangle-serve

# Rewritten only when `git describe` changes, so a new commit restamps --version.
$(COMMIT_STAMP): FORCE
	@mkdir -p .build; c=$$(git describe --always --dirty --abbrev=12 --exclude '*' 2>/dev/null || echo unknown); \
		[ "$$(cat $@ 2>/dev/null)" = "$$c" ] || echo "$$c" > $@

FORCE:

build:
	$(SWIFT) build

serve: release

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

# tangle and tangle-serve side by side (tangle starts the one beside it), the
# themes (examples; the built-in ones are compiled in), a man page and shell
# completions, both generated from the argument parser. CONFIG=debug installs
# the debug build (the end-to-end test does, to spare a release build).
CONFIG ?= release
install: $(if $(filter debug,$(CONFIG)),build,release)
	install -d $(BINDIR) $(DATADIR)/tangle/themes $(DATADIR)/man/man1 $(DATADIR)/bash-completion/completions \
		$(DATADIR)/zsh/site-functions $(DATADIR)/fish/vendor_completions.d
	install -m 755 .build/$(CONFIG)/tangle .build/$(CONFIG)/tangle-serve $(BINDIR)/
	install -m 644 themes/*.json themes/README.md $(DATADIR)/tangle/themes/
	$(BINDIR)/tangle --experimental-dump-help | python3 scripts/gen-man.py "$$($(BINDIR)/tangle --version)" > $(DATADIR)/man/man1/tangle.1
	$(BINDIR)/tangle --generate-completion-script bash > $(DATADIR)/bash-completion/completions/tangle
	$(BINDIR)/tangle --generate-completion-script zsh > $(DATADIR)/zsh/site-functions/_tangle
	$(BINDIR)/tangle --generate-completion-script fish > $(DATADIR)/fish/vendor_completions.d/tangle.fish
	@echo "installed in $(PREFIX): $$($(BINDIR)/tangle --version)"

uninstall:
	rm -f $(INSTALLED)
	rm -rf $(DATADIR)/tangle/themes
	-rmdir $(DATADIR)/tangle 2>/dev/null

clean:
	rm -rf .build
