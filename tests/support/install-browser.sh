#!/usr/bin/env bash
# The browser of the browser tests (tests/web): Debian's chromium, from Debian's packages.
# Playwright drives it through `executable_path`; it never downloads a browser of its own.
# Does nothing when chromium is there; installs it when running as root; otherwise says
# what to run (the browser tests then skip, or fail under CI=true).
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "chromium is not installed; as root: apt-get install -y chromium" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# Try the package lists the machine has first; fetch fresh ones only when that fails.
if ! apt-get install -y -q --no-install-recommends chromium >/dev/null 2>&1; then
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends chromium >/dev/null
fi
command -v chromium >/dev/null
