// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ike/Event.h"

#include "wire/IsakmpCodec.h"

namespace ipseclab::ike {

wire::Annotations DatagramInfo::annotations() const {
    wire::Annotations out;
    if (isakmp && isakmpOffset <= udpPayload.size())
        (void)wire::decodeMessage(ByteView(udpPayload).subspan(isakmpOffset), wire::Annotator(&out, "", isakmpOffset));
    return out;
}

wire::Annotations DatagramInfo::plaintextAnnotations() const {
    wire::Annotations out;
    if (decrypted) (void)wire::decodePayloadChain(header.nextPayload, plaintext, wire::Annotator(&out));
    return out;
}

namespace {

ChildSaDirection cloneDirection(const ChildSaDirection& d) {
    ChildSaDirection c;
    c.spi = d.spi;
    c.source = d.source;
    c.destination = d.destination;
    c.keymat = d.keymat.clone();
    c.encryptionKey = d.encryptionKey.clone();
    c.integrityKey = d.integrityKey.clone();
    c.keymatId = d.keymatId;
    return c;
}

} // namespace

ChildSaInfo ChildSaInfo::clone() const {
    ChildSaInfo c;
    c.protocol = protocol;
    c.suite = suite;
    c.transformId = transformId;
    c.authenticationAlgorithm = authenticationAlgorithm;
    c.keyLengthBits = keyLengthBits;
    c.encapsulationMode = encapsulationMode;
    c.udpEncapsulated = udpEncapsulated;
    c.esn = esn;
    c.lifetimeSeconds = lifetimeSeconds;
    c.lifetimeKilobytes = lifetimeKilobytes;
    c.pfsGroup = pfsGroup;
    c.localSelector = localSelector;
    c.remoteSelector = remoteSelector;
    c.quickModeRole = quickModeRole;
    c.messageId = messageId;
    c.peerNatOa = peerNatOa;
    c.inbound = cloneDirection(inbound);
    c.outbound = cloneDirection(outbound);
    return c;
}

Event Event::clone() const {
    Event e;
    e.kind = kind;
    e.id = id;
    e.time = time;
    e.text = text;
    std::visit(
        [&](const auto& d) {
            using T = std::decay_t<decltype(d)>;
            if constexpr (std::is_same_v<T, Derivation> || std::is_same_v<T, ChildSaInfo>) {
                e.detail = d.clone();
            } else if constexpr (std::is_same_v<T, DhInfo>) {
                DhInfo c;
                c.purpose = d.purpose;
                c.group = d.group;
                c.privateValue = d.privateValue.clone();
                c.ourPublic = d.ourPublic;
                c.peerPublic = d.peerPublic;
                c.sharedSecret = d.sharedSecret.clone();
                c.ourPublicSource = d.ourPublicSource;
                c.peerPublicSource = d.peerPublicSource;
                e.detail = std::move(c);
            } else {
                e.detail = d;
            }
        },
        detail);
    return e;
}

} // namespace ipseclab::ike
