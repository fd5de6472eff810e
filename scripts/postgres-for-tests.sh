#!/usr/bin/env bash
# Starts the machine's PostgreSQL (Debian's cluster tools) and prints a URL for a fresh test
# database, or prints nothing when no server can be had here. CI always gets one: it installs
# the Debian package when it is missing.
set -euo pipefail
log() { echo "$*" >&2; }

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [ "${CI:-}" = "true" ] && [ "$(id -u)" = "0" ]; then
    log "installing PostgreSQL for CI"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
  else
    exit 0
  fi
fi

cluster=$(pg_lsclusters --no-header 2>/dev/null | head -n 1 || true)
if [ -z "$cluster" ]; then
  log "no PostgreSQL cluster found"
  [ "${CI:-}" = "true" ] && exit 1
  exit 0
fi
read -r version name port status _ <<<"$cluster"
if [ "$status" != "online" ]; then
  pg_ctlcluster "$version" "$name" start >&2
fi

as_postgres() { if [ "$(id -u)" = "0" ]; then su postgres -c "$1"; else sh -c "$1"; fi; }
as_postgres "psql -p $port -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='opendoor'\" | grep -q 1 || psql -p $port -qc \"CREATE ROLE opendoor LOGIN PASSWORD 'opendoor' CREATEDB\"" >&2
as_postgres "psql -p $port -qc 'DROP DATABASE IF EXISTS opendoor_test' && psql -p $port -qc 'CREATE DATABASE opendoor_test OWNER opendoor'" >&2
# Commits don't wait for the disk in the test database: the tests kill Open Door's processes,
# never the database server, and a busy CI disk must not stall an answer Slack waits 3 s for.
as_postgres "psql -p $port -qc 'ALTER DATABASE opendoor_test SET synchronous_commit = off'" >&2
echo "postgresql+psycopg://opendoor:opendoor@127.0.0.1:$port/opendoor_test"
