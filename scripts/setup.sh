#!/usr/bin/env bash
# Set up the project on a fresh Debian machine with Python 3.11: a virtual environment in .venv
# with the project and its dependencies. Idempotent: re-running installs only what is missing.
# Usage: bash scripts/setup.sh [--test]   (--test adds the test dependencies)
# Also installs Debian's libmimalloc2.0 (else libjemalloc2), the allocator the query processes
# run with (service/store/allocator.py), where it is missing: without one they use glibc's
# malloc, which costs them up to twice the CPU on large stores; the tests need mimalloc.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-}
if [ -z "$python" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then python=$candidate; break; fi
  done
fi
[ -n "$python" ] || { echo "setup: error: no python3 found; install python3.11" >&2; exit 2; }

if [ ! -x .venv/bin/python ]; then
  if ! "$python" -m venv .venv 2>/dev/null; then
    echo "setup: installing python3-venv with apt-get" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    "$python" -m venv .venv
  fi
fi

extras=""
[ "${1:-}" = "--test" ] && extras="[test]"
stamp=".venv/.installed${extras:+-test}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras}"
  touch "$stamp"
fi

has_library() { /sbin/ldconfig -p 2>/dev/null | grep "$1 " >/dev/null; }
if ! has_library 'libmimalloc\.so\.2'; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing libmimalloc2.0 with apt-get" >&2
    apt-get update -qq || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libmimalloc2.0 >/dev/null 2>&1 ||
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libjemalloc2 >/dev/null 2>&1 || true
  fi
  if ! has_library 'libmimalloc\.so\.2'; then
    [ "${1:-}" = "--test" ] && { echo "setup: error: libmimalloc2.0 could not be installed" >&2; exit 1; }
    has_library 'libjemalloc\.so\.2' ||
      echo "setup: neither mimalloc nor jemalloc is installed: query processes use glibc's malloc" >&2
  fi
fi
