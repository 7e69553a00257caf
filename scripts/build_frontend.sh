#!/usr/bin/env bash
# Builds the in-browser notebook editor (CodeMirror 6, bundled by esbuild from npm; no CDN) into
# grading/static/grading/dist/. Installs Debian's nodejs and npm first when they are missing and we
# are root; otherwise names what to install. The exercise pages still work without the bundle (plain
# text areas), so a missing Node.js is a warning, not a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's nodejs and npm (to build the notebook editor)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  else
    echo "warning: npm is missing, so the browser notebook editor is not built" >&2
    echo "         install it with: sudo apt-get install nodejs npm" >&2
    exit 0
  fi
fi
npm ci --no-audit --no-fund --loglevel=error
npm run --silent build
