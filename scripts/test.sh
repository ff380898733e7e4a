#!/usr/bin/env bash
# Sets up everything the tests need on a fresh Debian machine, then runs lint, types and tests.
# The README's test command and .ci/run both call this script.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e '.[dev,spark]'

# System tools the PDF, browser and Spark tests use. Installed only when missing, and only where
# we may (as root, as in CI); elsewhere those tests skip and say why.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdfinfo >/dev/null 2>&1 || missing+=(poppler-utils)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" fonts-dejavu-core >/dev/null
fi
# axe-core checks the HTML report for accessibility problems in the browser test.
if command -v npm >/dev/null 2>&1 && [ ! -f node_modules/axe-core/axe.min.js ]; then
  npm install --no-save --silent --no-audit --no-fund axe-core@4 >/dev/null 2>&1 || echo "axe-core not installed: the accessibility test will skip"
fi

.venv/bin/ruff check
.venv/bin/ruff format --check  # the Python examples in docs/*.md as well
.venv/bin/mypy
# One worker per CPU; a file's tests stay on one worker, so its module fixtures are built once; the
# files with Spark or slow tests are handed out first (tests/conftest.py), so the workers finish together.
.venv/bin/pytest -n auto --dist loadfile --no-loadscope-reorder "$@"
