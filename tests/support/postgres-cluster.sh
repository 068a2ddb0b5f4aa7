#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite: initdb into a temporary folder, start it on
# a free loopback port, print its URL; `stop DIR` tears it down. Used by .ci/run and by
# tests/global-setup.ts when TEST_DATABASE_URL is not already set.
#   start          -> prints "DIR URL" on one line
#   stop DIR       -> stops the cluster and deletes DIR
set -euo pipefail

find_bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return; fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  echo "PostgreSQL server binaries (initdb) not found: install Debian's postgresql package" >&2
  exit 3
}

# PostgreSQL refuses to run as root, so as root the cluster belongs to the postgres user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

case "${1:-}" in
  start)
    bindir=$(find_bindir)
    dir=$(mktemp -d -t attune-pg-XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(free_port)
    as_owner "$bindir/initdb" -D "$dir/data" -U attune -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "$dir postgres://attune@127.0.0.1:$port/postgres"
    ;;
  stop)
    dir="${2:?usage: postgres-cluster.sh stop DIR}"
    bindir=$(find_bindir)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac
