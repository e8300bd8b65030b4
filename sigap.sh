#!/usr/bin/env bash
# Sigap's two commands:
#   ./sigap.sh run    build, migrate the embedded SQLite database, seed demo data, serve on http://localhost:5080
#   ./sigap.sh test   install what the tests need (Debian packages, the Redocly CLI that lints the OpenAPI document),
#                     start a throwaway PostgreSQL, run every test on SQLite, on PostgreSQL and in Chromium;
#                     ends with "N passed, N failed, N skipped"
# and two for operators: ./sigap.sh migrate, ./sigap.sh schema-script sqlite|postgres
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

apt_install() {
  echo "Installing Debian packages: $*" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# Debian's Chromium renders the PDF reports and runs the browser tests; Playwright never downloads a browser here.
ensure_chromium() { command -v chromium >/dev/null || apt_install chromium fonts-dejavu-core fonts-liberation; }

ensure_test_packages() {
  local need=()
  command -v chromium >/dev/null || need+=(chromium fonts-dejavu-core fonts-liberation)
  [ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || need+=(postgresql)
  command -v pdftoppm >/dev/null || need+=(poppler-utils)
  if [ ${#need[@]} -gt 0 ]; then apt_install "${need[@]}"; fi
}

# Redocly CLI lints the OpenAPI document (ApiDocumentLintTests): the pinned version, in a folder of its own.
REDOCLY_VERSION=2.77.0
REDOCLY_DIR=.tools/redocly
ensure_redocly() {
  command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
  if [ "$(cat "$REDOCLY_DIR/node_modules/@redocly/cli/package.json" 2>/dev/null | grep -o '"version": *"[^"]*"' | grep -o '[0-9][^"]*')" != "$REDOCLY_VERSION" ]; then
    echo "Installing @redocly/cli@$REDOCLY_VERSION into $REDOCLY_DIR" >&2
    mkdir -p "$REDOCLY_DIR"
    npm install --prefix "$REDOCLY_DIR" --no-audit --no-fund --save-exact --loglevel=error "@redocly/cli@$REDOCLY_VERSION" >&2
  fi
}

PG_DIR=""
PG_RUN=()
stop_postgres() {
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR/data" ]; then
    "${PG_RUN[@]}" "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}

# A throwaway cluster of our own: own folder, own port, loopback only, stopped and removed on exit.
start_postgres() {
  local bin port
  bin=$(pg_bin)
  PG_DIR=$(mktemp -d /tmp/sigap-pg.XXXXXX)
  chmod 755 "$PG_DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres "$PG_DIR"; PG_RUN=(runuser -u postgres --); else PG_RUN=(env); fi
  port=${SIGAP_TEST_PG_PORT:-$(( 20000 + RANDOM % 20000 ))}
  "${PG_RUN[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${PG_RUN[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 60 start \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null
  export SIGAP_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Pooling=true;Maximum Pool Size=20"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
}

# Totals of one trx file: "passed failed skipped"; a run that left no trx counts as one failure.
trx_counts() {
  local f=$1
  if [ ! -f "$f" ]; then echo "0 1 0"; return; fi
  local line
  line=$(grep -o '<Counters [^>]*' "$f" | head -n 1)
  local get; get() { echo "$line" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  # xUnit reports a skipped test as counted but not executed (notExecuted stays 0).
  echo "$(get passed) $(( $(get failed) + $(get error) + $(get timeout) + $(get aborted) )) $(( $(get total) - $(get executed) + $(get notExecuted) ))"
}

run_tests() {
  ensure_test_packages
  ensure_redocly
  start_postgres
  trap stop_postgres EXIT
  dotnet build Sigap.slnx -c Debug -nologo -v q -clp:ErrorsOnly
  local results; results=$(mktemp -d /tmp/sigap-results.XXXXXX)
  local status=0
  echo "== Sigap.Tests on SQLite" >&2
  SIGAP_TEST_DB=sqlite dotnet test tests/Sigap.Tests --no-build -nologo --logger "trx;LogFileName=$results/sqlite.trx" "$@" || status=1
  echo "== Sigap.Tests on PostgreSQL" >&2
  SIGAP_TEST_DB=postgres dotnet test tests/Sigap.Tests --no-build -nologo --logger "trx;LogFileName=$results/postgres.trx" "$@" || status=1
  echo "== Sigap.BrowserTests in Chromium" >&2
  SIGAP_TEST_DB=sqlite dotnet test tests/Sigap.BrowserTests --no-build -nologo --logger "trx;LogFileName=$results/browser.trx" "$@" || status=1
  local passed=0 failed=0 skipped=0 p f s
  for name in sqlite postgres browser; do
    read -r p f s < <(trx_counts "$results/$name.trx")
    echo "   $name: $p passed, $f failed, $s skipped" >&2
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  done
  rm -rf "$results"
  echo "$passed passed, $failed failed, $skipped skipped"
  [ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
}

case "${1:-run}" in
  run)
    ensure_chromium || echo "Chromium could not be installed: PDF reports will answer 503 until it is." >&2
    export ASPNETCORE_URLS=${ASPNETCORE_URLS:-http://localhost:5080}
    export SIGAP_DATA=${SIGAP_DATA:-$PWD/data}
    # Short readable lines for a person at the terminal; production keeps the JSON logs (the default).
    export Sigap__ConsoleLog=${Sigap__ConsoleLog:-plain}
    echo "Building Sigap (Release)…" >&2
    build_log=$(mktemp)
    dotnet build src/Sigap.Web -c Release -nologo -v q -clp:ErrorsOnly >"$build_log" 2>&1 || { cat "$build_log" >&2; rm -f "$build_log"; exit 1; }
    rm -f "$build_log"
    exec dotnet run --no-build --project src/Sigap.Web -c Release -- --demo ;;
  test) shift; run_tests "$@" ;;
  migrate) exec dotnet run --project src/Sigap.Web -c Release -- migrate ;;
  schema-script) exec dotnet run --project src/Sigap.Web -- schema-script "${2:-sqlite}" ;;
  *) echo "usage: $0 run | test | migrate | schema-script sqlite|postgres" >&2; exit 2 ;;
esac
