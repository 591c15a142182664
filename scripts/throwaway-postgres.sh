# Sourced by scripts/test.sh: starts a throwaway PostgreSQL cluster for the tests (issue 10), in a temporary
# folder, on a free loopback port, as the `postgres` user when run as root (initdb and postgres refuse root),
# and exports:
#   POSTGRES_URL                 postgres://golive@127.0.0.1:PORT/postgres?sslmode=disable (trust auth, loopback)
#   GOLIVE_TEST_POSTGRES_BIN     the folder with initdb, pg_ctl and postgres (tests start private clusters)
#   GOLIVE_TEST_POSTGRES_RUN_AS  the user to run them as ("" when not root)
# The cluster is stopped and its folder removed when the test command exits. Without PostgreSQL installed the
# PostgreSQL tests are skipped, except under CI=true, where that fails the run. A POSTGRES_URL already set is used
# as it is.
# fsync and full-page writes are off (as on the tests' private clusters): a throwaway cluster needs no durability
# against a machine crash, and dozens of tests creating and migrating databases at once on 2 cores must not wait
# on the disk.

start_throwaway_postgres() {
    if [ -n "${POSTGRES_URL:-}" ]; then
        echo "==> PostgreSQL: using POSTGRES_URL from the environment"
        return 0
    fi
    local bin=""
    for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$candidate/initdb" ] && [ -x "$candidate/postgres" ]; then bin="$candidate"; break; fi
    done
    if [ -z "$bin" ] && command -v initdb >/dev/null 2>&1; then bin="$(dirname "$(readlink -f "$(command -v initdb)")")"; fi
    if [ -z "$bin" ]; then
        postgres_unavailable "PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin or on PATH)"
        return $?
    fi
    local run_as=""
    if [ "$(id -u)" = "0" ]; then
        id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
        run_as="postgres"
    fi
    GOLIVE_PG_DIR="$(mktemp -d /tmp/golive-pg.XXXXXX)"
    [ -n "$run_as" ] && chown "$run_as" "$GOLIVE_PG_DIR"
    local port
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    as_postgres_user() { if [ -n "$run_as" ]; then runuser -u "$run_as" -- "$@"; else "$@"; fi; }
    if ! as_postgres_user "$bin/initdb" -D "$GOLIVE_PG_DIR/data" -U golive --auth=trust -E UTF8 --no-sync \
        >"$GOLIVE_PG_DIR/initdb.log" 2>&1; then
        cat "$GOLIVE_PG_DIR/initdb.log" >&2
        postgres_unavailable "initdb failed"
        return $?
    fi
    if ! as_postgres_user "$bin/pg_ctl" -D "$GOLIVE_PG_DIR/data" -l "$GOLIVE_PG_DIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $GOLIVE_PG_DIR -c max_connections=400 -c shared_buffers=64MB -c fsync=off -c full_page_writes=off" \
        start >/dev/null; then
        cat "$GOLIVE_PG_DIR/server.log" >&2
        postgres_unavailable "the server did not start"
        return $?
    fi
    GOLIVE_PG_BIN="$bin"
    GOLIVE_PG_RUN_AS="$run_as"
    trap stop_throwaway_postgres EXIT
    export POSTGRES_URL="postgres://golive@127.0.0.1:$port/postgres?sslmode=disable"
    export GOLIVE_TEST_POSTGRES_BIN="$bin"
    export GOLIVE_TEST_POSTGRES_RUN_AS="$run_as"
    echo "==> PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (folder $GOLIVE_PG_DIR)"
}

stop_throwaway_postgres() {
    if [ -n "${GOLIVE_PG_DIR:-}" ] && [ -d "$GOLIVE_PG_DIR/data" ]; then
        if [ -n "${GOLIVE_PG_RUN_AS:-}" ]; then
            runuser -u "$GOLIVE_PG_RUN_AS" -- "$GOLIVE_PG_BIN/pg_ctl" -D "$GOLIVE_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
        else
            "$GOLIVE_PG_BIN/pg_ctl" -D "$GOLIVE_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
        fi
        rm -rf "$GOLIVE_PG_DIR"
    fi
}

postgres_unavailable() {
    if [ "${CI:-}" = "true" ]; then
        echo "error: $1; under CI=true the PostgreSQL tests must run (.ci/run installs the postgresql package)." >&2
        return 1
    fi
    echo "warning: $1; the PostgreSQL tests are skipped (install the postgresql package to run them)." >&2
    return 0
}
