#!/usr/bin/env bash
# Installs the Debian packages Manabi needs when they are missing: bubblewrap (the grading sandbox),
# chromium (browser tests), gettext (compiling translations). As root it installs them; otherwise it
# names what to install and goes on (the grading worker then refuses to grade and says why).
set -euo pipefail

declare -A needed=(
  [bwrap]=bubblewrap
  [chromium]=chromium
  [msgfmt]=gettext
  [curl]=curl
)
missing=()
for command in "${!needed[@]}"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("${needed[$command]}")
done
if [ -f scripts/system-packages.txt ]; then
  while read -r package; do
    [ -z "$package" ] || [ "${package:0:1}" = "#" ] && continue
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done < scripts/system-packages.txt
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "warning: missing Debian packages: ${missing[*]}" >&2
  echo "         install them with: sudo apt-get install ${missing[*]}" >&2
fi
