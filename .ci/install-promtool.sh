#!/usr/bin/env bash
# Provides promtool (Debian package prometheus) for MonitoringFilesIT, which checks deploy/prometheus/alerts.yaml.
# Unpacks the package into DIR (apt-get download + dpkg-deb -x) instead of installing it: installing would also set up
# and start a Prometheus server. Idempotent. Usage: install-promtool.sh DIR; the last line printed is promtool's path.
# Exit codes: 0 found or unpacked, 2 cannot get it here (no apt-get/dpkg-deb, or no package lists and not root).
set -euo pipefail

dir=${1:?usage: install-promtool.sh DIR}
unpacked="$dir/usr/bin/promtool"

if command -v promtool >/dev/null 2>&1; then
    command -v promtool
    exit 0
fi
if [ -x "$unpacked" ]; then
    echo "$unpacked"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1; then
    echo "install-promtool: promtool is not on the PATH and there is no apt-get/dpkg-deb to fetch the Debian package prometheus" >&2
    exit 2
fi

download=$(mktemp -d)
trap 'rm -rf "$download"' EXIT
if ! (cd "$download" && apt-get download -q prometheus >/dev/null 2>&1); then
    if [ "${EUID:-$(id -u)}" -ne 0 ]; then
        echo "install-promtool: apt-get download prometheus failed and this is not root (uid $(id -u)), so the package" \
             "lists cannot be refreshed; install the package prometheus first" >&2
        exit 2
    fi
    apt-get update -qq
    (cd "$download" && apt-get download -q prometheus)
fi
mkdir -p "$dir"
dpkg-deb -x "$download"/prometheus_*.deb "$dir"
"$unpacked" --version >&2
echo "$unpacked"
