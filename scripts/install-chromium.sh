#!/bin/sh
# Installs Debian's Chromium for the webview tests when it is missing (needs root and apt-get).
set -e
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing: install it with 'apt-get install -y chromium'" >&2
  exit 1
fi
apt-get install -y chromium >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y chromium >/dev/null; }
