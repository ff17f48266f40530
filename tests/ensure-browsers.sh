#!/usr/bin/env bash
# Makes sure the real browsers the e2e tests drive are installed: Debian's Chromium and Firefox ESR
# (plus openssl, which makes the fake providers' certificate, and Xvfb + xdotool + xwd + xwininfo for headed Chromium). Installs them with apt when missing
# and we are root on Debian; otherwise says exactly what to install.
set -euo pipefail

chrome="${CHROME_PATH:-/usr/bin/chromium}"
firefox="${FIREFOX_PATH:-/usr/bin/firefox-esr}"
missing=()
[ -x "$chrome" ] || missing+=(chromium)
[ -x "$firefox" ] || missing+=(firefox-esr)
command -v openssl >/dev/null || missing+=(openssl)
# Chromium runs headed on a virtual display, with real input (tests/e2e/chromium/x11.ts).
command -v Xvfb >/dev/null || missing+=(xvfb)
command -v xdotool >/dev/null || missing+=(xdotool)
# xwd grabs the screen, where Chromium's own dialogs (the permission prompt) show.
command -v xwd >/dev/null || missing+=(x11-apps)
# xwininfo lists the screen's windows, to see Chromium's native context menu open.
command -v xwininfo >/dev/null || missing+=(x11-utils)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} with apt-get…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi

echo "The end-to-end tests need: ${missing[*]}." >&2
echo "On Debian/Ubuntu: sudo apt-get install ${missing[*]}" >&2
echo "Or point CHROME_PATH / FIREFOX_PATH at installed browsers." >&2
exit 1
