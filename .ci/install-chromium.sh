#!/usr/bin/env bash
# Installs the headless browser used by HawtioBrowserIT (Debian/Ubuntu packages chromium and chromium-driver).
# Idempotent: does nothing when /usr/bin/chromium and /usr/bin/chromedriver are already there.
# Exit codes: 0 installed or already present, 2 cannot install here (not root or no apt-get), other: apt failed.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver

if [ -x "$CHROMIUM" ] && [ -x "$CHROMEDRIVER" ]; then
    echo "install-chromium: already installed, nothing to do ($("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM"))"
    exit 0
fi

if [ "${EUID:-$(id -u)}" -ne 0 ]; then
    echo "install-chromium: $CHROMIUM or $CHROMEDRIVER is missing and this is not root (uid ${EUID:-$(id -u)});" \
         "install the packages chromium and chromium-driver first" >&2
    exit 2
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-chromium: $CHROMIUM or $CHROMEDRIVER is missing and there is no apt-get here;" \
         "install Chromium and a matching chromedriver at those paths first" >&2
    exit 2
fi

echo "install-chromium: installing chromium and chromium-driver with apt-get"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver

if [ -x "$CHROMIUM" ] && [ -x "$CHROMEDRIVER" ]; then
    echo "install-chromium: installed $("$CHROMIUM" --version 2>/dev/null) and $("$CHROMEDRIVER" --version 2>/dev/null)"
else
    echo "install-chromium: apt-get finished but $CHROMIUM or $CHROMEDRIVER is still missing" >&2
    exit 1
fi
