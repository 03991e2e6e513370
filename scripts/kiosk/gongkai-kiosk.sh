#!/bin/sh
# 政务公开专区 kiosk launcher for Debian/Ubuntu terminals (docs/kiosk.md).
#
# Serves the kiosk build from 127.0.0.1 with `gongkai kiosk` and shows it in Chromium's full-screen kiosk
# mode; restarts either one when it exits, and backs off when Chromium crashes in a loop. Run it from the
# graphical session (systemd user unit: gongkai-kiosk.service), never as root.
#
#   GONGKAI_SITE      the kiosk build (default: $HOME/gongkai/site-kiosk, from `gongkai build --kiosk`)
#   GONGKAI_PORT      loopback port (default 8080)
#   GONGKAI_BIN       the gongkai command (default: gongkai on PATH)
#   CHROMIUM          the browser (default: chromium, else chromium-browser)
#   GONGKAI_PRINTER   1: print silently to the default printer (--kiosk-printing); set when mkdocs.yml has
#                     kiosk: {printer: true}
#   GONGKAI_EXTRA_FLAGS  more Chromium flags, e.g. "--touch-events=enabled"
set -u

SITE=${GONGKAI_SITE:-$HOME/gongkai/site-kiosk}
PORT=${GONGKAI_PORT:-8080}
GONGKAI=${GONGKAI_BIN:-gongkai}
BROWSER=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || echo chromium)}
URL="http://127.0.0.1:$PORT/"
PROFILE=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-kiosk.XXXXXX")
SERVER_PID=

log() { echo "gongkai-kiosk: $*" >&2; }

cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
    rm -rf "$PROFILE"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

start_server() {
    "$GONGKAI" kiosk "$SITE" --port "$PORT" &
    SERVER_PID=$!
    i=0
    while [ $i -lt 100 ]; do  # up to 10 s
        if python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$URL" 2>/dev/null; then
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || return 1
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

set -- --kiosk --incognito --noerrdialogs --disable-translate --overscroll-history-navigation=0 --disable-pinch \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --disable-features=TranslateUI,Translate --disable-session-crashed-bubble --check-for-update-interval=31536000 \
    --user-data-dir="$PROFILE"
[ "${GONGKAI_PRINTER:-0}" = 1 ] && set -- "$@" --kiosk-printing
# shellcheck disable=SC2086
set -- "$@" ${GONGKAI_EXTRA_FLAGS:-}

fast_exits=0
while :; do
    if [ -z "$SERVER_PID" ] || ! kill -0 "$SERVER_PID" 2>/dev/null; then
        if ! start_server; then
            log "cannot serve $SITE on $URL (run 'gongkai build --kiosk' first?); retrying in 10 s"
            SERVER_PID=
            sleep 10
            continue
        fi
    fi
    started=$(date +%s)
    "$BROWSER" "$@" "$URL"
    status=$?
    ran=$(( $(date +%s) - started ))
    if [ $ran -lt 30 ]; then fast_exits=$((fast_exits + 1)); else fast_exits=0; fi
    log "chromium exited with status $status after ${ran}s"
    rm -rf "$PROFILE" && mkdir -p "$PROFILE"  # a fresh profile: no history, no crash bubble
    if [ $fast_exits -ge 5 ]; then
        log "chromium keeps crashing; waiting 60 s before trying again"
        sleep 60
        fast_exits=0
    else
        sleep 2
    fi
done
