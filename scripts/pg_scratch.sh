#!/usr/bin/env bash
# A throw-away PostgreSQL server in a folder, for tests and benchmarks: no
# system service, no root needed, nothing outside the folder.
#
#   uri=$(scripts/pg_scratch.sh start /tmp/pgdemo)   # prints a connection URI
#   build/parallax ingest --db "$uri" examples/articles
#   scripts/pg_scratch.sh stop /tmp/pgdemo           # stops it and removes the folder
#
# The server listens on a Unix socket inside the folder only (no TCP port).
# initdb refuses to run as root: as root the server runs as the
# unprivileged user `nobody` (override with PG_SCRATCH_USER), which owns the
# folder. Exit 2 with a message when the server binaries are missing
# (Debian: apt-get install postgresql; scripts/setup.sh installs them).
set -euo pipefail

usage() { echo "usage: $0 start|stop|uri DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd=$1
dir=$2

bindir=""
for d in /usr/lib/postgresql/*/bin; do
  [ -x "$d/initdb" ] && bindir=$d
done
if [ -z "$bindir" ] && command -v initdb >/dev/null 2>&1; then bindir=$(dirname "$(command -v initdb)"); fi
if [ -z "$bindir" ] && [ "$cmd" = start ]; then
  echo "pg_scratch: PostgreSQL server binaries (initdb, pg_ctl) not found; install the postgresql package" >&2
  exit 2
fi

run_as() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "${PG_SCRATCH_USER:-nobody}" -- "$@"
  else
    "$@"
  fi
}

uri() { echo "postgresql://postgres@/postgres?host=$dir/socket"; }

case "$cmd" in
  start)
    mkdir -p "$dir/socket"
    if [ "$(id -u)" -eq 0 ]; then chown -R "${PG_SCRATCH_USER:-nobody}" "$dir"; fi
    chmod 700 "$dir"
    # The user running the server must reach the folder through its parents.
    if [ "$(id -u)" -eq 0 ] && ! run_as test -x "$dir"; then
      echo "pg_scratch: user ${PG_SCRATCH_USER:-nobody} cannot enter $dir (use a folder under /tmp)" >&2
      exit 2
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      run_as "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
        echo "pg_scratch: initdb failed; see $dir/initdb.log" >&2; tail -5 "$dir/initdb.log" >&2; exit 1; }
    fi
    # Small, fast, disposable: no fsync (the folder is thrown away), socket only.
    run_as "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-k $dir/socket -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
      start >/dev/null || { echo "pg_scratch: server did not start; see $dir/server.log" >&2; tail -5 "$dir/server.log" >&2; exit 1; }
    uri
    ;;
  stop)
    if [ -n "$bindir" ] && [ -f "$dir/data/postmaster.pid" ]; then
      run_as "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  uri)
    uri
    ;;
  *)
    usage
    ;;
esac
