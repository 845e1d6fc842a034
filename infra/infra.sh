#!/usr/bin/env bash
# Local infrastructure for machines without Docker: a real Kafka (KRaft) and
# FerretDB on PostgreSQL, bound to 127.0.0.1, cached under $CASETRAIL_CACHE.
#   infra.sh up | down | status | reset
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cmd="${1:-status}"
case "$cmd" in
  up)
    # Started side by side: the cold build of one overlaps the download of the other.
    start=$(date +%s)
    # Plain pipelines, not `> >(sed ...)`: bash leaves a process substitution's descriptor open
    # in every child, so the daemons would hold the caller's pipe open and `infra:up | ...` would never end.
    (bash "$here/kafka/kafka.sh" up 2>&1 | sed 's/^/[kafka] /') & kafka=$!
    (bash "$here/ferretdb/ferretdb.sh" up 2>&1 | sed 's/^/[ferretdb] /') & ferret=$!
    status=0
    wait "$kafka" || status=$?
    wait "$ferret" || status=$?
    if [ "$status" -ne 0 ]; then echo "infra: up failed (see the lines above)" >&2; exit "$status"; fi
    echo "infra: up in $(( $(date +%s) - start ))s"
    ;;
  down|reset)
    bash "$here/kafka/kafka.sh" "$cmd" || true
    bash "$here/ferretdb/ferretdb.sh" "$cmd" || true
    ;;
  status)
    status=0
    bash "$here/kafka/kafka.sh" status || status=$?
    bash "$here/ferretdb/ferretdb.sh" status || status=$?
    exit "$status"
    ;;
  *) echo "usage: infra.sh up|down|status|reset" >&2; exit 2 ;;
esac
