#!/usr/bin/env bash
# Installs the system packages novelist needs to build and test, when they are missing (Debian/Ubuntu).
set -euo pipefail
need=()
for pkg in libcurl4-openssl-dev libreadline-dev curl pandoc unzip tmux; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then need+=(python3-venv); fi
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${need[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >&2
