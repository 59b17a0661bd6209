#!/usr/bin/env bash
# The whole test suite: static checks, unit, golden, integration and e2e tests, then the fault suite
# (on a dev cluster of its own, `faults`, since it stops and restarts control-plane components).
# Integration tests start the local control plane (building it once into the cache) or reuse the
# cluster that KUBECONFIG reaches.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node-env.sh"
cd "$ORK_ROOT"
bash scripts/setup.sh
bash scripts/setup-browser.sh
npm run --silent check:static
npm run --silent test:all
npm run --silent test:faults
