#!/usr/bin/env bash
# Contract tests: the generated SDK against Stoplight Prism, an independent server that validates every
# request against openapi/tokens.yaml.
#
# 1. Installs the Prism pinned by tests/contract/package-lock.json into .prism/ (git-ignored), unless that
#    exact install is already there.
# 2. Starts two Prism mock servers on free ports of 127.0.0.1: one answering with the spec's examples
#    (PRISM_URL), one generating random responses that fit the schemas (PRISM_DYNAMIC_URL).
# 3. Runs `cargo test --workspace --test contract` against them; extra arguments go to cargo test,
#    e.g. `tests/contract/run.sh -- --nocapture` to see every exchange.
# 4. Stops both servers by the PID of their node process, whatever happened.
#
# `tests/contract/run.sh --install-only` does step 1 alone, so that CI can install Prism while cargo
# builds.
#
# Needs Node.js >= 18.20.1 and npm, and the npm registry on the first run. Fails (non-zero) when
# anything is missing: it never skips.
#
# To move to another Prism version, change package.json, then regenerate the lock file in this folder:
#   npm install --package-lock-only --omit-lockfile-registry-resolved --ignore-scripts
# and set PRISM_VERSION below to match.
set -euo pipefail

install_only=false
if [[ ${1:-} == --install-only ]]; then
    install_only=true
    shift
fi

readonly PRISM_VERSION=5.14.2
readonly READY_TIMEOUT_SECONDS=60

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

readonly prism_dir=.prism
readonly prism_js="$prism_dir/node_modules/@stoplight/prism-cli/dist/index.js"
readonly spec=openapi/tokens.yaml

say() { printf '[contract] %s\n' "$*"; }
die() {
    printf '[contract] error: %s\n' "$*" >&2
    exit 1
}

# --- what the host must provide -------------------------------------------------------------------
command -v node > /dev/null || die "node is not installed; the contract tests need Node.js >= 18.20.1 and npm"
command -v npm > /dev/null || die "npm is not installed; the contract tests need Node.js >= 18.20.1 and npm"
node -e '
    const [major, minor, patch] = process.versions.node.split(".").map(Number);
    const ok = major > 18 || (major === 18 && (minor > 20 || (minor === 20 && patch >= 1)));
    process.exit(ok ? 0 : 1);
' || die "Prism $PRISM_VERSION needs Node.js >= 18.20.1; this is $(node --version)"

# --- install Prism --------------------------------------------------------------------------------
installed_version() {
    node -p "require('./$prism_dir/node_modules/@stoplight/prism-cli/package.json').version" 2> /dev/null || true
}

# The install is reused only when it came from this very lock file and finished (npm writes the hidden
# lock file last).
if [[ -f "$prism_dir/node_modules/.package-lock.json" ]] &&
    cmp -s "$here/package-lock.json" "$prism_dir/package-lock.json" &&
    [[ "$(installed_version)" == "$PRISM_VERSION" ]]; then
    say "Prism $PRISM_VERSION already installed in $prism_dir/"
else
    say "installing Prism $PRISM_VERSION into $prism_dir/ (npm ci)"
    mkdir -p "$prism_dir"
    rm -f "$prism_dir/package-lock.json"
    cp "$here/package.json" "$here/package-lock.json" "$prism_dir/"
    started=$SECONDS
    if ! npm ci --prefix "$prism_dir" --no-audit --no-fund --loglevel=error --fetch-retries=2; then
        rm -f "$prism_dir/package-lock.json"
        die "npm ci failed: Prism $PRISM_VERSION could not be installed (is the npm registry reachable?)"
    fi
    [[ "$(installed_version)" == "$PRISM_VERSION" ]] ||
        die "npm installed Prism '$(installed_version)', not the pinned $PRISM_VERSION: update PRISM_VERSION or the lock file"
    say "installed in $((SECONDS - started)) s"
fi
[[ -f "$prism_js" ]] || die "$prism_js is missing after the install"
if [[ $install_only == true ]]; then
    exit 0
fi

# --- start the servers ----------------------------------------------------------------------------
pids=()
logs=()
tests_ran=false

# Prints the end of each server log; Prism logs every request, so the tail shows the last exchanges.
show_logs() {
    local log
    for log in "${logs[@]}"; do
        [[ -f "$log" ]] || continue
        printf '\n[contract] last lines of %s:\n' "$log" >&2
        tail -n 25 "$log" >&2 || true
    done
}

stop() {
    local pid=$1 i
    kill -TERM "$pid" 2> /dev/null || return 0
    for ((i = 0; i < 50; i++)); do
        kill -0 "$pid" 2> /dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2> /dev/null || true
    wait "$pid" 2> /dev/null || true
}

cleanup() {
    local status=$? pid
    trap - EXIT
    ((status == 0)) || show_logs
    for pid in "${pids[@]}"; do
        stop "$pid"
    done
    ((${#pids[@]} == 0)) || say "stopped Prism (pid ${pids[*]})"
    if ((status != 0)); then
        if [[ $tests_ran == true ]]; then
            say "FAILED: the contract tests failed (exit $status); see their output above the Prism logs" >&2
        else
            say "FAILED (exit $status) before the tests ran" >&2
        fi
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A port nobody listens on now: bound to port 0, read back, released. Another process could take it
# before Prism binds it; Prism then exits and `await` starts it again on another port.
free_port() {
    node -e '
        const server = require("net").createServer();
        server.listen(0, "127.0.0.1", () => { console.log(server.address().port); server.close(); });
    '
}

# True when the server on $1 answers a valid request with 200.
answers() {
    node -e '
        fetch(process.argv[1], { headers: { authorization: "Bearer readiness-probe" } })
            .then(r => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1));
    ' "$1/api/readiness/auth/token/get/list" 2> /dev/null
}

# launch NAME [prism mock options…]: starts one server on a free port without waiting for it. node is
# started directly (a simple background command is exec'ed), so the PID kept is that of Prism itself.
declare -A pid_of port_of args_of
launch() {
    local name=$1 pid i port
    shift
    args_of[$name]="$*"
    # Distinct from the other server's port, which may not be bound yet.
    port="$(free_port)"
    while [[ " ${port_of[*]} " == *" $port "* ]]; do
        port="$(free_port)"
    done
    port_of[$name]=$port
    # shellcheck disable=SC2086 # the options are single words
    node "$prism_js" mock ${args_of[$name]} -h 127.0.0.1 -p "${port_of[$name]}" "$spec" > "$prism_dir/prism-$name.log" 2>&1 &
    pid=$!
    pids+=("$pid")
    pid_of[$name]=$pid
    for ((i = 0; i < 20; i++)); do
        [[ "$(ps -o comm= -p "$pid" 2> /dev/null)" == node ]] && return 0
        sleep 0.05
    done
    die "PID $pid of the $name Prism is not node; refusing to lose track of the server"
}

# await NAME: waits until the server has bound its port (its own log says so, which no other process
# can write) and answers, and sets $url to its base URL. A server that exited before answering most
# likely lost its port to another process in between: it gets another port.
await() {
    local name=$1 attempt pid deadline log="$prism_dir/prism-$1.log" listening
    for attempt in 1 2 3; do
        pid=${pid_of[$name]}
        listening="Prism is listening on http://127.0.0.1:${port_of[$name]}"
        deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
        while kill -0 "$pid" 2> /dev/null; do
            if grep -qF "$listening" "$log" && answers "http://127.0.0.1:${port_of[$name]}"; then
                url="http://127.0.0.1:${port_of[$name]}"
                say "$name Prism (pid $pid) answers on $url"
                return 0
            fi
            ((SECONDS < deadline)) ||
                die "the $name Prism did not answer on port ${port_of[$name]} within ${READY_TIMEOUT_SECONDS} s"
            sleep 0.25
        done
        wait "$pid" 2> /dev/null || true
        say "the $name Prism exited before answering (attempt $attempt); its log ends with:"
        tail -n 20 "$log" >&2 || true
        # shellcheck disable=SC2086 # the options are single words
        ((attempt == 3)) || launch "$name" ${args_of[$name]}
    done
    die "the $name Prism could not be started"
}

started=$SECONDS
logs=("$prism_dir/prism-static.log" "$prism_dir/prism-dynamic.log")
launch static
launch dynamic --dynamic
# Prism takes a few seconds to start: build the tests meanwhile. `--workspace` resolves features as
# `cargo test --workspace` does, so after it only the contract binary itself is built.
cargo test --workspace --test contract --locked --no-run
url=
await static
static_url=$url
await dynamic
dynamic_url=$url
say "servers ready $((SECONDS - started)) s after launch (the build included)"

# --- run the suite --------------------------------------------------------------------------------
tests_ran=true
started=$SECONDS
PRISM_URL="$static_url" PRISM_DYNAMIC_URL="$dynamic_url" \
    cargo test --workspace --test contract --locked "$@"
say "contract tests passed in $((SECONDS - started)) s"
