#!/bin/sh
# Prepares `make bench` on a fresh Debian/Ubuntu machine: curl, GNU time, python3 with venv (apt-get when missing,
# with sudo when not root), and the openai SDK from PyPI in .build-bench-venv/ (ignored by git: .build*/).
set -eu
cd "$(dirname "$0")/.."
VENV=.build-bench-venv
missing=""
command -v curl >/dev/null 2>&1 || missing="$missing curl"
[ -x /usr/bin/time ] || missing="$missing time"
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
if command -v python3 >/dev/null 2>&1 && [ ! -x "$VENV/bin/python" ]; then
    python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing="$missing python3-venv"
fi
if [ -n "$missing" ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    echo "bench: installing$missing with apt-get" >&2
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import openai' >/dev/null 2>&1; then
    echo "bench: installing the openai SDK into $VENV/ (PyPI)" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check openai
fi
