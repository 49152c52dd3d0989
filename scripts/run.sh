#!/usr/bin/env bash
# `make run`: start the REPL on stories/. With no endpoint configured, use a local server that is already
# running (llama.cpp on :8080, Ollama on :11434), else start the bundled offline demo model (and open the English
# sample story with it) and stop it on exit.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bin=$here/.build/release/novelist

configured() {
  for v in OPENAI_BASE_URL OPENAI_API_BASE OPENAI_API_KEY NOVELIST_PROVIDER; do
    [ -n "${!v:-}" ] && return 0
    [ -f .env ] && grep -Eq "^[[:space:]]*(export[[:space:]]+)?$v=[^[:space:]]" .env && return 0
  done
  return 1
}

if ! configured; then
  if curl -fsS -m 1 http://127.0.0.1:8080/v1/models >/dev/null 2>&1; then
    echo "Using the llama.cpp server already running on 127.0.0.1:8080." >&2
    export OPENAI_BASE_URL=http://127.0.0.1:8080/v1
  elif curl -fsS -m 1 http://127.0.0.1:11434/v1/models >/dev/null 2>&1; then
    echo "Using the Ollama server already running on 127.0.0.1:11434." >&2
    export OPENAI_BASE_URL=http://127.0.0.1:11434/v1
  else
    echo "No endpoint configured: the demo model (SmolLM2 135M) is tiny, English-only and only shows the workflow; for real writing set an endpoint in .env (see .env.example)." >&2
    url=$(scripts/local-model.sh start)
    trap 'scripts/local-model.sh stop' EXIT
    export OPENAI_BASE_URL=$url
    export NOVELIST_MAX_TOKENS=${NOVELIST_MAX_TOKENS:-200}
    export NOVELIST_CONTEXT_TOKENS=${NOVELIST_CONTEXT_TOKENS:-4096}
    # The demo model cannot write Chinese: open the English sample story, unless the writer named a story.
    stories=stories prev=""
    for a in "$@"; do [ "$prev" = "--stories-dir" ] && stories=$a; prev=$a; done
    if [ -z "${NOVELIST_STORY:-}" ] && [ -f "$stories/harbour-lights/story.yaml" ]; then export NOVELIST_STORY=harbour-lights; fi
  fi
fi
"$bin" "$@"
