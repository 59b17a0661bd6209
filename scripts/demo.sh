#!/usr/bin/env bash
# The main job: a declarative operator on a real local Kubernetes control plane.
#   1. build (first time only) and start the local control plane (`ork dev up`);
#   2. run the hello-website operator (`ork run --dev` installs its CRD and applies a Website);
#   3. show the Deployment and Service it created and the Website's Ready status;
#   4. keep the operator running until Ctrl-C (or stop right away with --no-wait).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node-env.sh"
cd "$ORK_ROOT"
bash scripts/setup.sh
wait_at_end=1
[[ ${1:-} == --no-wait ]] && wait_at_end=0
port=${ORK_PORT:-8080}
example=examples/01-hello-website

echo "==> 1. local control plane (first run builds Kubernetes from source: ~7-10 min)"
node bin/ork.js dev up >/dev/null
eval "$(node bin/ork.js dev env 2>/dev/null)"
node bin/ork.js dev status

echo; echo "==> 2. the hello-website operator: ork run -k $example/katalog.yaml --dev"
mkdir -p .cache/demo
bin/ork.js run -k "$example/katalog.yaml" --dev --port "$port" >.cache/demo/operator.log 2>&1 & # through its #! line: the node flags of an operator
operator=$!
stop_operator() {
  if kill -0 "$operator" 2>/dev/null; then
    kill -TERM "$operator"
    wait "$operator" 2>/dev/null || true
  fi
}
trap stop_operator EXIT
http() { node -e "fetch('http://127.0.0.1:$port$1').then(async r=>{process.stdout.write(await r.text());process.exit(r.ok?0:1)},()=>process.exit(1))"; }
for _ in $(seq 100); do http /ready >/dev/null 2>&1 && break; sleep 0.2; done
grep -v '^{' .cache/demo/operator.log | head -n 4 # the summary, without the JSON log lines

echo; echo "==> 3. what it made of Website 'hello' (examples/01-hello-website/cr.yaml)"
for _ in $(seq 150); do
  ready=$(http /katalog/website/cr 2>/dev/null | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const i=JSON.parse(s).items.find(c=>c.name==='hello');process.stdout.write(i?.ready??'')})" || true)
  [[ $ready == True ]] && break
  sleep 0.2
done
if command -v kubectl >/dev/null 2>&1; then
  kubectl get websites
  kubectl get deployment,service hello
  echo; echo "Website 'hello' status:"
  kubectl get website hello -o jsonpath='{range .status.conditions[*]}  {.type}={.status} ({.reason}){"\n"}{end}  readyReplicas={.status.readyReplicas}{"\n"}'
else
  http /katalog/website/cr/default/hello
fi

cat <<EOT

==> 4. where to look next
  health and readiness   http://localhost:$port/health   http://localhost:$port/ready
  the operators          http://localhost:$port/katalog   http://localhost:$port/katalog/website/health
  a CR with its children http://localhost:$port/katalog/website/cr/default/hello
  Prometheus metrics     http://localhost:$port/metrics
  operator log           .cache/demo/operator.log
  try drift correction:  kubectl delete deployment hello   (it comes back at once)
  use the cluster:       eval "\$(node bin/ork.js dev env)"; kubectl get nodes
  stop the cluster:      node bin/ork.js dev down
EOT

if ((wait_at_end)); then
  echo; echo "The operator keeps running; press Ctrl-C to stop it."
  wait "$operator"
else
  # Leave the cluster tidy: the operator releases the Website's finalizer before it stops.
  command -v kubectl >/dev/null 2>&1 && kubectl delete website hello --wait=true --timeout=30s >/dev/null 2>&1 || true
fi
