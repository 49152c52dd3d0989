# novelist — `make run` starts the REPL, `make test` runs every test.
SWIFT ?= swift
STORIES ?= stories

.PHONY: lint format run test build release deps local-model clean bench install install-files uninstall prompts

deps:
	@scripts/deps.sh

build: deps
	$(SWIFT) build --explicit-target-dependency-import-check error

## The release binary links Swift's runtime and Foundation statically: its start skips most of the dynamic
## loader's symbol lookups (bench/analysis.md, issue 19: 48.3 M → 29.6 M instructions for `novelist --version`).
RELEASE_FLAGS ?= --static-swift-stdlib

release: deps
	$(SWIFT) build -c release $(RELEASE_FLAGS)

## Start the REPL on stories/ (installs what is missing; starts the offline demo model when no endpoint is set).
run: release
	@scripts/run.sh --stories-dir $(STORIES)

## Every test: unit tests, end-to-end tests against the scripted server and, when installed, the real llama-server.
test: deps lint
	$(SWIFT) build --explicit-target-dependency-import-check error
	NOVELIST_BIN=$(CURDIR)/.build/debug/novelist $(SWIFT) test

## The code's style (.swift-format): `make lint` checks it (part of `make test`), `make format` applies it.
lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests

format:
	$(SWIFT) format --in-place --recursive --parallel Sources Tests

## Compile prompts/ into the binary's default templates (Sources/NovelistCore/Prompts/DefaultPrompts+*.swift).
prompts:
	python3 scripts/gen-prompts.py

## Install the release binary, the man page and bash/zsh/fish completions under PREFIX
## (default /usr/local as root, else ~/.local); `make uninstall PREFIX=…` removes them.
ifeq ($(origin PREFIX), undefined)
PREFIX := $(if $(filter 0,$(shell id -u)),/usr/local,$(HOME)/.local)
endif
INSTALLED = bin/novelist share/man/man1/novelist.1 share/bash-completion/completions/novelist \
	share/zsh/site-functions/_novelist share/fish/vendor_completions.d/novelist.fish
install: release
	@$(MAKE) --no-print-directory install-files BIN=.build/release/novelist PREFIX=$(PREFIX)

## The files of `make install`, from the binary BIN (the end-to-end test installs its debug binary this way).
install-files:
	install -d $(PREFIX)/bin $(PREFIX)/share/man/man1 $(PREFIX)/share/bash-completion/completions \
		$(PREFIX)/share/zsh/site-functions $(PREFIX)/share/fish/vendor_completions.d
	install -m 755 $(BIN) $(PREFIX)/bin/novelist
	python3 scripts/manpage.py $(BIN) > $(PREFIX)/share/man/man1/novelist.1
	$(BIN) --generate-completion-script bash > $(PREFIX)/share/bash-completion/completions/novelist
	$(BIN) --generate-completion-script zsh > $(PREFIX)/share/zsh/site-functions/_novelist
	$(BIN) --generate-completion-script fish > $(PREFIX)/share/fish/vendor_completions.d/novelist.fish
	@echo "Installed novelist in $(PREFIX)/bin (man novelist; completions for bash, zsh and fish)."

uninstall:
	rm -f $(addprefix $(PREFIX)/,$(INSTALLED))
	@echo "Removed novelist from $(PREFIX)."

## Install the offline demo model server into .local-model/ (about 7 minutes the first time).
local-model:
	scripts/local-model.sh install

## Benchmarks (not part of `make test`): novelist against curl and the openai SDK, and on a 2-million-字 novel.
## Builds a release binary in .build-bench/, prints the table, writes bench/results.md (a few minutes).
bench: deps
	@bench/setup.sh
	$(SWIFT) build -c release $(RELEASE_FLAGS) --scratch-path .build-bench
	python3 bench/run.py --novelist .build-bench/release/novelist --bench .build-bench/release/novelist-bench \
		--python .build-bench-venv/bin/python $(BENCH_FLAGS)

## Crash test (issue 9): SIGKILL novelist in the middle of changes, check every file is old or new and undo works.
## CRASH_TRIALS trials (default 500, about 3 minutes); CRASH_FLAGS e.g. "--seed 42 --keep".
CRASH_TRIALS ?= 500
crash-test: build
	python3 scripts/crash-test.py --trials $(CRASH_TRIALS) --bin $(CURDIR)/.build/debug/novelist $(CRASH_FLAGS)

## libFuzzer targets (fuzz/): SSE, front matter, outline, command parsers; FUZZ_SECONDS each (default 60),
## or FUZZ_RUNS executions each. Builds into .build-fuzz/.
FUZZ_SECONDS ?= 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh $(FUZZ_TARGETS)

## The end-to-end tests on a build with AddressSanitizer (.build-asan/).
## Leaks inside Foundation are not what this looks for (LeakSanitizer would fail every run at exit); memory
## errors abort. The tests pass ASAN_OPTIONS on to every novelist they start.
asan: deps
	$(SWIFT) build --scratch-path .build-asan -Xswiftc -sanitize=address
	ASAN_OPTIONS=detect_leaks=0 NOVELIST_BIN=$(CURDIR)/.build-asan/debug/novelist \
		$(SWIFT) test --scratch-path .build-asan -Xswiftc -sanitize=address --filter EndToEndTests

.PHONY: crash-test fuzz asan

clean:
	rm -rf .build
