#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 IPsec Lab developers
# SPDX-License-Identifier: GPL-3.0-or-later

"""Decrypts the ESP packets of an IPsec Lab capture with scapy (Debian's python3-scapy, an
implementation independent of the lab's), using the esp_sa key file the lab exported.

Usage: scapy_lab_check.py CAPTURE.pcapng ESP_SA_FILE [transport]

Prints one JSON object: {"esp": N, "decrypted": N, "icmp": N, "errors": ["..."]} where "icmp" counts
decrypted packets whose inner packet is an ICMP echo between the lab's hosts 10.1.0.10 and 10.2.0.20
(with "transport": transport-mode SAs, and an echo between the gateways 127.0.0.1 and 127.0.0.2).
Exit code 3 when scapy is not importable.
"""
import csv
import json
import logging
import sys

logging.getLogger("scapy").setLevel(logging.ERROR)  # pcapng comment-option warnings are noise here

try:
    from scapy.all import IP, UDP, ICMP, rdpcap, raw
    from scapy.layers.ipsec import ESP, SecurityAssociation
except Exception as exc:  # scapy missing or broken
    print("scapy is not available: %s" % exc, file=sys.stderr)
    sys.exit(3)

CRYPT = {"AES-CBC [RFC3602]": "AES-CBC", "TripleDES-CBC [RFC2451]": "3DES", "NULL": "NULL",
         "AES-GCM with 16 octet ICV [RFC4106]": "AES-GCM"}
AUTH = {"HMAC-SHA-1-96 [RFC2404]": "HMAC-SHA1-96", "HMAC-SHA-256-128 [RFC4868]": "SHA2-256-128",
        "HMAC-MD5-96 [RFC2403]": "HMAC-MD5-96", "HMAC-SHA-384-192 [RFC4868]": "SHA2-384-192",
        "HMAC-SHA-512-256 [RFC4868]": "SHA2-512-256", "NULL": "NULL"}


def load_sas(path):
    sas = {}
    with open(path, newline="") as f:
        for row in csv.reader(f):
            if len(row) != 8:
                continue
            _, src, dst, spi, crypt, ckey, auth, akey = row
            sas[int(spi, 16)] = {"src": src, "dst": dst, "crypt": CRYPT.get(crypt, crypt), "ckey": ckey[2:],
                                 "auth": AUTH.get(auth, auth), "akey": akey[2:]}
    return sas


def main():
    packets = rdpcap(sys.argv[1])
    sas = load_sas(sys.argv[2])
    transport = len(sys.argv) > 3 and sys.argv[3] == "transport"
    ends = {"127.0.0.1", "127.0.0.2"} if transport else {"10.1.0.10", "10.2.0.20"}
    result = {"esp": 0, "decrypted": 0, "icmp": 0, "errors": []}
    for number, p in enumerate(packets, 1):
        if IP not in p:
            continue
        esp_bytes = None
        nat_t = False
        if p[IP].proto == 50:
            esp_bytes = raw(p[IP].payload)
        elif UDP in p and 4500 in (p[UDP].sport, p[UDP].dport):
            body = raw(p[UDP].payload)
            if len(body) > 8 and body[:4] != b"\0\0\0\0":  # not IKE behind the non-ESP marker
                esp_bytes, nat_t = body, True
        if esp_bytes is None:
            continue
        result["esp"] += 1
        spi = int.from_bytes(esp_bytes[:4], "big")
        sa = sas.get(spi)
        if sa is None:
            result["errors"].append("frame %d: no key line for SPI 0x%08x" % (number, spi))
            continue
        kwargs = {"spi": spi, "crypt_algo": sa["crypt"], "crypt_key": bytes.fromhex(sa["ckey"]),
                  "auth_algo": sa["auth"], "auth_key": bytes.fromhex(sa["akey"]) if sa["akey"] else None}
        if not transport:
            kwargs["tunnel_header"] = IP(src=sa["src"], dst=sa["dst"])
        if nat_t:
            kwargs["nat_t_header"] = UDP(sport=p[UDP].sport, dport=p[UDP].dport)
        try:
            inner = SecurityAssociation(ESP, **kwargs).decrypt(IP(raw(p[IP])))
        except Exception as exc:
            result["errors"].append("frame %d: %s: %s" % (number, type(exc).__name__, exc))
            continue
        result["decrypted"] += 1
        if ICMP in inner and {inner[IP].src, inner[IP].dst} == ends:
            result["icmp"] += 1
    print(json.dumps(result))


if __name__ == "__main__":
    main()
