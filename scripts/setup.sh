#!/usr/bin/env bash
# Installs every build and test dependency of Parallax from Debian's packages,
# then the browser tests' npm packages (tests/browser, from its lockfile).
# Non-interactive and idempotent: packages already present are left alone.
# Works as root; uses sudo otherwise.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config
  libicu-dev          # Unicode normalisation, sentence and word segmentation
  libstemmer-dev      # Snowball stemmers
  libxml2-dev         # HTML parser for .html input
  nlohmann-json3-dev  # JSON Lines input and JSON output
  libcli11-dev        # command-line parsing
  libgtest-dev libgmock-dev  # unit tests
  zlib1g-dev          # .gz input (WARC, JSON Lines) and the gzipped benchmark pages
  libzstd-dev         # .zst input (JSON Lines)
  libsqlite3-dev      # the story store (parallax ingest/stories/story/search)
  libpq-dev           # the PostgreSQL store (--db postgresql://...)
  postgresql          # initdb/pg_ctl for the throw-away servers of the PostgreSQL tests (scripts/pg_scratch.sh)
  libbenchmark-dev    # bench/ Google Benchmark suites (optional build)
  libcpp-httplib-dev  # parallax serve (src/serve)
  chromium nodejs npm # browser tests of the web pages (tests/browser, npm ci there)
)

# The browser tests' npm packages, pinned by tests/browser/package-lock.json;
# installed again only when the lockfile changed.
npm_packages() {
  local dir
  dir="$(cd "$(dirname "$0")/.." && pwd)/tests/browser"
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup: npm not found: the browser tests will skip" >&2
    return 0
  fi
  if [ -f "$dir/node_modules/.package-lock.json" ] && cmp -s "$dir/package-lock.json" "$dir/node_modules/.lock-used"; then
    return 0
  fi
  echo "setup: npm ci in tests/browser"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.lock-used)
}

missing=()
for p in "${PACKAGES[@]}"; do
  # Node.js from another source (nodesource's nodejs carries npm and
  # conflicts with Debian's npm package): the commands are what matters.
  if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
  if [ "$p" = nodejs ] && command -v node >/dev/null 2>&1; then continue; fi
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages already installed"
  npm_packages
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 2
  fi
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
npm_packages
