#!/usr/bin/env bash
# Installs the Python consumer test's pinned dependencies (test/consumers/python/requirements.txt)
# into a virtualenv outside the repo and prints the path of its `python`. The requirements file's
# hash is kept in the venv: a later run with the same pins reuses it (seconds, no network); changed
# pins rebuild it. Only the package download touches the network.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
requirements="$here/../../test/consumers/python/requirements.txt"
venv="${CASETRAIL_CONSUMER_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/casetrail/venvs/consumer}"
want="$(sha256sum "$requirements" | awk '{print $1}')"
python="$venv/bin/python"
if [ ! -x "$python" ] || [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$python" -m pip install --quiet --disable-pip-version-check --only-binary=:all: -r "$requirements" >&2
  echo "$want" >"$venv/.requirements.sha256"
fi
echo "$python"
