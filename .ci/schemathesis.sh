#!/usr/bin/env bash
# Fuzz the JSON API against its own /openapi.json: no 500s, every answer matches its schema.
# Serves the app with gunicorn on a free loopback port and a seeded throwaway SQLite database.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

export FACTCHECK_DATABASE_URL="sqlite:///$WORK/factcheck.sqlite3"
export FACTCHECK_SECRET_KEY="schemathesis-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
# Fuzzing sends thousands of reports from one address.
export FACTCHECK_REPORT_RATE_LIMIT="10000/minute"
export FACTCHECK_LOG_LEVEL="${FACTCHECK_LOG_LEVEL:-WARNING}"
FLASK="$VENV/bin/flask --app app"

$FLASK db upgrade >/dev/null
$FLASK seed >/dev/null
$FLASK create-editor fuzz@example.com --password "fuzz-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')" >/dev/null
TOKEN="$($FLASK create-token fuzz@example.com 2>/dev/null | tail -n 1)"

PORT="$($VENV/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
$VENV/bin/gunicorn --workers 2 --bind "127.0.0.1:$PORT" --log-level warning \
  --error-logfile "$WORK/server.log" app:app &
SERVER_PID=$!

# One real report, so the group routes have a group to find.
$VENV/bin/python - "$BASE" <<'PY'
import json, sys, time, urllib.request

base = sys.argv[1]
for _ in range(100):
    try:
        article = json.load(urllib.request.urlopen(f"{base}/api/v1/articles", timeout=2))
        break
    except OSError:
        time.sleep(0.2)
else:
    sys.exit("the server did not start")
slug = article["articles"][0]["slug"]
text = json.load(urllib.request.urlopen(f"{base}/api/v1/articles/{slug}"))["text"]
quote = "Georgia Maloney"
start = text.index(quote)
report = {"revision": 1, "quote": quote, "prefix": text[max(0, start - 32):start],
          "suffix": text[start + len(quote):start + len(quote) + 32], "start": start,
          "end": start + len(quote), "suggestion": "Giorgia Meloni", "kind": "name"}
request = urllib.request.Request(f"{base}/api/v1/articles/{slug}/reports",
                                 data=json.dumps(report).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
urllib.request.urlopen(request)
PY

status=0
$VENV/bin/schemathesis run "$BASE/openapi.json" \
  --checks not_a_server_error,response_schema_conformance \
  --header "Authorization: Bearer $TOKEN" \
  `# DELETE /token revokes the fuzzer's own token: the rest would only see 401s after it.` \
  --exclude-path /api/v1/token \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-30}" \
  --seed "${SCHEMATHESIS_SEED:-$RANDOM}" \
  --request-timeout 10 \
  --workers 2 \
  --no-color || status=$?

if [ "$status" -ne 0 ] && [ -s "$WORK/server.log" ]; then
  echo "== server log =="
  tail -n 100 "$WORK/server.log"
fi
exit "$status"
