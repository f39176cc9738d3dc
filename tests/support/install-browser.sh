#!/usr/bin/env bash
# The browser of the browser tests (tests/web): Debian's chromium, from Debian's packages.
# Playwright drives it through `executable_path`; it never downloads a browser of its own.
# Does nothing when chromium is there; installs it when running as root; otherwise says
# what to run (the browser tests then skip, or fail under CI=true).
#   --fonts  also Korean fonts (fonts-noto-cjk), for the screenshots of docs/screenshots
#            (python -m docs.screenshots); the tests do not need them.
set -euo pipefail

packages=()
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
if [ "${1:-}" = "--fonts" ] && ! fc-list :lang=ko 2>/dev/null | grep -q .; then
  packages+=(fonts-noto-cjk)
fi
if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "not installed: ${packages[*]}; as root: apt-get install -y ${packages[*]}" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# Try the package lists the machine has first; fetch fresh ones only when that fails.
if ! apt-get install -y -q --no-install-recommends "${packages[@]}" >/dev/null 2>&1; then
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${packages[@]}" >/dev/null
fi
command -v chromium >/dev/null
