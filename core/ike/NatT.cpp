// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// NAT traversal (RFC 3947; digest §7; strongSwan's isakmp_natd.c and isakmp_vendor.c): NAT-D payloads hash
// CKY-I | CKY-R | IP | port of both ends as the sender sees them; the receiver compares them with
// the endpoints the datagram really had. A mismatch means a NAT: both ends move to port 4500 and put
// the non-ESP marker before IKE messages, and ESP gets UDP-encapsulated (mode 3). With
// NatTraversal::Force we fake our own NAT-D (strongSwan's encap=yes), so the peer floats too.
// Peers that only know the drafts (draft-ietf-ipsec-nat-t-ike-02, -02 with a newline, -03) get
// their own vendor ID back and NAT-D as payload type 130 (NAT-OA 131, decoded in core/wire); their
// Quick Mode encapsulation values 61443/61444 are read as 3/4 (Proposals.cpp).

#include "ike/Engine.h"

#include <algorithm>
#include <array>

namespace ipseclab::ike::detail::nat_t {

namespace {

Bytes portBytes(std::uint16_t port) {
    Bytes out;
    appendU16(out, port);
    return out;
}

Derivation natDFor(const Engine& engine, const IkeSa& sa, const wire::Ipv4Address& address, std::uint16_t port,
                   const std::string& id, const std::string& note) {
    const Bytes addressBytes(address.octets.begin(), address.octets.end()), portB = portBytes(port);
    return keymat::natD(sa.hash(), phase1::cookiePart(engine, sa, Role::Initiator),
                        phase1::cookiePart(engine, sa, Role::Responder), Part{"IP", addressBytes, Source::local(note)},
                        Part{"Port", portB, Source::local(note)}, id);
}

// Vendor ID = MD5 of the name (RFC 3947 §3.1; the drafts named themselves the same way).
const Bytes& rfcVendorId() {
    static const Bytes id = *fromHex("4a131c81070358455c5728f20e95452f"); // MD5("RFC 3947")
    return id;
}

// The drafts' vendor IDs, most preferred first (as charon and libreswan rank them).
const std::array<Bytes, 3>& draftVendorIds() {
    static const std::array<Bytes, 3> ids{
        *fromHex("7d9419a65310ca6f2c179d9215529d56"),  // MD5("draft-ietf-ipsec-nat-t-ike-03")
        *fromHex("90cb80913ebb696e086381b5ec427b1f"),  // MD5("draft-ietf-ipsec-nat-t-ike-02\n")
        *fromHex("cd60464335df21f87cfdb2fc68b6a448")}; // MD5("draft-ietf-ipsec-nat-t-ike-02")
    return ids;
}

std::size_t draftRank(ByteView vid) {
    const auto& ids = draftVendorIds();
    for (std::size_t i = 0; i < ids.size(); ++i)
        if (std::equal(vid.begin(), vid.end(), ids[i].begin(), ids[i].end())) return i;
    return ids.size();
}

} // namespace

bool readVendorId(IkeSa& sa, ByteView vid) {
    if (std::equal(vid.begin(), vid.end(), rfcVendorId().begin(), rfcVendorId().end())) {
        sa.peerNatT = true;
        sa.natTDraftVid.reset();
        return true;
    }
    const std::size_t rank = draftRank(vid);
    if (rank == draftVendorIds().size()) return false;
    const bool rfcSeen = sa.peerNatT && !sa.natTDraftVid;
    if (!rfcSeen && (!sa.natTDraftVid || rank < draftRank(*sa.natTDraftVid))) sa.natTDraftVid = draftVendorIds()[rank];
    sa.peerNatT = true;
    return true;
}

const Bytes& vendorId(const IkeSa& sa) { return sa.natTDraftVid ? *sa.natTDraftVid : rfcVendorId(); }

bool enabled(const Engine& engine, const IkeSa& sa) {
    return engine.config.natTraversal != NatTraversal::Off && sa.peerNatT;
}

void addNatD(Engine& engine, IkeSa& sa, std::vector<wire::Payload>& payloads, const Endpoint& destination,
             const Endpoint& source, const std::string& datagramId) {
    const bool draft = sa.natTDraftVid.has_value(); // NAT-D as payload type 130
    const crypto::SecretBytes peer = engine.recordDerived(
        natDFor(engine, sa, destination.address, destination.port, datagramId + ".NAT-D.peer",
                "the destination of this message, " + destination.toString()));
    payloads.push_back(wire::Payload{wire::NatDPayload{Bytes(peer.view().begin(), peer.view().end()), draft}});
    if (engine.config.natTraversal == NatTraversal::Force) {
        // A hash of an address and port nobody has: the peer must conclude we are behind a NAT.
        wire::Ipv4Address fake;
        engine.random.fill(fake.octets);
        const std::uint16_t fakePort = static_cast<std::uint16_t>(engine.random.u32());
        const crypto::SecretBytes self = engine.recordDerived(
            natDFor(engine, sa, fake, fakePort, datagramId + ".NAT-D.self",
                    "a made-up address " + fake.toString() + ":" + std::to_string(fakePort) +
                        " (NAT-T forced, as strongSwan's encap=yes does)"));
        payloads.push_back(wire::Payload{wire::NatDPayload{Bytes(self.view().begin(), self.view().end()), draft}});
        return;
    }
    const crypto::SecretBytes self = engine.recordDerived(natDFor(engine, sa, source.address, source.port,
                                                                  datagramId + ".NAT-D.self",
                                                                  "the source of this message, " + source.toString()));
    payloads.push_back(wire::Payload{wire::NatDPayload{Bytes(self.view().begin(), self.view().end()), draft}});
}

void check(Engine& engine, IkeSa& sa, const wire::PayloadChain& chain, const Endpoint& from, const Endpoint& to,
           const std::string& datagramId) {
    std::vector<const wire::NatDPayload*> natD;
    for (const wire::Payload& p : chain.payloads)
        if (const auto* n = p.as<wire::NatDPayload>()) natD.push_back(n);
    NatInfo info;
    info.peerSupportsNatT = sa.peerNatT;
    info.forced = engine.config.natTraversal == NatTraversal::Force;
    if (natD.empty()) {
        info.floating = info.forced;
        sa.natDetected = info.forced;
        engine.record(EventKind::NatDetection, datagramId + ".NAT-D.result",
                      "the peer sent no NAT-D payloads: no NAT detection" +
                          std::string(info.forced ? "; NAT-T is forced, we move to port 4500" : ""),
                      info);
        return;
    }
    const crypto::SecretBytes us = engine.recordDerived(
        natDFor(engine, sa, to.address, to.port, datagramId + ".NAT-D.expected-local",
                "our endpoint as this message reached it, " + to.toString()));
    const crypto::SecretBytes them = engine.recordDerived(
        natDFor(engine, sa, from.address, from.port, datagramId + ".NAT-D.expected-peer",
                "the peer's endpoint as this message came from it, " + from.toString()));
    info.weAreBehindNat = !crypto::constantTimeEqual(natD.front()->hash, us.view());
    info.peerIsBehindNat = true;
    for (std::size_t i = 1; i < natD.size(); ++i)
        if (crypto::constantTimeEqual(natD[i]->hash, them.view())) info.peerIsBehindNat = false;
    sa.natDetected = info.weAreBehindNat || info.peerIsBehindNat || info.forced;
    sa.behindNat = info.weAreBehindNat;
    info.floating = sa.natDetected;
    std::string text;
    if (info.weAreBehindNat && info.peerIsBehindNat) text = "NAT-D: both ends look translated";
    else if (info.weAreBehindNat) text = "NAT-D: our address was translated on the way (we are behind a NAT)";
    else if (info.peerIsBehindNat)
        text = "NAT-D: the peer's address was translated (or faked): the peer is behind a NAT";
    else text = "NAT-D: no NAT between us";
    if (info.forced && !info.weAreBehindNat && !info.peerIsBehindNat) text += ", but NAT-T is forced";
    text += sa.natDetected ? "; IKE moves to port 4500 and ESP is UDP-encapsulated" : "; IKE stays on port 500";
    engine.record(EventKind::NatDetection, datagramId + ".NAT-D.result", std::move(text), info);
}

void float4500(Engine& engine, IkeSa& sa) {
    if (sa.floated) return;
    sa.floated = true;
    sa.local.port = engine.config.localNatTPort;
    sa.remote.port = engine.config.remoteNatTPort;
}

} // namespace ipseclab::ike::detail::nat_t
