#!/bin/bash
# SPDX-FileCopyrightText: 2026 IPsec Lab developers
# SPDX-License-Identifier: GPL-3.0-or-later

# ike-scan against our responder started without --ike (issue 17): one Main Mode probe per proposal,
# in a private namespace $NS_S (lo up), the responder on 127.0.0.1:500.
# Output in $RUN: responder.jsonl, responder.out, and <proposal>.out per probe (ike-scan's output).
# --trans is enc[/bits],hash,auth,group: 7 = AES, 1 = DES; hash 1 = MD5, 2 = SHA1, 4 = SHA2-256;
# auth 1 = PSK; group 14 = modp2048, 1 = modp768.
set -u
RUN=${RUN:-/tmp/ikelab-s}
NS_S=${NS_S:-ikelabS}
. "$(dirname "$0")/private-ns.sh"
rm -rf "$RUN"; mkdir -p "$RUN"
private_ns_up "$NS_S" || exit 1
ip netns exec "$NS_S" timeout 90 ipsec-lab peer --responder --local 127.0.0.1 --psk probe-psk \
    --remote-ts 127.0.0.2/32 --events "$RUN/responder.jsonl" > "$RUN/responder.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 50); do grep -q 'peer.started' "$RUN/responder.jsonl" 2>/dev/null && break; sleep 0.1; done
for probe in aes128-sha1-modp2048:7/128,2,1,14 aes256-sha256-modp2048:7/256,4,1,14 des-md5-modp768:1,1,1,1; do
    name=${probe%%:*}
    ip netns exec "$NS_S" timeout 20 ike-scan --sport=0 --dport=500 --trans="${probe#*:}" -M 127.0.0.1 \
        > "$RUN/$name.out" 2>&1
done
exit 0
