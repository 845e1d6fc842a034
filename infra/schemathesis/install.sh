#!/usr/bin/env bash
# Installs the pinned schemathesis into a virtualenv outside the repo (once; later runs reuse it)
# and prints the path of its `schemathesis` executable. Only the package download touches the network.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${CASETRAIL_SCHEMATHESIS_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/casetrail/schemathesis-venv}"
want="$(sed -n 's/^schemathesis==//p' "$here/requirements.txt")"
bin="$venv/bin/schemathesis"
if [ ! -x "$bin" ] || [ "$("$bin" --version 2>/dev/null | awk '{print $NF}')" != "$want" ]; then
  python3 -m venv "$venv" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt" >&2
fi
echo "$bin"
