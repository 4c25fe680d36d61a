#!/bin/sh
# Debian's Chromium for the browser tests (installed when run as root; no
# browser can be downloaded by a package's install script here).
set -eu
if [ -x /usr/bin/chromium ]; then echo "browser-setup: ready ($(/usr/bin/chromium --version 2>/dev/null | head -1))"; exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "browser-setup: installing Debian's chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "browser-setup: /usr/bin/chromium is missing; as root run: apt-get update && apt-get install -y chromium" >&2
  exit 1
fi
[ -x /usr/bin/chromium ] || { echo "browser-setup: chromium is still missing after installing it" >&2; exit 1; }
echo "browser-setup: ready ($(/usr/bin/chromium --version 2>/dev/null | head -1))"
