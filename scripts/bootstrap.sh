#!/usr/bin/env bash
# Install what Bridgebook needs to run (and, with --test, to run its tests) on this machine.
#
#   scripts/bootstrap.sh           Python >= 3.12, uv, the virtual environment, npm packages,
#                                  the brand stylesheet
#   scripts/bootstrap.sh --test    the same, and Debian's Chromium for the browser tests
#   scripts/bootstrap.sh --bench   the same, and wrk and h2load for bench/bench_load.py
#
# Idempotent: each step checks first and does nothing when its work is already done, so a
# second run takes a second or two.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

want_browser=false
want_load_tools=false
for arg in "$@"; do
    case "$arg" in
        --test) want_browser=true ;;
        --bench) want_load_tools=true ;;
        *) echo "bootstrap: unknown option $arg" >&2; exit 2 ;;
    esac
done

say() { printf 'bootstrap: %s\n' "$*"; }
die() { printf 'bootstrap: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
    # Only as root on a Debian-like system, never interactive.
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# --- Python >= 3.12 --------------------------------------------------------------------

python_ok() {
    [ -n "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null
}

find_python() {
    local candidate
    if python_ok "${BRIDGEBOOK_PYTHON:-}"; then
        echo "$BRIDGEBOOK_PYTHON"; return 0
    fi
    for candidate in python3.14 python3.13 python3.12 python3; do
        if command -v "$candidate" >/dev/null && python_ok "$(command -v "$candidate")"; then
            command -v "$candidate"; return 0
        fi
    done
    for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3; do
        if python_ok "$candidate"; then
            echo "$candidate"; return 0
        fi
    done
    if command -v uv >/dev/null; then
        candidate="$(uv python find '>=3.12' 2>/dev/null || true)"
        if python_ok "$candidate"; then
            echo "$candidate"; return 0
        fi
    fi
    return 1
}

# --- uv ---------------------------------------------------------------------------------

export PATH="$HOME/.local/bin:$PATH"
uv_tools="${XDG_CACHE_HOME:-$HOME/.cache}/bridgebook/uv-tool"
[ -x "$uv_tools/bin/uv" ] && export PATH="$uv_tools/bin:$PATH"

if ! command -v uv >/dev/null; then
    say "installing uv"
    any_python="$(command -v python3 || command -v python || true)"
    [ -n "$any_python" ] || die "no python3 found; install Python 3.12 or newer, or uv (https://docs.astral.sh/uv/)."
    if "$any_python" -m pip install --user --quiet uv 2>/dev/null && command -v uv >/dev/null; then
        :
    elif command -v pipx >/dev/null && pipx install uv >/dev/null && command -v uv >/dev/null; then
        :
    else
        # A pip that refuses --user (an "externally managed" system Python): a private
        # virtual environment holding only uv, outside the checkout.
        "$any_python" -m venv "$uv_tools" \
            && "$uv_tools/bin/python" -m pip install --quiet uv \
            || die "could not install uv; install it yourself (https://docs.astral.sh/uv/) and run this again."
        export PATH="$uv_tools/bin:$PATH"
    fi
fi

# --- the virtual environment ------------------------------------------------------------

if python_ok .venv/bin/python; then
    # The existing environment is new enough: let uv keep it instead of rebuilding it.
    uv sync --frozen --quiet
else
    if ! python="$(find_python)"; then
        say "no Python 3.12 or newer here; installing one with uv"
        uv python install 3.12 && python="$(uv python find 3.12)" \
            || die "could not install Python 3.12. Install Python 3.12 or newer yourself (your package manager, pyenv or python.org) and run this again, or point BRIDGEBOOK_PYTHON at one."
    fi
    say "creating .venv with $python"
    UV_PYTHON="$python" uv sync --frozen --quiet
fi

# --- interface translations ------------------------------------------------------------

# locale/*/LC_MESSAGES/*.po are compiled to .mo with Babel (no GNU gettext needed); only
# when a .po is newer than its .mo (or has none). The .mo files are not committed.
for po in locale/*/LC_MESSAGES/*.po; do
    [ -e "$po" ] || continue
    if [ ! -f "${po%.po}.mo" ] || [ "$po" -nt "${po%.po}.mo" ]; then
        say "compiling the interface translations"
        .venv/bin/python scripts/compile_messages.py >/dev/null
        break
    fi
done

# --- front-end packages and the stylesheet ----------------------------------------------

if ! command -v npm >/dev/null; then
    if is_root && command -v apt-get >/dev/null; then
        say "installing Node.js and npm from apt"
        apt_install nodejs npm
    else
        die "npm is missing; install Node.js 18 or newer (for example: sudo apt-get install nodejs npm)."
    fi
fi

# node_modules/.bridgebook-lock holds the checksum of the package-lock.json it was
# installed from, so npm runs again only when the lock file really changed.
stamp=node_modules/.bridgebook-lock
if [ ! -f package-lock.json ]; then
    say "no package-lock.json yet; resolving with npm install (commit the new lock file)"
    npm install --no-audit --no-fund --loglevel=error
    sha256sum package-lock.json > "$stamp"
elif ! sha256sum --check --status "$stamp" 2>/dev/null; then
    say "installing npm packages"
    npm ci --no-audit --no-fund --loglevel=error
    sha256sum package-lock.json > "$stamp"
fi

css=build/static/bridgebook/bridgebook.css
if [ ! -f "$css" ] || [ -n "$(find bridgebook/static_src "$stamp" -newer "$css" -print -quit)" ]; then
    say "building $css"
    npm run --silent build
fi

# --- Chromium for the browser tests -----------------------------------------------------

if $want_browser; then
    if [ -x /usr/bin/chromium ]; then
        :
    elif is_root && command -v apt-get >/dev/null; then
        say "installing Debian's Chromium for the browser tests"
        apt_install chromium fonts-noto-core fonts-liberation
    else
        cat >&2 <<'EOF'
bootstrap: /usr/bin/chromium is missing, so the browser tests cannot run here.
bootstrap: install it with:  sudo apt-get install chromium fonts-noto-core
EOF
    fi
fi

# --- wrk and h2load for the load benchmark ----------------------------------------------

if $want_load_tools; then
    if command -v wrk >/dev/null && command -v h2load >/dev/null; then
        :
    elif is_root && command -v apt-get >/dev/null; then
        say "installing wrk and h2load (nghttp2-client) for bench/bench_load.py"
        apt_install wrk nghttp2-client
    else
        cat >&2 <<'EOF'
bootstrap: wrk or h2load is missing, so bench/bench_load.py cannot run here.
bootstrap: install them with:  sudo apt-get install wrk nghttp2-client
EOF
    fi
fi
