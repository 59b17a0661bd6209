#!/usr/bin/env bash
# Installs what the project needs from its own files: Node.js (see node-env.sh) and the npm
# dependencies from package-lock.json (skipped when they are already current), then builds dist/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node-env.sh"
cd "$ORK_ROOT"
stamp=node_modules/.ork-lock-stamp
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi
npm run --silent build
