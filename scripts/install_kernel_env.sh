#!/usr/bin/env bash
# Creates the Python environment that grading kernels run in: a venv made from Debian's
# /usr/bin/python3 (not a Python under /root, which the sandbox's unprivileged user cannot read),
# with ipykernel, numpy, pandas and matplotlib from grading/sandbox/kernel-requirements.txt.
#
#   scripts/install_kernel_env.sh            # into $MANABI_KERNEL_ENV, default: see grading/sandbox/config.py
#   MANABI_KERNEL_PYTHON=/usr/bin/python3.11 scripts/install_kernel_env.sh
#
# Re-running is cheap: nothing happens while the requirements are unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

# Where the executor will look for it (it knows when the project is out of the sandbox user's reach).
env_dir="${MANABI_KERNEL_ENV:-$(.venv/bin/python -m grading.sandbox kernel-env-path)}"
base_python="${MANABI_KERNEL_PYTHON:-/usr/bin/python3}"
requirements="grading/sandbox/kernel-requirements.txt"
stamp="$env_dir/.manabi-requirements"

if [ -x "$env_dir/bin/python" ] && cmp -s "$requirements" "$stamp"; then
  exit 0
fi
if ! "$base_python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's python3-venv for the kernel environment"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
  else
    echo "error: $base_python cannot create a venv; install it with: sudo apt-get install python3-venv" >&2
    exit 1
  fi
fi

echo "Creating the grading kernel environment in $env_dir"
# Build beside it and swap it in at the end: running sandboxes keep the old one (bind-mounted).
building="$env_dir.new"
rm -rf "$building"
mkdir -p "$(dirname "$env_dir")"
"$base_python" -m venv "$building"
"$building/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
chmod -R a+rX "$building"
cp "$requirements" "$building/.manabi-requirements"
rm -rf "$env_dir.old"
if [ -e "$env_dir" ]; then mv "$env_dir" "$env_dir.old"; fi
mv "$building" "$env_dir"
rm -rf "$env_dir.old"

# The sandbox user must be able to reach the environment: every directory above it needs o+x.
dir="$(cd "$env_dir" && pwd -P)"
while [ "$dir" != "/" ]; do
  if [ "$(( 0$(stat -c %a "$dir") & 1 ))" = 0 ]; then
    echo "warning: $dir is not searchable by other users; the sandbox cannot use $env_dir" >&2
    echo "         (set MANABI_KERNEL_ENV to a directory outside it and run this again)" >&2
    break
  fi
  dir="$(dirname "$dir")"
done
"$env_dir/bin/python" -c 'import ipykernel, matplotlib, numpy, pandas; print("kernel environment ready: ipykernel", ipykernel.__version__, "numpy", numpy.__version__, "pandas", pandas.__version__, "matplotlib", matplotlib.__version__)'
