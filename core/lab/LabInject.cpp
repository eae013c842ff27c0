// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// inject:src=ADDR, the attacker who holds the A→B keys (a student can export them; a peer may leak
// them): it seals a packet of its own with the next sequence number and a valid ICV, so the replay
// window and the ICV let it through, but its inner source ADDR lies outside the SA's traffic
// selectors. Only the receiver's policy check after decapsulation (RFC 4301 §5.2) refuses it.

#include "capture/PacketSynthesizer.h"
#include "ipsec/SecurityAssociation.h"
#include "lab/LabEngine.h"

namespace ipseclab::lab::detail {

namespace {

constexpr std::uint16_t kForgedEchoIdentifier = 0x6174; // "at": the attacker's ping

// The attacker's own copy of the sending SA: the same SPI, keys and mode, counting from `next`.
// It sends no events: what the lab records is what the receiver makes of its packet.
Result<std::unique_ptr<ipsec::SecurityAssociation>> forgerOf(const ipsec::SecurityAssociation& sender,
                                                             std::uint64_t next, crypto::RandomSource& random) {
    ipsec::SaConfig c;
    c.name = "attacker";
    c.protocol = sender.protocol();
    c.spi = sender.spi();
    c.source = sender.source();
    c.destination = sender.destination();
    c.mode = sender.mode();
    c.suite = sender.suite();
    c.keys.encryption = crypto::SecretBytes(sender.encryptionKey());
    c.keys.integrity = crypto::SecretBytes(sender.integrityKey());
    c.extendedSequenceNumbers = sender.extendedSequenceNumbers();
    c.labStartSequence = next;
    c.random = &random;
    return ipsec::SecurityAssociation::create(std::move(c));
}

// For the capture's comment, written as the packet crosses the WAN (before the receiver decides):
// the selectors the forged address lies outside, so Wireshark's reader sees why it will be refused.
std::string outsideWhat(const std::optional<ipsec::SaSelectors>& selectors) {
    if (!selectors) return "";
    return ", outside the SA's selectors " + selectors->source.toString() + " -> " + selectors->destination.toString();
}

} // namespace

Result<std::pair<HeldPacket, std::string>> LabEngine::sealOutsideSelectors(const AttackSpec& spec) {
    const SiteState& a = siteState(Site::A);
    const ipsec::SecurityAssociation* sender = a.children.empty() ? nullptr : a.sad.find(a.children.back().outboundKey);
    if (!sender || m_dataHistory.empty()) return fail("no A→B packet has crossed the wire yet");
    // The next number the sender would use: one the receiver has not seen, so the window lets it in.
    const std::uint64_t seq = sender->nextSequenceNumber();
    auto forger = forgerOf(*sender, seq, m_attackRandom);
    if (!forger) return tl::unexpected(forger.error());

    const bool transport = sender->mode() == ipsec::Mode::Transport;
    const wire::Ipv4Address to = m_scenario.trafficAddress(Site::B);
    wire::IcmpEcho echo;
    echo.identifier = kForgedEchoIdentifier;
    echo.sequenceNumber = 1;
    echo.data = Bytes(32, 0x61);
    auto inner = capture::PacketSynthesizer().icmpEcho(spec.source, to, echo);
    if (!inner) return tl::unexpected(inner.error());

    // The outer headers of the last genuine A→B packet (after the NAT, if any): the attacker sends
    // from where A's packets come from. Transport mode has no inner header: the packet's own
    // source is the forged one.
    HeldPacket p = m_dataHistory.rbegin()->second.packet;
    if (sender->protocol() == ipsec::IpsecProtocol::Ah) {
        auto sealed = (*forger)->protect(*inner, m_now);
        if (!sealed) return tl::unexpected(sealed.error());
        p.packet = std::move(*sealed);
    } else {
        const ByteView payload = transport ? ByteView(*inner).subspan(wire::kIpv4MinHeaderLength) : ByteView(*inner);
        auto esp = (*forger)->sealEsp(transport ? wire::IpProtocol::Icmp : wire::IpProtocol::IpInIp, payload, m_now);
        if (!esp) return tl::unexpected(esp.error());
        PacketRewrite rewrite;
        rewrite.transportPayload = std::move(*esp);
        if (transport) rewrite.source = spec.source;
        auto rebuilt = rebuildPacket(p.packet, rewrite);
        if (!rebuilt) return tl::unexpected(rebuilt.error());
        p.packet = std::move(*rebuilt);
    }
    p.sequenceNumber = seq;
    p.saName = sender->name(); // the newest pair, which may have replaced the template's since (a rekey)
    p.label = ipsec::protocolName(sender->protocol()) + " seq " + std::to_string(seq);
    p.notes.clear();
    const std::string summary = p.label + " sealed with the keys of " + sender->name() + ", " +
                                (transport ? "its source " : "its inner packet from ") + spec.source.toString() +
                                " to " + to.toString() + " (a valid ICV and the next sequence number)" +
                                outsideWhat(sender->selectors());
    return std::pair<HeldPacket, std::string>{std::move(p), summary};
}

} // namespace ipseclab::lab::detail
