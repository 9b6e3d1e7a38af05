#!/usr/bin/env bash
# Start a local PostgreSQL for the test suite and print the URL to test against.
# Needs root (CI runs as root); installs the server with apt-get when absent.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main >&2
fi
pg_ctlcluster "$version" main start >&2 2>/dev/null || true
for _ in $(seq 1 60); do
  if su postgres -c "pg_isready -q -h 127.0.0.1 -p 5432"; then break; fi
  # pg_isready polls the server; the wait bounds start-up at about a minute.
  sleep 1
done
su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_roles WHERE rolname='movedesk'\"" | grep -q 1 \
  || su postgres -c "psql -q -c \"CREATE ROLE movedesk LOGIN PASSWORD 'movedesk'\"" >&2
# A second, restricted role: the audit log set-up of docs/security.md runs MoveDesk as it.
su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_roles WHERE rolname='movedesk_app'\"" | grep -q 1 \
  || su postgres -c "psql -q -c \"CREATE ROLE movedesk_app LOGIN PASSWORD 'movedesk_app'\"" >&2
su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_database WHERE datname='movedesk_test'\"" | grep -q 1 \
  || su postgres -c "createdb -O movedesk movedesk_test" >&2
echo "postgresql://movedesk:movedesk@127.0.0.1:5432/movedesk_test"
