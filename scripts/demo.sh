#!/usr/bin/env bash
# The main job, for now: build (first time only) and start the local control plane, show that it
# works, and say how to use it. (`ork run` turns this into the demo operator.)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node-env.sh"
cd "$ORK_ROOT"
bash scripts/setup.sh
node bin/ork.js dev up "$@" >/dev/null
eval "$(node bin/ork.js dev env)"
node bin/ork.js dev status
if command -v kubectl >/dev/null 2>&1; then
  echo
  kubectl get nodes -o wide
  kubectl create namespace demo --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  kubectl -n demo create deployment hello --image=example.invalid/hello:1 --replicas=2 --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  kubectl -n demo rollout status deployment/hello --timeout=90s
  kubectl -n demo get deployment,pods
fi
cat <<EOT

The control plane is running on 127.0.0.1. Use it from a shell with:
  eval "\$(node bin/ork.js dev env)"   # or: npx ork dev env
  kubectl get nodes
Stop it with: npx ork dev down
EOT
