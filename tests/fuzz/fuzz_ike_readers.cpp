// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// libFuzzer target for the Quick Mode readers on their own (quick_mode::readQm1 and readQm2: no
// engine, no keys, no Diffie-Hellman), so each input costs a decode and a policy check. The fuzz
// bytes are a decrypted payload chain (HASH first, padding allowed) read against the same policy
// as fuzz_ike_engine's peers, so the plaintexts of that target's QM1 and QM2 are good seeds
// (regressions/fuzz_ike_readers/ holds some, README there). Beyond "no crash" it checks what
// the readers promise to the engine: an accepted offer or reply carries everything QM2 or QM3
// needs, consistent with the chain it came from.
//
// Input: byte 0 chooses  bit 0: the reader (0 readQm1 at the responder, 1 readQm2 at the initiator)
//                        bit 1: PFS with ECP-256 in our policy
//                        bit 2: NAT-T: the IKE SA floated (UDP-encapsulated offers)
//                        bit 3: an AH proposal after the ESP one in our policy
//                        bit 4: the responder accepts the PFS group offered
//        the rest: the payload chain.

#include <cstdlib>

#include "FuzzPeerConfig.h"
#include "crypto/DhGroup.h"
#include "ike/Engine.h"
#include "wire/IsakmpCodec.h"

using namespace ipseclab;
using namespace ipseclab::ike;
using namespace ipseclab::ike::detail;

namespace {

// fuzz_ike_engine's responder B, its policy varied by byte 0 (NAT-T is the IKE SA's, below).
PeerConfig responderConfig(std::uint8_t selector) {
    PeerConfig c = fuzzing::config(false, false, false);
    if (selector & 8) {
        ChildProposal ah;
        ah.suite.protocol = ChildProtocol::Ah;
        c.childProposals.push_back(ah);
    }
    if (selector & 2) c.pfsGroup = crypto::DhGroup::Ecp256;
    c.acceptOfferedPfs = selector & 16;
    return c;
}

void checkQm1(const wire::PayloadChain& chain, const PeerConfig& config, bool floated) {
    IkeSa sa;
    sa.role = Role::Responder;
    sa.local = config.local;
    sa.remote = config.remote;
    sa.floated = floated;
    const auto read = quick_mode::readQm1(chain, config, sa);
    if (!read) {
        const Rejection& r = read.error();
        if (r.sentence.empty()) std::abort();
        // A negotiation that failed is recorded with its selection; one that succeeded was refused later.
        if (r.kind == FailureKind::NoProposalChosen && (!r.selection || r.selection->chosen)) std::abort();
        return;
    }
    const quick_mode::Qm1Offer& offer = *read;
    const auto* sa1 = chain.find<wire::SaPayload>();
    const auto* nonce = chain.find<wire::NoncePayload>();
    if (!offer.selection.chosen || !sa1 || !nonce || offer.ni != nonce->nonce) std::abort();
    if (!offer.proposalIndex || *offer.proposalIndex >= sa1->proposals.size()) std::abort();
    if (offer.peerSpi != sa1->proposals[*offer.proposalIndex].spi) std::abort();
    const auto& pfs = offer.selection.agreement.pfsGroup;
    if (pfs.has_value() != offer.gi.has_value()) std::abort();
    if (pfs && offer.gi->size() != crypto::dhGroupInfo(*pfs).publicValueLength) std::abort();
    if (offer.idci.has_value() != offer.idcr.has_value()) std::abort();
}

void checkQm2(const wire::PayloadChain& chain, const PeerConfig& config, bool floated) {
    // Our QM1 as the initiator A sent it (its policy is the responder's, mirrored).
    QuickMode qm;
    qm.role = Role::Initiator;
    qm.espSpi = Bytes{0x11, 0x22, 0x33, 0x44};
    qm.ahSpi = Bytes{0x55, 0x66, 0x77, 0x88};
    qm.offer = childOffer(config.childProposals, config.pfsGroup, floated, qm.espSpi, qm.ahSpi);
    // The proxy IDs' bodies (RFC 2407 §4.6.2): ID_IPV4_ADDR_SUBNET, protocol and port 0, network, mask.
    qm.idciBody = Bytes{4, 0, 0, 0, 10, 1, 0, 0, 0xff, 0xff, 0xff, 0};
    qm.idcrBody = Bytes{4, 0, 0, 0, 10, 2, 0, 0, 0xff, 0xff, 0xff, 0};
    const auto read = quick_mode::readQm2(chain, qm, floated);
    if (!read) {
        if (read.error().sentence.empty()) std::abort();
        return;
    }
    const auto* nonce = chain.find<wire::NoncePayload>();
    if (!nonce || read->nr != nonce->nonce || read->peerSpi.empty()) std::abort();
    const auto& pfs = read->agreement.pfsGroup;
    if (pfs.has_value() != read->gr.has_value()) std::abort();
    if (pfs != config.pfsGroup) std::abort(); // the responder cannot choose a group we did not offer
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t selector = data[0];
    const auto chain = wire::decodePayloadChain(wire::PayloadType::Hash, ByteView(data + 1, size - 1));
    if (!chain) return 0;
    const PeerConfig config = responderConfig(selector);
    const bool floated = selector & 4;
    if (selector & 1) checkQm2(*chain, config, floated);
    else checkQm1(*chain, config, floated);
    return 0;
}
