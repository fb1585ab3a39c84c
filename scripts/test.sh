#!/usr/bin/env bash
# Set up everything the test suite needs (Python dependencies, Debian chromium and
# virtuoso-opensource), then run the linter and the whole test suite.
# Usage: bash scripts/test.sh [pytest options]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test

if ! command -v chromium >/dev/null 2>&1; then
  echo "test: installing chromium with apt-get" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
# Virtuoso (virtuoso-opensource): only the server binary, never Debian's system service,
# which would listen on all interfaces; tests start their own instance on 127.0.0.1.
bash scripts/virtuoso.sh install

.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
