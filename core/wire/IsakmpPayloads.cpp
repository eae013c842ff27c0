// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Per-type payload bodies: decoding (with annotations) and encoding.

#include "wire/IsakmpPayloads.h"

#include <algorithm>

#include "wire/Ipv4Header.h"
#include "wire/IsakmpCodec.h"
#include "wire/IsakmpDetail.h"

namespace ipseclab::wire {

using namespace isakmp_detail;

PayloadType payloadTypeOf(const PayloadBody& body) {
    struct Visitor {
        PayloadType operator()(const SaPayload&) const { return PayloadType::Sa; }
        PayloadType operator()(const KePayload&) const { return PayloadType::Ke; }
        PayloadType operator()(const IdPayload&) const { return PayloadType::Id; }
        PayloadType operator()(const HashPayload&) const { return PayloadType::Hash; }
        PayloadType operator()(const NoncePayload&) const { return PayloadType::Nonce; }
        PayloadType operator()(const NotificationPayload&) const { return PayloadType::Notification; }
        PayloadType operator()(const DeletePayload&) const { return PayloadType::Delete; }
        PayloadType operator()(const VendorIdPayload&) const { return PayloadType::VendorId; }
        PayloadType operator()(const NatDPayload& p) const {
            return p.draft ? PayloadType::NatDDraft : PayloadType::NatD;
        }
        PayloadType operator()(const NatOaPayload& p) const {
            return p.draft ? PayloadType::NatOaDraft : PayloadType::NatOa;
        }
        PayloadType operator()(const CertPayload&) const { return PayloadType::Cert; }
        PayloadType operator()(const CertRequestPayload&) const { return PayloadType::Cr; }
        PayloadType operator()(const SignaturePayload&) const { return PayloadType::Sig; }
        PayloadType operator()(const RawPayload& p) const { return p.type; }
    };
    return std::visit(Visitor{}, body);
}

namespace {

// Body decoders see the whole payload, generic header included, with the annotator's base at its
// first byte: field offsets below count from there, as the RFC's payload diagrams do.
constexpr std::size_t kBody = kGenericPayloadHeaderSize;

// Fixed fields, registered once for annotations and errors alike.
namespace f = isakmp_fields;
constexpr FieldSpec kSaDoi{&f::kSaDoi, 4, 4};
constexpr FieldSpec kSaSituation{&f::kSaSituation, 8, 4};
constexpr FieldSpec kSaFields[] = {kSaDoi, kSaSituation};

constexpr FieldSpec kProposalNumber{&f::kProposalNumber, 4, 1};
constexpr FieldSpec kProposalProtocol{&f::kProposalProtocol, 5, 1};
constexpr FieldSpec kProposalSpiSize{&f::kSpiSize, 6, 1};
constexpr FieldSpec kTransformCount{&f::kTransformCount, 7, 1};
constexpr FieldSpec kProposalFields[] = {kProposalNumber, kProposalProtocol, kProposalSpiSize, kTransformCount};

constexpr FieldSpec kTransformNumber{&f::kTransformNumber, 4, 1};
constexpr FieldSpec kTransformId{&f::kTransformId, 5, 1};
// Wireshark keys Reserved2 as the other reserved bytes.
constexpr FieldSpec kReserved2{&f::kReserved, 6, 2, {}, "Reserved2"};
constexpr FieldSpec kTransformFields[] = {kTransformNumber, kTransformId, kReserved2};

constexpr FieldSpec kIdType{&f::kIdType, 4, 1};
constexpr FieldSpec kIdProtocol{&f::kIdProtocol, 5, 1};
constexpr FieldSpec kIdPort{&f::kIdPort, 6, 2};
constexpr FieldSpec kIdFields[] = {kIdType, kIdProtocol, kIdPort};
constexpr std::size_t kIdData = 8;

// Notification and Delete share their first fields (RFC 2408 §3.14, §3.15).
constexpr std::string_view kNotifySpiSizeMeaning = "16 for the ISAKMP SA (both cookies), 4 for ESP/AH, 0 for none";
constexpr FieldSpec kNotifyDoi{&f::kNotifyDoi, 4, 4};
constexpr FieldSpec kNotifyProtocol{&f::kNotifyProtocol, 8, 1};
constexpr FieldSpec kNotifySpiSize{&f::kSpiSize, 9, 1, kNotifySpiSizeMeaning};
constexpr FieldSpec kNotifyType{&f::kNotifyType, 10, 2};
constexpr FieldSpec kNotifyFields[] = {kNotifyDoi, kNotifyProtocol, kNotifySpiSize, kNotifyType};
constexpr FieldSpec kDeleteDoi{&f::kDeleteDoi, 4, 4};
constexpr FieldSpec kDeleteProtocol{&f::kDeleteProtocol, 8, 1};
constexpr FieldSpec kSpiCount{&f::kSpiCount, 10, 2};
constexpr FieldSpec kDeleteFields[] = {kDeleteDoi, kDeleteProtocol, kNotifySpiSize, kSpiCount};
constexpr std::size_t kNotifySpi = 12;

constexpr FieldSpec kNatOaIdType{&f::kNatOaIdType, 4, 1};
constexpr FieldSpec kNatOaReserved{&f::kNatOaReserved, 5, 3};
constexpr FieldSpec kNatOaFields[] = {kNatOaIdType, kNatOaReserved};
constexpr std::size_t kNatOaAddress = 8;

constexpr FieldSpec kCertEncoding{&f::kCertEncoding, 4, 1};
constexpr FieldSpec kCertType{&f::kCertType, 4, 1};

void add(const Annotator& at, const Field& field, std::size_t offset, std::size_t length, std::string value,
         std::string meaning) {
    // Zero-length fields have no bytes to light up, so they get no annotation.
    if (length > 0) at.add(field, offset, length, std::move(value), std::move(meaning));
}

void add(const Annotator& at, const FieldSpec& field, std::string value, std::string meaning) {
    if (field.length > 0)
        at.add(*field.field, std::string(field.name()), field.offset, field.length, std::move(value),
               std::move(meaning));
}

Bytes copyOf(ByteView bytes, std::size_t offset, std::size_t length) {
    const ByteView part = bytes.subspan(offset, length);
    return Bytes(part.begin(), part.end());
}

Bytes copyFrom(ByteView bytes, std::size_t offset) { return copyOf(bytes, offset, bytes.size() - offset); }

bool allZero(ByteView bytes) {
    return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
}

std::string reservedMeaning(ByteView bytes) {
    return allZero(bytes) ? "must be zero" : "should be zero but is not; accepted, as strongSwan and Wireshark do";
}

void annotateDoi(const Annotator& at, const FieldSpec& field, std::uint32_t doi) {
    add(at, field, nameAndNumber(doiName(doi), doi),
        doi == kIpsecDoi ? std::string(field.meaningText())
        : doi == 0       ? "generic ISAKMP (DOI 0), used by some notifications"
                         : "a DOI other than IPsec: the receiver should answer DOI-NOT-SUPPORTED");
}

std::string protocolText(ProtocolId protocol) {
    return nameAndNumber(protocolIdName(protocol), static_cast<unsigned>(protocol));
}

// ---- SA / Proposal / Transform ----

std::string describeTransform(const Transform& transform, ProtocolId protocol) {
    return nameAndNumber(transformIdName(protocol, transform.transformId), transform.transformId) + ", " +
           plural(transform.attributes.size(), "attribute");
}

std::string describeProposal(const Proposal& proposal) {
    std::string text = protocolText(proposal.protocolId) + ", " + plural(proposal.transforms.size(), "transform");
    if (!proposal.spi.empty()) text += ", SPI 0x" + toHex(proposal.spi);
    return text;
}

Result<Transform> decodeTransform(ByteView p, const ChainEntry& entry, ProtocolId protocol, const Annotator& at) {
    annotateGenericHeader(at, entry, ChainLevel::Transforms);
    if (auto cut = firstCutField(at, kTransformFields, p.size(),
                                 "the Transform (Payload Length " + std::to_string(p.size()) + ")"))
        return tl::unexpected(*cut);
    Transform transform;
    transform.reserved = entry.reserved;
    transform.number = p[4];
    transform.transformId = p[5];
    transform.reserved2 = readU16(p, 6);
    if (at.enabled()) {
        annotate(at, kTransformNumber, std::to_string(transform.number));
        std::string idMeaning(kTransformId.meaningText());
        switch (protocol) {
        case ProtocolId::Isakmp:
            idMeaning = "KEY_IKE: this transform describes IKE itself; the algorithms are in the attributes";
            break;
        case ProtocolId::IpsecEsp:
            idMeaning = "the ESP cipher (integrity is the Authentication Algorithm attribute)";
            break;
        case ProtocolId::IpsecAh: idMeaning = "the AH integrity algorithm"; break;
        default: break;
        }
        add(at, kTransformId, nameAndNumber(transformIdName(protocol, transform.transformId), transform.transformId),
            idMeaning);
        add(at, kReserved2, std::to_string(transform.reserved2), reservedMeaning(p.subspan(6, 2)));
    }
    auto attributes = decodeAttributes(p, attributeSpaceFor(protocol), at, 8);
    if (!attributes) return tl::unexpected(attributes.error());
    transform.attributes = std::move(*attributes);
    return transform;
}

Result<Proposal> decodeProposal(ByteView p, const ChainEntry& entry, const Annotator& at) {
    annotateGenericHeader(at, entry, ChainLevel::Proposals);
    if (auto cut = firstCutField(at, kProposalFields, p.size(),
                                 "the Proposal (Payload Length " + std::to_string(p.size()) + ")"))
        return tl::unexpected(*cut);
    Proposal proposal;
    proposal.reserved = entry.reserved;
    proposal.number = p[4];
    proposal.protocolId = static_cast<ProtocolId>(p[5]);
    const std::size_t spiSize = p[6];
    const std::size_t transformCount = p[7];
    if (at.enabled()) {
        annotate(at, kProposalNumber, std::to_string(proposal.number));
        add(at, kProposalProtocol, protocolText(proposal.protocolId),
            proposal.protocolId == ProtocolId::Isakmp     ? "this proposal negotiates the ISAKMP SA itself (phase 1)"
            : proposal.protocolId == ProtocolId::IpsecEsp ? "this proposal negotiates an ESP SA"
            : proposal.protocolId == ProtocolId::IpsecAh  ? "this proposal negotiates an AH SA"
                                                          : std::string(kProposalProtocol.meaningText()));
        annotate(at, kProposalSpiSize, plural(spiSize, "byte"));
        annotate(at, kTransformCount, std::to_string(transformCount));
    }
    if (8 + spiSize > p.size())
        return failAt(at, kProposalSpiSize,
                      "SPI Size " + std::to_string(spiSize) + " runs past the end of the proposal (" +
                          plural(p.size() - 8, "byte") + " left)");
    proposal.spi = copyOf(p, 8, spiSize);
    if (at.enabled())
        add(at, f::kSpi, 8, spiSize, "0x" + toHex(proposal.spi),
            proposal.protocolId == ProtocolId::Isakmp ? "not used in phase 1 (ignored)"
                                                      : "the SPI the sender wants to receive on (its inbound SA)");

    const ChainWalk walk = walkChain(PayloadType::Transform, p, 8 + spiSize, p.size(), ChainLevel::Transforms, at);
    for (const ChainEntry& transformEntry : walk.entries) {
        auto transform = decodeContainer<Transform>(
            at, f::kTransform, transformEntry.name, transformEntry.offset, transformEntry.length,
            "one acceptable set of algorithms and lifetimes; the responder returns the one it picked",
            [&](const Annotator& t) {
                return decodeTransform(p.subspan(transformEntry.offset, transformEntry.length), transformEntry,
                                       proposal.protocolId, t);
            },
            [&](const Transform& decoded) { return describeTransform(decoded, proposal.protocolId); });
        if (!transform) return tl::unexpected(transform.error());
        proposal.transforms.push_back(std::move(*transform));
    }
    if (walk.error) return tl::unexpected(*walk.error);
    if (proposal.transforms.size() != transformCount)
        return failAt(at, kTransformCount,
                      "Number of Transforms says " + std::to_string(transformCount) + " but " +
                          plural(proposal.transforms.size(), "transform") + " follow");
    return proposal;
}

Result<PayloadBody> decodeSa(ByteView p, const Annotator& at) {
    if (auto cut = firstCutField(at, kSaFields, p.size(), "the SA payload")) return tl::unexpected(*cut);
    SaPayload sa;
    sa.doi = readU32(p, 4);
    sa.situation = readU32(p, 8);
    if (at.enabled()) {
        annotateDoi(at, kSaDoi, sa.doi);
        add(at, kSaSituation,
            (sa.situation == kSitIdentityOnly ? "SIT_IDENTITY_ONLY (" : "(") + formatHex(sa.situation, 8) + ")",
            sa.situation == kSitIdentityOnly
                ? std::string(kSaSituation.meaningText())
                : "secrecy/integrity labels, which IKE implementations do not support in practice");
    }

    const ChainWalk walk = walkChain(PayloadType::Proposal, p, 12, p.size(), ChainLevel::Proposals, at);
    for (const ChainEntry& entry : walk.entries) {
        auto proposal = decodeContainer<Proposal>(
            at, f::kProposal, entry.name, entry.offset, entry.length,
            "one offer: a protocol (ISAKMP, ESP, AH) with the transforms acceptable for it",
            [&](const Annotator& proposalAt) {
                return decodeProposal(p.subspan(entry.offset, entry.length), entry, proposalAt);
            },
            describeProposal);
        if (!proposal) return tl::unexpected(proposal.error());
        sa.proposals.push_back(std::move(*proposal));
    }
    if (walk.error) return tl::unexpected(*walk.error);
    return sa;
}

// ---- ID and NAT-OA ----

std::string maskText(ByteView mask) {
    std::string text = ipv4Text(mask);
    const std::uint32_t m = readU32(mask, 0);
    int bits = 0;
    while (bits < 32 && (m & (0x80000000u >> bits))) ++bits;
    const std::uint32_t contiguous = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
    if (m == contiguous) text += " (/" + std::to_string(bits) + ")";
    return text;
}

// The exact data size an ID type requires, or 0 when it has no fixed size.
std::size_t idDataSize(IdType type) {
    switch (type) {
    case IdType::Ipv4Addr: return 4;
    case IdType::Ipv4AddrSubnet:
    case IdType::Ipv4AddrRange: return 8;
    case IdType::Ipv6Addr: return 16;
    case IdType::Ipv6AddrSubnet:
    case IdType::Ipv6AddrRange: return 32;
    default: return 0;
    }
}

std::string idDataText(IdType type, ByteView data) {
    const std::size_t fixed = idDataSize(type);
    if (fixed != 0 && data.size() != fixed) return hexValue(data);
    switch (type) {
    case IdType::Ipv4Addr: return ipv4Text(data);
    case IdType::Ipv6Addr: return ipv6Text(data);
    case IdType::Ipv4AddrSubnet: return ipv4Text(data.first(4)) + "/" + ipv4Text(data.subspan(4));
    case IdType::Ipv4AddrRange: return ipv4Text(data.first(4)) + "-" + ipv4Text(data.subspan(4));
    case IdType::Ipv6AddrSubnet: return ipv6Text(data.first(16)) + "/" + ipv6Text(data.subspan(16));
    case IdType::Ipv6AddrRange: return ipv6Text(data.first(16)) + "-" + ipv6Text(data.subspan(16));
    case IdType::Fqdn:
    case IdType::UserFqdn: return printableText(data);
    default: return hexValue(data);
    }
}

std::string ipProtocolText(std::uint8_t protocol) {
    return protocol == 0 ? std::string("any (0)") : ipProtocolName(static_cast<IpProtocol>(protocol));
}

Result<PayloadBody> decodeId(ByteView p, const Annotator& at) {
    if (auto cut = firstCutField(at, kIdFields, p.size(), "the ID payload")) return tl::unexpected(*cut);
    IdPayload id;
    id.idType = static_cast<IdType>(p[4]);
    id.protocolId = p[5];
    id.port = readU16(p, 6);
    id.data = copyFrom(p, kIdData);
    const auto typeName = [&] { return nameAndNumber(idTypeName(id.idType), p[4]); };
    if (at.enabled()) {
        annotate(at, kIdType, typeName());
        annotate(at, kIdProtocol, ipProtocolText(id.protocolId));
        annotate(at, kIdPort, id.port == 0 ? std::string("any (0)") : std::to_string(id.port));
    }

    const std::size_t fixed = idDataSize(id.idType);
    if (fixed != 0 && id.data.size() != fixed)
        return failAt(at, "Identification Data", kIdData,
                      typeName() + " needs exactly " + plural(fixed, "byte") + " of identification data but has " +
                          std::to_string(id.data.size()));
    if (!at.enabled()) return id;
    const ByteView data = id.data;
    const std::size_t half = data.size() / 2;
    switch (id.idType) {
    case IdType::Ipv4AddrSubnet:
    case IdType::Ipv6AddrSubnet: {
        const bool v4 = id.idType == IdType::Ipv4AddrSubnet;
        at.add(v4 ? f::kIdIpv4Address : f::kIdIpv6Address, "Subnet Address", kIdData, half,
               v4 ? ipv4Text(data.first(4)) : ipv6Text(data.first(16)), "network address of the protected subnet");
        at.add(v4 ? f::kIdIpv4Subnet : f::kIdIpv6Subnet, "Subnet Mask", kIdData + half, half,
               v4 ? maskText(data.subspan(4)) : ipv6Text(data.subspan(16)), "netmask of the protected subnet");
        break;
    }
    case IdType::Ipv4AddrRange:
    case IdType::Ipv6AddrRange: {
        const bool v4 = id.idType == IdType::Ipv4AddrRange;
        add(at, v4 ? f::kIdIpv4RangeStart : f::kIdIpv6RangeStart, kIdData, half,
            v4 ? ipv4Text(data.first(4)) : ipv6Text(data.first(16)), "first address of the protected range");
        add(at, v4 ? f::kIdIpv4RangeEnd : f::kIdIpv6RangeEnd, kIdData + half, half,
            v4 ? ipv4Text(data.subspan(4)) : ipv6Text(data.subspan(16)), "last address of the protected range");
        break;
    }
    case IdType::Ipv4Addr:
    case IdType::Ipv6Addr:
        add(at, id.idType == IdType::Ipv4Addr ? f::kIdIpv4Address : f::kIdIpv6Address, kIdData, data.size(),
            idDataText(id.idType, data),
            "a single address: the peer's address in phase 1, one host as a Quick Mode selector");
        break;
    case IdType::Fqdn:
        add(at, f::kIdFqdn, kIdData, data.size(), idDataText(id.idType, data),
            "a fully qualified domain name, without a terminating NUL");
        break;
    case IdType::UserFqdn:
        add(at, f::kIdUserFqdn, kIdData, data.size(), idDataText(id.idType, data),
            "a user@domain name, without a terminating NUL");
        break;
    default:
        add(at, id.idType == IdType::KeyId ? f::kIdKeyId : f::kIdData, kIdData, data.size(),
            idDataText(id.idType, data), "identity bytes of this type, kept as they are");
        break;
    }
    return id;
}

Result<PayloadBody> decodeNatOa(ByteView p, const Annotator& at, bool draft) {
    if (auto cut = firstCutField(at, kNatOaFields, p.size(), "the NAT-OA payload")) return tl::unexpected(*cut);
    NatOaPayload natOa;
    natOa.draft = draft;
    natOa.idType = static_cast<IdType>(p[4]);
    std::copy_n(p.begin() + 5, 3, natOa.reserved.begin());
    natOa.address = copyFrom(p, kNatOaAddress);
    const auto typeName = [&] { return nameAndNumber(idTypeName(natOa.idType), p[4]); };
    if (at.enabled()) {
        annotate(at, kNatOaIdType, typeName());
        add(at, kNatOaReserved, "0x" + toHex(natOa.reserved), reservedMeaning(natOa.reserved));
    }
    const std::size_t expected = natOa.idType == IdType::Ipv4Addr ? 4 : natOa.idType == IdType::Ipv6Addr ? 16 : 0;
    if (expected != 0 && natOa.address.size() != expected)
        return failAt(at, "Original Address", kNatOaAddress,
                      typeName() + " needs exactly " + plural(expected, "byte") + " of address but has " +
                          std::to_string(natOa.address.size()));
    if (at.enabled())
        add(at,
            natOa.idType == IdType::Ipv4Addr   ? f::kNatOaIpv4
            : natOa.idType == IdType::Ipv6Addr ? f::kNatOaIpv6
                                               : f::kNatOaOther,
            kNatOaAddress, natOa.address.size(), idDataText(natOa.idType, natOa.address),
            "the sender's address before any NAT rewrote it (transport mode fixes checksums with it)");
    return natOa;
}

// ---- Notification and Delete ----

std::string_view notifyMeaning(NotifyType type) {
    switch (type) {
    case NotifyType::NoProposalChosen: return "the responder accepts none of the proposals offered";
    case NotifyType::PayloadMalformed: return "a payload of an earlier message could not be parsed";
    case NotifyType::InvalidIdInformation: return "the identity or the Quick Mode selectors are not acceptable";
    case NotifyType::InvalidHashInformation: return "a HASH payload did not verify";
    case NotifyType::AuthenticationFailed: return "the hash or signature proving the peer's identity did not verify";
    case NotifyType::InvalidCookie: return "the cookies name no ISAKMP SA the receiver knows";
    case NotifyType::InvalidSpi: return "the SPI names no SA the receiver knows";
    case NotifyType::Connected: return "the SA is ready to use (answer to the Commit flag)";
    case NotifyType::ResponderLifetime:
        return "the responder will use a shorter lifetime than proposed; the data holds the lifetime attributes";
    case NotifyType::ReplayStatus: return "whether the sender enables anti-replay on this SA";
    case NotifyType::InitialContact:
        return "the sender has no other SA with the receiver: SAs left over from before a restart can be deleted";
    case NotifyType::RUThere: return "dead peer detection: are you still there?";
    case NotifyType::RUThereAck: return "dead peer detection: yes, still here";
    default: break;
    }
    const auto number = static_cast<unsigned>(type);
    if (number < 8192) return "error notification: the sender rejects something in an earlier message";
    if (number < 16384) return "error notification from the private-use range";
    return "status notification";
}

std::string spiMeaning(ProtocolId protocol, std::size_t size) {
    if (protocol == ProtocolId::Isakmp && size == 16) return "CKY-I | CKY-R: the ISAKMP SA this is about";
    if (protocol == ProtocolId::Isakmp) return "the ISAKMP SA this is about (normally CKY-I | CKY-R)";
    return "SPI of the IPsec SA this is about";
}

void annotateNotificationData(const Annotator& at, const NotificationPayload& notification, std::size_t offset) {
    const ByteView data = notification.data;
    if (data.empty() || !at.enabled()) return;
    const bool dpd = notification.type == NotifyType::RUThere || notification.type == NotifyType::RUThereAck;
    if (dpd && data.size() == 4) {
        add(at, notification.type == NotifyType::RUThere ? f::kDpdRUThere : f::kDpdRUThereAck, offset, 4,
            "sequence number " + std::to_string(readU32(data, 0)), "DPD sequence number; the R-U-THERE-ACK echoes it");
        return;
    }
    if (notification.type == NotifyType::ResponderLifetime) {
        // The data is a list of IPsec SA attributes. If it does not parse, it is shown raw: the
        // payload's framing is fine, so the payload is not rejected for it.
        Annotations local;
        const Annotator inner(&local, fieldPath(at, "Notification Data"), at.base() + offset);
        if (auto attributes = decodeAttributes(data, AttributeSpace::Ipsec, inner, 0,
                                               f::AttributePlace::ResponderLifetime)) {
            add(at, f::kNotifyData, offset, data.size(), plural(attributes->size(), "attribute"),
                "the lifetime the responder will actually use");
            forward(at, local);
            return;
        }
    }
    add(at, f::kNotifyData, offset, data.size(), hexValue(data), "data specific to this notification type");
}

Result<PayloadBody> decodeNotification(ByteView p, const Annotator& at) {
    if (auto cut = firstCutField(at, kNotifyFields, p.size(), "the Notification payload")) return tl::unexpected(*cut);
    NotificationPayload notification;
    notification.doi = readU32(p, 4);
    notification.protocolId = static_cast<ProtocolId>(p[8]);
    const std::size_t spiSize = p[9];
    notification.type = static_cast<NotifyType>(readU16(p, 10));
    if (at.enabled()) {
        annotateDoi(at, kNotifyDoi, notification.doi);
        annotate(at, kNotifyProtocol, protocolText(notification.protocolId));
        annotate(at, kNotifySpiSize, plural(spiSize, "byte"));
        add(at, kNotifyType, nameAndNumber(notifyTypeName(notification.type), readU16(p, 10)),
            std::string(notifyMeaning(notification.type)));
    }
    if (kNotifySpi + spiSize > p.size())
        return failAt(at, kNotifySpiSize,
                      "SPI Size " + std::to_string(spiSize) + " runs past the end of the payload (" +
                          plural(p.size() - kNotifySpi, "byte") + " left)");
    notification.spi = copyOf(p, kNotifySpi, spiSize);
    notification.data = copyFrom(p, kNotifySpi + spiSize);
    if (at.enabled())
        add(at, f::kSpi, kNotifySpi, spiSize, "0x" + toHex(notification.spi),
            spiMeaning(notification.protocolId, spiSize));
    annotateNotificationData(at, notification, kNotifySpi + spiSize);
    return notification;
}

Result<PayloadBody> decodeDelete(ByteView p, const Annotator& at) {
    if (auto cut = firstCutField(at, kDeleteFields, p.size(), "the Delete payload")) return tl::unexpected(*cut);
    DeletePayload deletion;
    deletion.doi = readU32(p, 4);
    deletion.protocolId = static_cast<ProtocolId>(p[8]);
    deletion.spiSize = p[9];
    const std::size_t count = readU16(p, 10);
    if (at.enabled()) {
        annotateDoi(at, kDeleteDoi, deletion.doi);
        annotate(at, kDeleteProtocol, protocolText(deletion.protocolId));
        annotate(at, kNotifySpiSize, plural(deletion.spiSize, "byte"));
        annotate(at, kSpiCount, std::to_string(count));
    }
    // Without a size the count is unbounded by the payload: 65,535 empty SPIs from 12 bytes.
    if (deletion.spiSize == 0 && count != 0)
        return failAt(at, kSpiCount, plural(count, "SPI") + " of 0 bytes: an SPI size of 0 leaves nothing to delete");
    const std::size_t needed = count * deletion.spiSize;
    if (needed != p.size() - kNotifySpi)
        return failAt(at, kSpiCount,
                      plural(count, "SPI") + " of " + plural(deletion.spiSize, "byte") + " need " +
                          plural(needed, "byte") + " but " + plural(p.size() - kNotifySpi, "byte") + " follow");
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t offset = kNotifySpi + i * deletion.spiSize;
        deletion.spis.push_back(copyOf(p, offset, deletion.spiSize));
        if (at.enabled())
            at.add(f::kDeleteSpi, "SPI#" + std::to_string(i + 1), offset, deletion.spiSize,
                   "0x" + toHex(deletion.spis.back()),
                   deletion.protocolId == ProtocolId::Isakmp
                       ? "CKY-I | CKY-R of the ISAKMP SA being deleted"
                       : "SPI of an SA the sender deleted (the one it received on)");
    }
    return deletion;
}

// ---- Opaque bodies ----

Result<PayloadBody> decodeVendorId(ByteView p, const Annotator& at) {
    VendorIdPayload vid{copyFrom(p, kBody)};
    if (!at.enabled()) return vid;
    if (const std::optional<VendorIdInfo> info = recognizeVendorId(vid.vendorId))
        add(at, f::kVendorId, kBody, vid.vendorId.size(), info->name, info->meaning);
    else
        add(at, f::kVendorId, kBody, vid.vendorId.size(), "unknown vendor ID",
            "a vendor ID the lab does not recognise (" + hexValue(vid.vendorId) + "); receivers ignore those");
    return vid;
}

Result<PayloadBody> decodeCert(ByteView p, const Annotator& at, bool request) {
    const FieldSpec& first = request ? kCertType : kCertEncoding;
    const FieldSpec fields[] = {first};
    if (auto cut = firstCutField(at, fields, p.size(), request ? "the CR payload" : "the CERT payload"))
        return tl::unexpected(*cut);
    const std::uint8_t encoding = p[4];
    annotate(at, first, nameAndNumber(certificateEncodingName(encoding), encoding));
    if (request) {
        CertRequestPayload cr{encoding, copyFrom(p, 5)};
        add(at, f::kCertAuthority, 5, cr.authority.size(), hexValue(cr.authority),
            "distinguished name of an authority the sender trusts");
        return cr;
    }
    CertPayload cert{encoding, copyFrom(p, 5)};
    add(at, f::kCertData, 5, cert.data.size(), hexValue(cert.data), "the certificate (DER for X.509)");
    return cert;
}

// Payloads that are one opaque value: the field's name, and what it means.
Result<PayloadBody> decodeOpaque(PayloadType type, ByteView p, const Annotator& at) {
    Bytes value = copyFrom(p, kBody);
    const std::string text = at.enabled() ? hexValue(value) : std::string();
    const std::size_t size = value.size();
    switch (type) {
    case PayloadType::Ke:
        add(at, f::kKeyExchangeData, kBody, size, text,
            "g^x: the sender's Diffie-Hellman public value, padded to the group's full length");
        return KePayload{std::move(value)};
    case PayloadType::Hash:
        add(at, f::kHashData, kBody, size, text,
            "prf output: HASH_I/HASH_R in phase 1, HASH(1)/(2)/(3) in Quick Mode, HASH(1) in Informational");
        return HashPayload{std::move(value)};
    case PayloadType::Nonce:
        add(at, f::kNonceData, kBody, size, text,
            "fresh random bytes (Ni/Nr) that make the keys of this exchange unique");
        return NoncePayload{std::move(value)};
    case PayloadType::NatD:
    case PayloadType::NatDDraft:
        add(at, f::kNatHash, kBody, size, text,
            "hash(CKY-I | CKY-R | IP | port): the first NAT-D is the receiver's address, the others the sender's; "
            "a mismatch reveals a NAT");
        return NatDPayload{std::move(value), type == PayloadType::NatDDraft};
    case PayloadType::Sig:
        add(at, f::kSignatureData, kBody, size, text, "signature over HASH_I or HASH_R");
        return SignaturePayload{std::move(value)};
    default:
        add(at, f::kPayloadData, kBody, size, text,
            "payload type " + std::to_string(static_cast<unsigned>(type)) +
                " is not decoded by the lab; its bytes are kept as they are");
        return RawPayload{type, std::move(value)};
    }
}

} // namespace

namespace isakmp_detail {

Result<PayloadBody> decodeBody(PayloadType type, ByteView payload, const Annotator& annotator) {
    switch (type) {
    case PayloadType::Sa: return decodeSa(payload, annotator);
    case PayloadType::Id: return decodeId(payload, annotator);
    case PayloadType::Notification: return decodeNotification(payload, annotator);
    case PayloadType::Delete: return decodeDelete(payload, annotator);
    case PayloadType::VendorId: return decodeVendorId(payload, annotator);
    case PayloadType::NatOa:
    case PayloadType::NatOaDraft: return decodeNatOa(payload, annotator, type == PayloadType::NatOaDraft);
    case PayloadType::Cert: return decodeCert(payload, annotator, false);
    case PayloadType::Cr: return decodeCert(payload, annotator, true);
    default: return decodeOpaque(type, payload, annotator);
    }
}

std::string describeBody(const PayloadBody& body) {
    struct Visitor {
        std::string operator()(const SaPayload& p) const {
            return nameAndNumber(doiName(p.doi), p.doi) + " DOI, " + plural(p.proposals.size(), "proposal");
        }
        std::string operator()(const KePayload& p) const { return plural(p.keyExchangeData.size(), "byte"); }
        std::string operator()(const IdPayload& p) const {
            return nameAndNumber(idTypeName(p.idType), static_cast<unsigned>(p.idType)) + " " +
                   idDataText(p.idType, p.data);
        }
        std::string operator()(const HashPayload& p) const { return plural(p.hash.size(), "byte"); }
        std::string operator()(const NoncePayload& p) const { return plural(p.nonce.size(), "byte"); }
        std::string operator()(const NotificationPayload& p) const {
            return nameAndNumber(notifyTypeName(p.type), static_cast<unsigned>(p.type));
        }
        std::string operator()(const DeletePayload& p) const {
            return protocolText(p.protocolId) + ", " + plural(p.spis.size(), "SPI");
        }
        std::string operator()(const VendorIdPayload& p) const {
            const std::optional<VendorIdInfo> info = recognizeVendorId(p.vendorId);
            return info ? info->name : "unknown vendor ID";
        }
        std::string operator()(const NatDPayload& p) const { return plural(p.hash.size(), "byte"); }
        std::string operator()(const NatOaPayload& p) const { return idDataText(p.idType, p.address); }
        std::string operator()(const CertPayload& p) const {
            return nameAndNumber(certificateEncodingName(p.encoding), p.encoding) + ", " +
                   plural(p.data.size(), "byte");
        }
        std::string operator()(const CertRequestPayload& p) const {
            return nameAndNumber(certificateEncodingName(p.certificateType), p.certificateType);
        }
        std::string operator()(const SignaturePayload& p) const { return plural(p.signature.size(), "byte"); }
        std::string operator()(const RawPayload& p) const { return plural(p.body.size(), "byte"); }
    };
    return std::visit(Visitor{}, body);
}

} // namespace isakmp_detail

// ---- Encoding ----

namespace {

Result<void> appendSa(Bytes& out, const SaPayload& sa) {
    appendU32(out, sa.doi);
    appendU32(out, sa.situation);
    for (std::size_t i = 0; i < sa.proposals.size(); ++i) {
        const Proposal& proposal = sa.proposals[i];
        const std::string path = "SA/Proposal#" + std::to_string(i + 1);
        if (proposal.spi.size() > 0xff)
            return fail("an SPI of " + plural(proposal.spi.size(), "byte") + " does not fit the 1-byte SPI Size",
                        path + "/SPI Size");
        if (proposal.transforms.size() > 0xff)
            return fail(plural(proposal.transforms.size(), "transform") + " do not fit the 1-byte transform count",
                        path + "/Number of Transforms");
        const std::size_t proposalStart = out.size();
        appendU8(out,
                 static_cast<std::uint8_t>(i + 1 < sa.proposals.size() ? PayloadType::Proposal : PayloadType::None));
        appendU8(out, proposal.reserved);
        appendU16(out, 0); // length, filled in below
        appendU8(out, proposal.number);
        appendU8(out, static_cast<std::uint8_t>(proposal.protocolId));
        appendU8(out, static_cast<std::uint8_t>(proposal.spi.size()));
        appendU8(out, static_cast<std::uint8_t>(proposal.transforms.size()));
        append(out, proposal.spi);
        for (std::size_t j = 0; j < proposal.transforms.size(); ++j) {
            const Transform& transform = proposal.transforms[j];
            const std::string transformPath = path + "/Transform#" + std::to_string(j + 1);
            const std::size_t transformStart = out.size();
            appendU8(out, static_cast<std::uint8_t>(j + 1 < proposal.transforms.size() ? PayloadType::Transform
                                                                                       : PayloadType::None));
            appendU8(out, transform.reserved);
            appendU16(out, 0);
            appendU8(out, transform.number);
            appendU8(out, transform.transformId);
            appendU16(out, transform.reserved2);
            if (auto appended = appendAttributes(out, transform.attributes); !appended)
                return fail(appended.error().message, transformPath);
            const std::size_t transformLength = out.size() - transformStart;
            if (transformLength > 0xffff)
                return fail("a transform of " + plural(transformLength, "byte") + " does not fit its 16-bit length",
                            transformPath + "/Payload Length");
            writeU16(out, transformStart + 2, static_cast<std::uint16_t>(transformLength));
        }
        const std::size_t proposalLength = out.size() - proposalStart;
        if (proposalLength > 0xffff)
            return fail("a proposal of " + plural(proposalLength, "byte") + " does not fit its 16-bit length",
                        path + "/Payload Length");
        writeU16(out, proposalStart + 2, static_cast<std::uint16_t>(proposalLength));
    }
    return {};
}

Result<void> appendNotification(Bytes& out, const NotificationPayload& n) {
    if (n.spi.size() > 0xff)
        return fail("an SPI of " + plural(n.spi.size(), "byte") + " does not fit the 1-byte SPI Size",
                    "Notification/SPI Size");
    appendU32(out, n.doi);
    appendU8(out, static_cast<std::uint8_t>(n.protocolId));
    appendU8(out, static_cast<std::uint8_t>(n.spi.size()));
    appendU16(out, static_cast<std::uint16_t>(n.type));
    append(out, n.spi);
    append(out, n.data);
    return {};
}

Result<void> appendDelete(Bytes& out, const DeletePayload& d) {
    if (d.spis.size() > 0xffff)
        return fail(plural(d.spis.size(), "SPI") + " do not fit the 16-bit count", "Delete/Number of SPIs");
    for (const Bytes& spi : d.spis)
        if (spi.size() != d.spiSize)
            return fail("an SPI of " + plural(spi.size(), "byte") + " in a Delete whose SPI Size is " +
                            std::to_string(d.spiSize),
                        "Delete/SPI Size");
    appendU32(out, d.doi);
    appendU8(out, static_cast<std::uint8_t>(d.protocolId));
    appendU8(out, d.spiSize);
    appendU16(out, static_cast<std::uint16_t>(d.spis.size()));
    for (const Bytes& spi : d.spis) append(out, spi);
    return {};
}

} // namespace

Result<Bytes> encodePayloadBody(const PayloadBody& body) {
    Bytes out;
    struct Visitor {
        Bytes& out;
        Result<void> operator()(const SaPayload& p) const { return appendSa(out, p); }
        Result<void> operator()(const NotificationPayload& p) const { return appendNotification(out, p); }
        Result<void> operator()(const DeletePayload& p) const { return appendDelete(out, p); }
        Result<void> operator()(const KePayload& p) const { return bytes(p.keyExchangeData); }
        Result<void> operator()(const HashPayload& p) const { return bytes(p.hash); }
        Result<void> operator()(const NoncePayload& p) const { return bytes(p.nonce); }
        Result<void> operator()(const VendorIdPayload& p) const { return bytes(p.vendorId); }
        Result<void> operator()(const NatDPayload& p) const { return bytes(p.hash); }
        Result<void> operator()(const SignaturePayload& p) const { return bytes(p.signature); }
        Result<void> operator()(const RawPayload& p) const { return bytes(p.body); }
        Result<void> operator()(const IdPayload& p) const {
            appendU8(out, static_cast<std::uint8_t>(p.idType));
            appendU8(out, p.protocolId);
            appendU16(out, p.port);
            return bytes(p.data);
        }
        Result<void> operator()(const NatOaPayload& p) const {
            appendU8(out, static_cast<std::uint8_t>(p.idType));
            append(out, p.reserved);
            return bytes(p.address);
        }
        Result<void> operator()(const CertPayload& p) const {
            appendU8(out, p.encoding);
            return bytes(p.data);
        }
        Result<void> operator()(const CertRequestPayload& p) const {
            appendU8(out, p.certificateType);
            return bytes(p.authority);
        }
        Result<void> bytes(ByteView value) const {
            append(out, value);
            return {};
        }
    };
    if (auto appended = std::visit(Visitor{out}, body); !appended) return tl::unexpected(appended.error());
    return out;
}

} // namespace ipseclab::wire
