#!/usr/bin/env bash
# `make run`: migrate, load the demo, start the web server and a Celery worker, wait for /healthz,
# print the URL and demo logins, and stop both cleanly on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8000}"
HOST="${HOST:-127.0.0.1}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-lms.settings.dev}"
export PYTHONUNBUFFERED=1
PY=.venv/bin/python
mkdir -p var/log

$PY manage.py migrate --noinput -v0
echo "Loading demo data (the first time takes a minute)…"
$PY manage.py load_demo > var/log/load_demo.log

pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "Stopping…"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "Stopped."
  exit 0
}
trap stop INT TERM EXIT

.venv/bin/celery -A lms worker -B -Q grading,default --concurrency 2 -l INFO \
  -s var/celerybeat-schedule > var/log/worker.log 2>&1 &
pids+=($!)
$PY manage.py runserver "$HOST:$PORT" --noreload > var/log/web.log 2>&1 &
pids+=($!)

url="http://$HOST:$PORT"
for _ in $(seq 1 120); do
  if curl -fsS "$url/healthz" > /dev/null 2>&1; then break; fi
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "A process stopped during start-up; see var/log/web.log and var/log/worker.log" >&2
      tail -n 20 var/log/web.log var/log/worker.log >&2
      exit 1
    fi
  done
  sleep 0.5
done
curl -fsS "$url/healthz" > /dev/null || { echo "/healthz did not answer; see var/log/" >&2; exit 1; }

echo
echo "Manabi is running at $url/   (CMS: $url/cms/)"
$PY manage.py load_demo --logins
echo "Logs: var/log/web.log, var/log/worker.log. Press Ctrl-C to stop."
wait -n "${pids[@]}" || true
echo "A process stopped; see var/log/web.log and var/log/worker.log" >&2
