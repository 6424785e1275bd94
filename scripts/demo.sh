#!/usr/bin/env bash
# Run the demo: prepare the database, load the demo trust, then run the web server and the
# task worker together until Ctrl-C (which stops both). `make demo` installs first.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ -f .env ]; then
    # Local settings (see .env.example); demo mode and the port still win below.
    set -a
    . ./.env
    set +a
fi

port="${PORT:-8000}"
export BRIDGEBOOK_DEMO=true
export BRIDGEBOOK_BASE_URL="${BRIDGEBOOK_BASE_URL:-http://127.0.0.1:$port}"
export PYTHONUNBUFFERED=1
# The demo marks machine translations ("[pl] …") unless .env chooses a real backend, so a
# family's message shows it was meant for their language without a translation server.
export BRIDGEBOOK_TRANSLATION_BACKEND="${BRIDGEBOOK_TRANSLATION_BACKEND:-local}"
manage=(.venv/bin/python manage.py)

# migrate, createcachetable and seed_demo in one process (Django starts once, not three
# times). seed_demo is idempotent: it loads the demo trust the first time, then only
# prints the sign-ins.
.venv/bin/python - <<'PY'
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from django.core.management import call_command

call_command("migrate", interactive=False, verbosity=0)
call_command("createcachetable")
call_command("seed_demo")
PY

pids=()
stop() {
    trap - INT TERM EXIT
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
}
trap stop INT TERM EXIT

"${manage[@]}" db_worker --queue-name '*' --no-reload &
pids+=($!)
"${manage[@]}" runserver --noreload "127.0.0.1:$port" &
pids+=($!)

echo "demo: Bridgebook is at http://127.0.0.1:$port/ (Ctrl-C stops the server and the worker)"
# When either process ends, stop the other too.
wait -n
