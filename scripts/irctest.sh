#!/usr/bin/env bash
# Runs the public IRC conformance suite (progval/irctest) against an IRC server that is already running,
# with irctest's external_server controller and the selection docs/irc-conformance.md uses, and writes
# the pass/fail/skip counts and the failing tests' names to a report.
#
#   scripts/irctest.sh <host> <port> [irctest dir]     (default dir: /work/irctest, a checkout or archive)
#
# Downloads nothing. Needs Debian's python3-pytest and python3-pytest-timeout for /usr/bin/python3.
# Environment: IRCTEST_REPORT (default target/irctest-<host>-<port>.txt), IRCTEST_TIMEOUT (seconds per test),
# IRCTEST_SERVER_SASL_MECHS (e.g. PLAIN, for servers that offer SASL), PYTEST_ARGS (more pytest arguments,
# e.g. -k to pick tests), IRCTEST_STREAMROOM_HTTP_PORT (a Streamroom server's HTTP port: the script first
# signs up the account operuser/operpassword there, the IRC operator the suite expects; start that server
# with STREAMROOM_ADMINS=operuser so the account is an admin).
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 <host> <port> [irctest dir]" >&2
  exit 2
fi
host=$1
port=$2
suite=${3:-/work/irctest}
repo=$(cd "$(dirname "$0")/.." && pwd)
report=${IRCTEST_REPORT:-$repo/target/irctest-$host-$port.txt}
# Debian's pytest, not the pyenv python3 on PATH: python3-* packages work only with /usr/bin/python3.
python=/usr/bin/python3
# A test that waits longer than this is stuck on an answer the server will never send.
timeout=${IRCTEST_TIMEOUT:-60}
# RFC 1459/2812 and IRCv3, without one server's own tests, obsolete or over-strict readings, or services.
markers='not Ergo and not deprecated and not strict and not services'

[ -f "$suite/conftest.py" ] || { echo "no irctest in $suite (conftest.py missing)" >&2; exit 2; }

# irctest's conftest.py uses pluggy >= 1.2's new-style wrapper; Debian's pytest 7.2 comes with pluggy 1.0,
# which knows only the old style. Rewriting it as an old-style hookwrapper keeps what it does (a skipped
# test re-raises its skip); both edits are no-ops once made.
sed -i \
  -e 's/^@pytest\.hookimpl(wrapper=True)$/@pytest.hookimpl(hookwrapper=True)/' \
  -e 's/^        return (yield)$/        (yield).get_result()/' \
  "$suite/conftest.py"

# Streamroom's IRC operators are admin accounts: the suite's operator is an account, made over HTTP
# (409, the account exists already, is fine).
if [ -n "${IRCTEST_STREAMROOM_HTTP_PORT:-}" ]; then
  "$python" - "$host" "$IRCTEST_STREAMROOM_HTTP_PORT" <<'PY'
import json, sys, urllib.error, urllib.request
body = json.dumps({"username": "operuser", "password": "operpassword"}).encode()
request = urllib.request.Request(f"http://{sys.argv[1]}:{sys.argv[2]}/api/register", body, {"Content-Type": "application/json"})
try:
    urllib.request.urlopen(request, timeout=10)
except urllib.error.HTTPError as e:
    if e.code != 409:
        sys.exit(f"could not create the account operuser: HTTP {e.code} {e.read().decode()}")
PY
fi

# PYTEST_ARGS is split as the shell would, so that quoted -k expressions stay whole.
eval "extra=(${PYTEST_ARGS:-})"

mkdir -p "$(dirname "$report")"
log=${report%.txt}.log
set +e
(cd "$suite" && IRCTEST_SERVER_HOSTNAME=$host IRCTEST_SERVER_PORT=$port "$python" -m pytest \
  -p no:cacheprovider --controller irctest.controllers.external_server -m "$markers" \
  --timeout "$timeout" -q -rfE "${extra[@]}") >"$log" 2>&1
status=$?
set -e

# The tests marked RFC1459 or RFC2812: the basics, which the report lists apart.
rfc=$(cd "$suite" && IRCTEST_SERVER_HOSTNAME=$host IRCTEST_SERVER_PORT=$port "$python" -m pytest -p no:cacheprovider \
  --controller irctest.controllers.external_server -m "(RFC1459 or RFC2812) and $markers" --collect-only -q 2>/dev/null | grep '::' || true)
failed=$(grep -E '^(FAILED|ERROR) ' "$log" | sed -E 's/^(FAILED|ERROR) ([^ ]+).*/\2/' | sort -u || true) # none is fine

summary=$(grep -E '^=* ?[0-9]+ (passed|failed|skipped|error)' "$log" | tail -1 | tr -d '=' | sed 's/^ *//; s/ *$//')
count() { grep -oE "[0-9]+ $1" <<<"$summary" | grep -oE '[0-9]+' || echo 0; }
{
  echo "irctest $(git -C "$suite" rev-parse --short HEAD 2>/dev/null || echo '(archive)') against $host:$port, $(date -u +%F)"
  echo "selection: -m '$markers'"
  echo "passed $(count passed), failed $(count failed), skipped $(count skipped), errors $(count error)"
  echo "pytest: ${summary:-no summary (see $log)}"
  echo
  echo "failed or errors, RFC 1459/2812 ($(grep -c . <<<"$rfc") tests in the selection):"
  grep -Fxf <(echo "$rfc") <<<"$failed" || true
  echo
  echo "failed or errors, all:"
  echo "$failed"
} >"$report"
cat "$report"
echo "full output: $log"
# pytest exits 1 when tests failed: that is a result, not an error of this script.
[ "$status" -le 1 ]
