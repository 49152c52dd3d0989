# novelist — `make run` starts the REPL, `make test` runs every test.
SWIFT ?= swift
STORIES ?= stories

.PHONY: run test build release deps local-model clean

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

clean:
	rm -rf .build
