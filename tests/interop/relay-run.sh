#!/bin/bash
# SPDX-FileCopyrightText: 2026 IPsec Lab developers
# SPDX-License-Identifier: GPL-3.0-or-later

# Our initiator, relay.py (an attacker on the path) and a responder: our own `ipsec-lab peer`, or
# strongSwan's charon (issue 17's black-box tests, tst_interop's relay* cases).
#
# Usage: relay-run.sh peer ATTACK [-- EXTRA INITIATOR ARGS]
#          a private namespace $NS_P (lo up: all of 127.0.0.0/8 is local) with our responder on
#          127.0.0.1:500/4500
#        relay-run.sh charon ATTACK [-- EXTRA INITIATOR ARGS]
#          as the CMD of recipes/scripts/charon-responder.sh -p 5500 -n 5501: charon on 127.0.0.1
#          ($LAB_IKE_PORT/$LAB_NATT_PORT) in that script's namespace
# The initiator (127.0.0.2) sends to the relay's front 127.0.0.3:500/4500; the relay forwards from
# 127.0.0.4 (what the responder sees) and replays from 127.0.0.5 (relay.py --alt).
# Output in $RUN (charon mode: $LAB_RUN): initiator.jsonl, initiator.rc, relay.jsonl, *.out, and in
# peer mode responder.jsonl. Exit status 0 once everything ran: the caller reads the files.
set -u
MODE=$1 ATTACK=$2
shift 2
[ "${1:-}" = "--" ] && shift
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/private-ns.sh"

if [ "$MODE" = peer ]; then
    RUN=${RUN:-/tmp/ikelab-p}
    NS_P=${NS_P:-ikelabP}
    rm -rf "$RUN"; mkdir -p "$RUN"
    private_ns_up "$NS_P" || exit 1
    IN=(ip netns exec "$NS_P")
    IKE_PORT=500 NATT_PORT=4500 PSK=relay-lab-psk
    LOCAL_TS=10.1.0.0/24 REMOTE_TS=10.2.0.0/24 INNER=10.1.0.10
    "${IN[@]}" timeout 150 ipsec-lab peer --responder --local 127.0.0.1 --psk "$PSK" --local-ts "$REMOTE_TS" \
        --remote-ts "$LOCAL_TS" --events "$RUN/responder.jsonl" > "$RUN/responder.out" 2>&1 &
    PIDS+=($!)
elif [ "$MODE" = charon ]; then
    RUN=$LAB_RUN
    trap stop_pids EXIT
    for a in 127.0.0.3 127.0.0.4 127.0.0.5; do ip addr add "$a/32" dev lo 2>/dev/null; done
    IN=()
    IKE_PORT=$LAB_IKE_PORT NATT_PORT=$LAB_NATT_PORT PSK=interop-lab-psk
    LOCAL_TS=127.201.0.1/32 REMOTE_TS=127.202.0.1/32 INNER=127.201.0.1
else
    echo "usage: $0 peer|charon ATTACK [-- initiator args]" >&2
    exit 2
fi

"${IN[@]}" timeout 150 /usr/bin/python3 "$HERE/relay.py" --front 127.0.0.3 --back 127.0.0.4 --target 127.0.0.1 \
    --alt 127.0.0.5 --port "500:$IKE_PORT" --port "4500:$NATT_PORT" --attack "$ATTACK" --duration 140 \
    --log "$RUN/relay.jsonl" > "$RUN/relay.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 50); do
    grep -q '"started"' "$RUN/relay.jsonl" 2>/dev/null &&
        { [ "$MODE" = charon ] || grep -q 'peer.started' "$RUN/responder.jsonl" 2>/dev/null; } && break
    sleep 0.1
done

"${IN[@]}" timeout 120 ipsec-lab peer --initiator --local 127.0.0.2 --remote 127.0.0.3 --psk "$PSK" \
    --local-ts "$LOCAL_TS" --remote-ts "$REMOTE_TS" --inner "$INNER" --ping 3 --retransmit-timeout 1 \
    --events "$RUN/initiator.jsonl" "$@" > "$RUN/initiator.out" 2>&1
echo $? > "$RUN/initiator.rc"
sleep 1 # the responder's last events (a retransmitted QM3, a replay) before it is stopped
stop_pids
exit 0
