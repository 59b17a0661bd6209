#!/usr/bin/env bash
# The main job: bring up the local control plane and show it working.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node-env.sh"
cd "$ORK_ROOT"
bash scripts/setup.sh
exec node bin/ork.js demo "$@"
