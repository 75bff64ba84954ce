#!/usr/bin/env bash
# The Debian packages the test suite needs beyond Python: chromium, for the browser test of the
# interactive app (Playwright drives it; `playwright install` cannot download browsers here).
# Idempotent; needs root (or sudo) only when something is missing. .ci/run calls it.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
    echo "setup-system: chromium present ($(chromium --version 2>/dev/null | head -1))"
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium
chromium --version
