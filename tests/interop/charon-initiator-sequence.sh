#!/bin/bash
# SPDX-FileCopyrightText: 2026 IPsec Lab developers
# SPDX-License-Identifier: GPL-3.0-or-later

# Like recipes/scripts/charon-initiator.sh, but charon initiates SEVERAL connections, one after the
# other, to the same responder under test: what the negative interop test needs (a wrong PSK, a
# proposal mismatch, then the correct exchange, all against one `ipsec-lab peer --responder`).
# Same namespace layout (NS_I, default ikelabI): lo holds 127.0.0.1 (charon, ports 6500/6501) and
# 127.0.0.2 (the responder under test); veth ikI0<->ikI1 holds charon's inner 127.202.0.1.
#
# Usage: charon-initiator-sequence.sh -c SWANCTL_CONF [-t SECONDS] -i IKE:CHILD [-i IKE:CHILD ...] -- CMD [ARGS...]
#   CMD runs in the background inside the namespace (env LAB_RUN, LAB_PEER_ADDR, LAB_CHARON_ADDR)
#   and gets SIGTERM at the end. After the initiations charon pings 127.201.0.1 through the tunnel.
# Output ($RUN, default /tmp/ikelab-seq): lo.pcapng, I/charon.log, initiate-N-IKE.out (+ .rc),
#   ping.out, I/sas.out, peer.out. The exit status is not a verdict: read the outputs.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
RUN=${RUN:-/tmp/ikelab-seq}
. "$HERE/recipes/scripts/lib.sh"
NS_I=${NS_I:-ikelabI}
CONF= T=60 INITIATE=()
while getopts "c:t:i:" o; do
    case $o in c) CONF=$OPTARG;; t) T=$OPTARG;; i) INITIATE+=("$OPTARG");; *) exit 2;; esac
done
shift $((OPTIND - 1))
[ "${1:-}" = "--" ] && shift
[ -n "$CONF" ] && [ ${#INITIATE[@]} -gt 0 ] && [ $# -gt 0 ] ||
    { echo "usage: $0 -c conf [-t secs] -i ike:child [-i ...] -- CMD..." >&2; exit 2; }
export LAB_MAXLIFE=$((T + 60))
PEER_PID=

cleanup() {
    if [ -n "$PEER_PID" ]; then
        kill -TERM "$PEER_PID" 2>/dev/null
        for _ in $(seq 1 30); do kill -0 "$PEER_PID" 2>/dev/null || break; sleep 0.1; done
    fi
    lab_capture_stop
    lab_charon_stop I
    ip netns del "$NS_I" 2>/dev/null
    true
}
trap cleanup EXIT
trap 'exit 1' INT TERM

rm -rf "$RUN"; mkdir -p "$RUN"
ip netns del "$NS_I" 2>/dev/null
ip netns add "$NS_I" || exit 1
ip netns exec "$NS_I" sysctl -qw net.ipv4.conf.all.route_localnet=1 net.ipv4.conf.all.rp_filter=0
ip -n "$NS_I" link set lo up
ip -n "$NS_I" addr del 127.0.0.1/8 dev lo
ip -n "$NS_I" addr add 127.0.0.1/32 dev lo
ip -n "$NS_I" addr add 127.0.0.2/32 dev lo
ip -n "$NS_I" link add ikI0 type veth peer name ikI1
ip -n "$NS_I" addr add 127.202.0.1/32 dev ikI0 scope global
ip -n "$NS_I" link set ikI0 up
ip -n "$NS_I" link set ikI1 up

ip netns exec "$NS_I" timeout "$LAB_MAXLIFE" tshark -q -i lo -w "$RUN/lo.pcapng" -f udp \
    > "$RUN/lo.pcapng.log" 2>&1 &
LAB_CAPTURE_PID=$!
for _ in $(seq 1 50); do grep -q "Capturing on" "$RUN/lo.pcapng.log" 2>/dev/null && break; sleep 0.1; done
sleep 0.2

echo "=== starting responder under test in netns $NS_I: $*"
LAB_RUN=$RUN LAB_PEER_ADDR=127.0.0.2 LAB_CHARON_ADDR=127.0.0.1 \
    ip netns exec "$NS_I" timeout "$T" "$@" > "$RUN/peer.out" 2>&1 &
PEER_PID=$!
sleep "${LAB_PEER_STARTUP:-1}"

lab_charon_start I "$NS_I" 6500 6501 || exit 1
lab_charon_load I "$CONF" > "$RUN/I/load.out" 2>&1 || { cat "$RUN/I/load.out"; exit 1; }
n=0
for pair in "${INITIATE[@]}"; do
    n=$((n + 1))
    ike=${pair%%:*} child=${pair#*:}
    echo "=== initiation $n: charon initiates $ike/$child to 127.0.0.2:500"
    timeout 40 bash -c '. "$1"; RUN="$2" lab_swanctl I --initiate --ike "$3" --child "$4" --timeout 30' \
        sh "$LAB_DIR/scripts/lib.sh" "$RUN" "$ike" "$child" > "$RUN/initiate-$n-$ike.out" 2>&1
    echo $? > "$RUN/initiate-$n-$ike.rc"
    tail -n 3 "$RUN/initiate-$n-$ike.out"
done
echo "=== ping 127.202.0.1 -> 127.201.0.1 through the tunnel"
ip netns exec "$NS_I" ping -c 3 -i 0.3 -W 2 -I 127.202.0.1 127.201.0.1 | tee "$RUN/ping.out"
lab_swanctl I --list-sas | tee "$RUN/I/sas.out"
echo "=== outputs in $RUN"
exit 0
