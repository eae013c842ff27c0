// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ikev2/Event.h"

#include "wire/Ikev2Codec.h"

namespace ipseclab::ikev2 {

wire::Annotations DatagramInfo::annotations() const {
    wire::Annotations out;
    (void)wire::ikev2::decodeMessage(udpPayload, wire::Annotator(&out));
    return out;
}

wire::Annotations DatagramInfo::plaintextAnnotations() const {
    wire::Annotations out;
    if (decrypted && !plaintext.empty())
        (void)wire::ikev2::decodePayloads(firstInner, plaintext, wire::Annotator(&out));
    return out;
}

namespace {

ChildSaDirection cloneDirection(const ChildSaDirection& d) {
    return ChildSaDirection{
        d.spi,           d.source, d.destination, d.encryptionKey.clone(), d.integrityKey.clone(), d.encryptionKeyId,
        d.integrityKeyId};
}

} // namespace

ChildSaInfo ChildSaInfo::clone() const {
    return ChildSaInfo{suite, localSelector, remoteSelector, role, cloneDirection(inbound), cloneDirection(outbound)};
}

} // namespace ipseclab::ikev2
