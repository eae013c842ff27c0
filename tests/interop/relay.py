#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 IPsec Lab developers
# SPDX-License-Identifier: GPL-3.0-or-later

"""A datagram relay for the black-box tests of issue 17: an attacker on the path between an IKEv1
initiator and its responder, on loopback.

The initiator talks to FRONT (IKE and NAT-T ports); the relay forwards each datagram to the responder
at TARGET from BACK, and the answers back the same way, so each end sees the relay as the other
(a NAT in between). Beside forwarding, one ATTACK holds, forges, replays or injects datagrams:

  none          forward only (the control run)
  forged-info   after the first QM1: an Informational with QM1's cookies and Message ID and random
                "encrypted" bytes, to both ends (issue 17, point 1)
  fake-qm2      after the first QM1: a QM2 of random bytes to the initiator, before the real one (point 2)
  junk-replay   once QM3 passed: 40 junk Quick Mode datagrams (the IKE SA's cookies, random Message IDs
                and bytes) to the responder, then the first QM1 again, byte for byte (point 4)
  replay-moved  40 junk Informationals (the IKE SA's cookies, random Message IDs and bytes) to the
                responder, then the first protected Informational from the initiator (e.g. an
                R-U-THERE) replayed to it from ALT, another address; whatever the responder then sends
                to ALT is counted (point 5: an authenticated but replayed message must not move the peer)

Every step is one JSON line in --log ("forward", "inject", "to-alt"). Runs until SIGTERM or
--duration. Only 127.0.0.0/8 addresses are accepted.
"""

import argparse
import ipaddress
import json
import os
import select
import signal
import socket
import struct
import sys
import time

HEADER = struct.Struct("!8s8sBBBBII")  # ISAKMP: CKY-I CKY-R next version exchange flags M-ID length
QUICK_MODE, INFORMATIONAL = 32, 5
MARKER = b"\0\0\0\0"  # non-ESP marker before IKE on the NAT-T port (RFC 3948 §2.2)


def loopback(text):
    if not ipaddress.ip_address(text) in ipaddress.ip_network("127.0.0.0/8"):
        raise argparse.ArgumentTypeError(f"{text} is outside 127.0.0.0/8")
    return text


def port_map(text):
    front, _, target = text.partition(":")
    return int(front), int(target or front)


def ike_header(natt, data):
    """(offset, fields) of the ISAKMP message in a UDP payload, or None (ESP, keepalive, junk)."""
    offset = 0
    if natt:
        if data[:4] != MARKER:
            return None
        offset = 4
    if len(data) < offset + HEADER.size:
        return None
    icky, rcky, _, _, exchange, flags, mid, _ = HEADER.unpack_from(data, offset)
    return offset, {"icky": icky, "rcky": rcky, "exchange": exchange, "flags": flags, "mid": mid}


def forged(natt, icky, rcky, exchange, mid, length=48):
    """An 'encrypted' ISAKMP message nobody can decrypt: the right cookies, random bytes."""
    body = os.urandom(length)
    header = HEADER.pack(icky, rcky, 8, 0x10, exchange, 1, mid, HEADER.size + length)  # next: HASH; E flag
    return (MARKER if natt else b"") + header + body


class Relay:
    def __init__(self, args):
        self.args = args
        self.log = open(args.log, "a", buffering=1)
        self.front, self.back, self.alt = {}, {}, {}
        self.client = {}  # front port -> the initiator's (address, port), learned from its datagrams
        for front_port, target_port in args.port:
            self.front[front_port] = self.bind(args.front, front_port)
            self.back[front_port] = self.bind(args.back, front_port)
            if args.alt:
                self.alt[front_port] = self.bind(args.alt, front_port)
        self.target = {f: (args.target, t) for f, t in args.port}
        self.natt = {f: f != args.port[0][0] for f, _ in args.port}  # the first pair is IKE, the others NAT-T
        self.first_qm1 = None  # (front port, bytes, header)
        self.informational = None
        self.replay_planned = False
        self.pending = []  # (time, function)

    @staticmethod
    def bind(address, port):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((address, port))
        return s

    def note(self, what, **fields):
        fields.update(event=what, time=round(time.monotonic() - self.start, 3))
        self.log.write(json.dumps(fields) + "\n")

    def describe(self, natt, data):
        found = ike_header(natt, data)
        if not found:
            return {"kind": "keepalive" if data == b"\xff" else "esp-or-other", "bytes": len(data)}
        _, h = found
        return {"kind": "ike", "exchange": h["exchange"], "mid": f"0x{h['mid']:08x}", "bytes": len(data)}

    def run(self):
        self.start = time.monotonic()
        self.note("started", attack=self.args.attack)
        sockets = list(self.front.values()) + list(self.back.values()) + list(self.alt.values())
        deadline = self.start + self.args.duration
        try:
            self.loop(sockets, deadline)
        finally:
            self.note("stopped")

    def loop(self, sockets, deadline):
        while time.monotonic() < deadline:
            now = time.monotonic()
            timeout = min([deadline - now] + [max(0.0, t - now) for t, _ in self.pending])
            ready, _, _ = select.select(sockets, [], [], timeout)
            for s in ready:
                data, source = s.recvfrom(65535)
                self.dispatch(s, data, source)
            now = time.monotonic()
            for item in [p for p in self.pending if p[0] <= now]:
                self.pending.remove(item)
                item[1]()

    def dispatch(self, s, data, source):
        for port, sock in self.front.items():
            if s is sock:
                self.client[port] = source
                self.from_initiator(port, data)
                return
        for port, sock in self.back.items():
            if s is sock and port in self.client:
                self.front[port].sendto(data, self.client[port])
                self.note("forward", to="initiator", port=port, **self.describe(self.natt[port], data))
                return
        for port, sock in self.alt.items():
            if s is sock:
                self.note("to-alt", port=port, **self.describe(self.natt[port], data))

    def from_initiator(self, port, data):
        natt = self.natt[port]
        self.back[port].sendto(data, self.target[port])
        self.note("forward", to="responder", port=port, **self.describe(natt, data))
        found = ike_header(natt, data)
        if not found:
            return
        _, h = found
        attack = self.args.attack
        if h["exchange"] == QUICK_MODE:
            if self.first_qm1 is None:
                self.first_qm1 = (port, data, h)
                if attack == "forged-info":
                    self.inject_both(port, forged(natt, h["icky"], h["rcky"], INFORMATIONAL, h["mid"]))
                elif attack == "fake-qm2":
                    self.inject("initiator", port, forged(natt, h["icky"], h["rcky"], QUICK_MODE, h["mid"]))
            elif attack == "junk-replay" and not self.replay_planned and h["mid"] == self.first_qm1[2]["mid"] \
                    and data != self.first_qm1[1]:  # QM3
                self.replay_planned = True
                self.pending.append((time.monotonic() + self.args.delay, self.junk_then_replay))
        elif h["exchange"] == INFORMATIONAL and h["mid"] != 0 and attack == "replay-moved" and not self.informational:
            self.informational = (port, data, h)
            self.pending.append((time.monotonic() + self.args.delay, self.replay_from_alt))

    def inject(self, toward, port, data):
        if toward == "initiator":
            self.front[port].sendto(data, self.client[port])
        else:
            self.back[port].sendto(data, self.target[port])
        self.note("inject", to=toward, port=port, attack=self.args.attack, **self.describe(self.natt[port], data))

    def inject_both(self, port, data):
        self.inject("responder", port, data)
        self.inject("initiator", port, data)

    def junk(self, port, exchange, h):
        for _ in range(40):
            mid = struct.unpack("!I", os.urandom(4))[0] | 1
            self.inject("responder", port, forged(self.natt[port], h["icky"], h["rcky"], exchange, mid))

    def junk_then_replay(self):
        port, qm1, h = self.first_qm1
        self.junk(port, QUICK_MODE, h)
        self.inject("responder", port, qm1)

    def replay_from_alt(self):
        port, data, h = self.informational
        self.junk(port, INFORMATIONAL, h)
        self.alt[port].sendto(data, self.target[port])
        self.note("inject", to="responder", port=port, attack="replay-moved", source=self.args.alt,
                  **self.describe(self.natt[port], data))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--front", type=loopback, required=True, help="address the initiator sends to")
    p.add_argument("--back", type=loopback, required=True, help="address the responder sees the initiator at")
    p.add_argument("--target", type=loopback, required=True, help="the responder's address")
    p.add_argument("--alt", type=loopback, help="a third address, for replay-moved")
    p.add_argument("--port", type=port_map, action="append", required=True,
                   help="FRONT[:TARGET] port pair; the first is IKE, the next NAT-T (marker)")
    p.add_argument("--attack", default="none",
                   choices=["none", "forged-info", "fake-qm2", "junk-replay", "replay-moved"])
    p.add_argument("--delay", type=float, default=1.0, help="seconds before a replay (default 1)")
    p.add_argument("--duration", type=float, default=120.0)
    p.add_argument("--log", required=True)
    args = p.parse_args()
    if args.attack == "replay-moved" and not args.alt:
        p.error("replay-moved needs --alt")
    relay = Relay(args)

    def stop(*_):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    relay.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
