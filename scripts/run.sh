#!/usr/bin/env bash
# `make run`: migrate, load the demo, start the web server and a Celery worker, wait for /healthz,
# print the URL and demo logins, and stop both cleanly on Ctrl-C.
#
# Exit status: 0 after Ctrl-C (or SIGTERM) stopped everything cleanly, since that is how `make run` is
# meant to end; otherwise the status of what failed (a bad variable, a busy port, migrate, the demo, a
# process dying, /healthz never answering) — never 0 on a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8000}"
HOST="${HOST:-127.0.0.1}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-lms.settings.dev}"
export PYTHONUNBUFFERED=1
PY=.venv/bin/python

pids=()
stop() {
  local status=$?
  trap - INT TERM EXIT
  if [ "${#pids[@]}" -gt 0 ]; then
    echo
    echo "Stopping…"
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    echo "Stopped."
  fi
  exit "$status"
}
# Every way out goes through stop with the status it had; Ctrl-C and SIGTERM are a requested, clean stop.
trap stop EXIT
trap 'exit 0' INT TERM

config_error() {
  echo "Configuration error: $1 (see docs/settings.md)" >&2
  exit 2
}
if ! [[ "$PORT" =~ ^[0-9]{1,5}$ ]] || ((10#$PORT < 1 || 10#$PORT > 65535)); then
  config_error "PORT must be a number from 1 to 65535, not '$PORT'"
fi
if ! [[ "$HOST" =~ ^[A-Za-z0-9._-]+$|^\[[0-9A-Fa-f:]+\]$ ]]; then
  config_error "HOST must be a host name or an IP address, not '$HOST'"
fi
# A busy port is found now, not after a minute of migrating and loading the demo.
$PY - "$HOST" "$PORT" <<'PYTHON'
import socket
import sys

host, port = sys.argv[1].strip("[]"), int(sys.argv[2])
try:
    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as runserver does
        probe.bind((host, port))
except OSError as error:
    sys.exit(f"Cannot listen on {sys.argv[1]}:{port} ({error.strerror or error}); set PORT or HOST")
PYTHON

mkdir -p var/log
$PY manage.py migrate --noinput -v0
echo "Loading demo data (the first time takes a minute)…"
$PY manage.py load_demo > var/log/load_demo.log

.venv/bin/celery -A lms worker -B -Q grading,default --concurrency 2 -l INFO \
  -s var/celerybeat-schedule > var/log/worker.log 2>&1 &
pids+=($!)
$PY manage.py runserver "$HOST:$PORT" --noreload > var/log/web.log 2>&1 &
pids+=($!)

url="http://$HOST:$PORT"
both_running() {
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "A process stopped during start-up; see var/log/web.log and var/log/worker.log" >&2
      tail -n 20 var/log/web.log var/log/worker.log >&2
      exit 1
    fi
  done
}
# Each probe is bounded (-m): a program that took the port meanwhile and never answers would otherwise
# hold curl, and `make run`, forever after our web server had died on the busy port. The processes are
# checked before each probe, so another program answering on the port is not taken for ours.
for _ in $(seq 1 120); do
  both_running
  if curl -fsS -m 5 "$url/healthz" > /dev/null 2>&1; then break; fi
  sleep 0.5
done
both_running
curl -fsS -m 10 "$url/healthz" > /dev/null || { echo "/healthz did not answer; see var/log/" >&2; exit 1; }

echo
echo "Manabi is running at $url/   (CMS: $url/cms/)"
$PY manage.py load_demo --logins
echo "Logs: var/log/web.log, var/log/worker.log. Press Ctrl-C to stop."
wait -n "${pids[@]}" || true
echo "A process stopped; see var/log/web.log and var/log/worker.log" >&2
exit 1
