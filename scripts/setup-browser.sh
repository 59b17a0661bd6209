#!/usr/bin/env bash
# Installs Debian's Chromium for the Control Center's browser tests (playwright-core drives it; it never
# downloads a browser of its own). Only the test command needs it, so only scripts/test.sh calls this.
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then exit 0; fi
if [[ $(id -u) -ne 0 ]] && ! command -v sudo >/dev/null 2>&1; then
  echo "error: the browser tests need Chromium: run 'apt-get install -y chromium' as root" >&2
  exit 1
fi
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
echo "[setup] installing Debian's chromium for the browser tests" >&2
export DEBIAN_FRONTEND=noninteractive
as_root apt-get install -y -q chromium >/dev/null || {
  as_root apt-get update -q >/dev/null
  as_root apt-get install -y -q chromium >/dev/null
}
