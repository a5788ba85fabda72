# Sourced by .ci/run (and usable by hand: `source .ci/pg-cluster.sh`): starts a throwaway PostgreSQL
# cluster in a temp dir on a free local port, exports AIOPS_TEST_PG for the tests that need a real
# server, and stops it and removes the dir when the calling shell exits.
# Debian's `postgresql` package is installed if initdb is missing. initdb refuses to run as root,
# so as root the cluster belongs to the `postgres` user (runuser).

pg_cluster_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

pg_cluster_start() {
  if [ -z "$(pg_cluster_bin)" ]; then
    echo "installing postgresql for the tests that need a real server"
    if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq >/dev/null; APT_UPDATED=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  local bin; bin=$(pg_cluster_bin)
  PG_CLUSTER_DIR=$(mktemp -d /tmp/aiops-pg.XXXXXX)
  chmod 755 "$PG_CLUSTER_DIR"
  local port; port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  local as=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$PG_CLUSTER_DIR"
    as=(runuser -u postgres --)
  fi
  PG_CLUSTER_CTL=("${as[@]}" "$bin/pg_ctl")
  "${as[@]}" "$bin/initdb" -D "$PG_CLUSTER_DIR/data" -U postgres --auth=trust -E UTF8 --no-locale >"$PG_CLUSTER_DIR/initdb.log" 2>&1 \
    || { cat "$PG_CLUSTER_DIR/initdb.log"; return 1; }
  mkdir -p "$PG_CLUSTER_DIR/sock" && [ "$(id -u)" != 0 ] || chown postgres "$PG_CLUSTER_DIR/sock"
  "${PG_CLUSTER_CTL[@]}" -D "$PG_CLUSTER_DIR/data" -l "$PG_CLUSTER_DIR/server.log" -w start \
    -o "-p $port -k $PG_CLUSTER_DIR/sock -c listen_addresses=127.0.0.1 -c max_connections=200" >/dev/null \
    || { cat "$PG_CLUSTER_DIR/server.log"; return 1; }
  export AIOPS_TEST_PG="postgres://postgres@127.0.0.1:$port/postgres"
  # The PostgreSQL tests never skip where this script ran (vitest's workers see CI=false).
  export AIOPS_TEST_PG_REQUIRED=1
  echo "PostgreSQL test cluster on 127.0.0.1:$port ($PG_CLUSTER_DIR)"
  trap pg_cluster_stop EXIT
}

pg_cluster_stop() {
  [ -n "${PG_CLUSTER_DIR:-}" ] || return 0
  "${PG_CLUSTER_CTL[@]}" -D "$PG_CLUSTER_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_CLUSTER_DIR"
  PG_CLUSTER_DIR=
}
