# SPDX-FileCopyrightText: 2026 IPsec Lab developers
# SPDX-License-Identifier: GPL-3.0-or-later

# shellcheck shell=bash
# Sourced by relay-run.sh and ike-scan-probe.sh. Processes started in the background go into PIDS
# and are stopped by PID (SIGTERM, then SIGKILL after 5 s); private_ns_up NS creates a network
# namespace with lo up (so all of 127.0.0.0/8 is local) and removes it on exit.
PIDS=()

stop_pids() {
    local p
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
    for p in "${PIDS[@]}"; do
        for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$p" 2>/dev/null
    done
    PIDS=()
}

private_ns_up() {
    PRIVATE_NS=$1
    trap 'stop_pids; ip netns del "$PRIVATE_NS" 2>/dev/null; true' EXIT
    trap 'exit 1' INT TERM
    ip netns del "$PRIVATE_NS" 2>/dev/null
    ip netns add "$PRIVATE_NS" || return 1
    ip -n "$PRIVATE_NS" link set lo up
}
