#!/bin/sh
# SPDX-FileCopyrightText: 2026 IPsec Lab developers
# SPDX-License-Identifier: GPL-3.0-or-later

# CMD for recipes/scripts/charon-responder.sh: runs `ipsec-lab peer` (an initiator with --linger and
# --events EVENTS) and, as soon as its ESP SAs are installed, pings the peer's inner address from
# charon's side, so echo requests cross the tunnel in both directions. Waits for the peer's exit.
# Usage: peer-then-ping.sh EVENTS FROM TO COUNT -- ipsec-lab peer ... --events EVENTS ...
# Output: $LAB_RUN/ping-to-peer.out; exit status: the peer's.
set -u
EVENTS=$1 FROM=$2 TO=$3 COUNT=$4
shift 4
[ "${1:-}" = "--" ] && shift
"$@" &
peer=$!
i=0
while [ $i -lt 100 ] && ! grep -q '"kind":"SaInstalled"' "$EVENTS" 2>/dev/null; do
    kill -0 "$peer" 2>/dev/null || break
    sleep 0.1
    i=$((i + 1))
done
ping -c "$COUNT" -i 0.2 -W 2 -I "$FROM" "$TO" > "$LAB_RUN/ping-to-peer.out" 2>&1
wait "$peer"
