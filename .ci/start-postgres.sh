#!/usr/bin/env bash
# Installs PostgreSQL where it is missing, starts a cluster on 127.0.0.1:5432 and lets the
# `postgres` user in with the password `postgres`, as TEST_DATABASE_URL expects.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -y >/dev/null
  apt-get install -y postgresql >/dev/null
fi
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  echo "pg_lsclusters missing (postgresql-common)"; exit 1
fi
read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n 1) || true
if [ -z "${version:-}" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
  pg_createcluster "$version" main --start -- --auth-local=peer >/dev/null
  read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n 1)
fi
if [ "$port" != "5432" ]; then echo "cluster $version/$cluster is on port $port, not 5432"; fi
if [ "$status" != "online" ]; then pg_ctlcluster "$version" "$cluster" start; fi
for _ in $(seq 1 30); do
  su postgres -c "psql -p $port -qtAc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -p $port -qc \"alter user postgres password 'postgres'\"" >/dev/null
echo "PostgreSQL $version/$cluster online on port $port"
