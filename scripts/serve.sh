#!/usr/bin/env bash
# Set up, build the store from the bundled guideline document, and serve it.
# Usage: bash scripts/serve.sh [gkg serve options]   (default http://127.0.0.1:8000)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/gkg build
exec .venv/bin/gkg serve "$@"
