# novelist — `make run` starts the REPL, `make test` runs every test.
SWIFT ?= swift
STORIES ?= stories

.PHONY: run test build release deps local-model clean bench

deps:
	@scripts/deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## Start the REPL on stories/ (installs what is missing; starts the offline demo model when no endpoint is set).
run: release
	@scripts/run.sh --stories-dir $(STORIES)

## Every test: unit tests, end-to-end tests against the scripted server and, when installed, the real llama-server.
test: deps
	$(SWIFT) build
	NOVELIST_BIN=$(CURDIR)/.build/debug/novelist $(SWIFT) test

## Install the offline demo model server into .local-model/ (about 7 minutes the first time).
local-model:
	scripts/local-model.sh install

## Benchmarks (not part of `make test`): novelist against curl and the openai SDK, and on a 2-million-字 novel.
## Builds a release binary in .build-bench/, prints the table, writes bench/results.md (a few minutes).
bench: deps
	@bench/setup.sh
	$(SWIFT) build -c release --scratch-path .build-bench
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
