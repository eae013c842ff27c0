#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 IPsec Lab developers
# SPDX-License-Identifier: GPL-3.0-or-later

"""Cross-check of IPsec Lab's ESP and AH packets with an independent implementation: scapy's
scapy.layers.ipsec (Debian's python3-scapy; run it with /usr/bin/python3).

Usage: scapy_esp_check.py CASES.json

CASES.json: {"cases": [{"name", "proto": "ESP"|"AH", "spi", "crypt_algo", "crypt_key" (hex),
"auth_algo", "auth_key" (hex), "tunnel": {"src", "dst"} or null, "nat_t": bool, "esn": bool,
"decrypt": [{"packet": hex, "esn_high": int}],
"encrypt": [{"inner": hex, "seq": int, "esn_high": int, "iv": hex or null}]}]}

Prints one JSON object: {"results": [{"name", "decrypted": [...], "encrypted": [...]}]} where each
entry is the packet as hex, or "ERROR: <reason>" (a bad ICV shows as IPSecIntegrityError).
Exit code 3 when scapy is not importable.
"""
import json
import sys

try:
    from scapy.all import IP, UDP, raw
    from scapy.layers.ipsec import AH, ESP, SecurityAssociation
except Exception as exc:  # scapy missing or broken
    print("scapy is not available: %s" % exc, file=sys.stderr)
    sys.exit(3)


def make_sa(case, esn_high):
    proto = ESP if case["proto"] == "ESP" else AH
    kwargs = {"spi": case["spi"]}
    if proto is ESP:
        kwargs["crypt_algo"] = case["crypt_algo"]
        kwargs["crypt_key"] = bytes.fromhex(case["crypt_key"]) if case["crypt_key"] else None
    kwargs["auth_algo"] = case["auth_algo"]
    kwargs["auth_key"] = bytes.fromhex(case["auth_key"]) if case["auth_key"] else None
    if case.get("tunnel"):
        kwargs["tunnel_header"] = IP(src=case["tunnel"]["src"], dst=case["tunnel"]["dst"])
    if case.get("nat_t"):
        kwargs["nat_t_header"] = UDP(sport=4500, dport=4500)
    if case.get("esn"):
        kwargs["esn_en"] = True
        kwargs["esn"] = esn_high
    return SecurityAssociation(proto, **kwargs)


def run(case):
    decrypted = []
    for item in case.get("decrypt", []):
        try:
            sa = make_sa(case, item.get("esn_high", 0))
            result = sa.decrypt(IP(bytes.fromhex(item["packet"])),
                                esn_en=case.get("esn", False), esn=item.get("esn_high", 0))
            decrypted.append(raw(result).hex())
        except Exception as exc:
            decrypted.append("ERROR: %s: %s" % (type(exc).__name__, exc))
    encrypted = []
    for item in case.get("encrypt", []):
        try:
            sa = make_sa(case, item.get("esn_high", 0))
            kwargs = {"seq_num": item["seq"]}
            if case["proto"] == "ESP" and item.get("iv"):
                kwargs["iv"] = bytes.fromhex(item["iv"])
            if case.get("esn"):
                kwargs["esn_en"] = True
                kwargs["esn"] = item.get("esn_high", 0)
            result = IP(raw(sa.encrypt(IP(bytes.fromhex(item["inner"])), **kwargs)))
            if case.get("nat_t"):
                # scapy 2.5 computes the NAT-T UDP length before it appends ESP (len = 8); put the
                # real length back (the UDP checksum is 0 and the IPv4 checksum does not cover it).
                result[UDP].len = result.len - result.ihl * 4
            encrypted.append(raw(result).hex())
        except Exception as exc:
            encrypted.append("ERROR: %s: %s" % (type(exc).__name__, exc))
    return {"name": case["name"], "decrypted": decrypted, "encrypted": encrypted}


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        cases = json.load(f)["cases"]
    print(json.dumps({"results": [run(case) for case in cases]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
