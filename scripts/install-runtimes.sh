#!/usr/bin/env bash
# Installs the runtimes of the smoke suite (test/runtimes/) beside the repo, in .runtimes/:
# Node 24 and Bun from their npm packages (binaries inside registry packages). Deno comes with the
# emulator's own dependencies; Chromium from the system (Debian: apt-get install -y chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
platform="$(node -p "process.platform + '-' + process.arch")"
mkdir -p .runtimes
[ -f .runtimes/package.json ] || echo '{ "private": true }' > .runtimes/package.json
npm install --prefix .runtimes --no-audit --no-fund --no-save "node-${platform}@24" "bun@1"
echo "Node $(.runtimes/node_modules/node-${platform}/bin/node --version), Bun $(.runtimes/node_modules/bun/bin/bun.exe --version) in .runtimes/"
