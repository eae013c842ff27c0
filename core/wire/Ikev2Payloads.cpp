// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The IKEv2 payload bodies other than SA (RFC 7296 §3.4–3.16): decoding with annotations, encoding.

#include "wire/Ikev2Payloads.h"

#include <algorithm>

#include "wire/FieldSpec.h"
#include "wire/Ikev2Detail.h"
#include "wire/Ikev2Fields.h"
#include "wire/Ikev2Header.h"
#include "wire/IsakmpConstants.h"
#include "wire/IsakmpFields.h"
#include "wire/IsakmpFormat.h"

namespace ipseclab::wire::ikev2 {

bool bodyFitsType(const PayloadBody& body, PayloadType type) {
    switch (type) {
    case PayloadType::Sa: return std::holds_alternative<SaPayload>(body);
    case PayloadType::Ke: return std::holds_alternative<KePayload>(body);
    case PayloadType::IdI:
    case PayloadType::IdR: return std::holds_alternative<IdPayload>(body);
    case PayloadType::Auth: return std::holds_alternative<AuthPayload>(body);
    case PayloadType::Nonce: return std::holds_alternative<NoncePayload>(body);
    case PayloadType::Notify: return std::holds_alternative<NotifyPayload>(body);
    case PayloadType::Delete: return std::holds_alternative<DeletePayload>(body);
    case PayloadType::VendorId: return std::holds_alternative<VendorIdPayload>(body);
    case PayloadType::TsI:
    case PayloadType::TsR: return std::holds_alternative<TsPayload>(body);
    case PayloadType::Encrypted: return std::holds_alternative<EncryptedPayload>(body);
    case PayloadType::Config: return std::holds_alternative<ConfigPayload>(body);
    case PayloadType::None: return false;
    default: return std::holds_alternative<RawPayload>(body) && static_cast<unsigned>(type) > 32;
    }
}

namespace detail {

namespace {

namespace v1 = isakmp_fields;
namespace v2 = ikev2_fields;
using isakmp_detail::hexValue;
using isakmp_detail::ipv4Text;
using isakmp_detail::ipv6Text;
using isakmp_detail::plural;
using isakmp_detail::printableText;

constexpr std::size_t kBody = kGenericHeaderSize;

Reserved3 reserved3(ByteView p, std::size_t offset) { return {p[offset], p[offset + 1], p[offset + 2]}; }

bool zero(const Reserved3& r) { return r == Reserved3{}; }

// The fixed part every body of this type needs before its variable data.
std::optional<Error> needFixed(ByteView p, std::size_t fixed, const Annotator& at, std::string_view what) {
    if (p.size() >= kBody + fixed) return std::nullopt;
    return failAt(at, std::string(what), p.size(),
                  "the payload ends after " + plural(p.size(), "byte") + " but its fixed fields need " +
                      std::to_string(kBody + fixed))
        .value();
}

void addIfAny(const Annotator& at, const Field& field, std::size_t offset, std::size_t length, std::string value,
              std::string meaning = {}) {
    if (length > 0) at.add(field, offset, length, std::move(value), std::move(meaning));
}

std::string addressText(ByteView a) { return a.size() == 4 ? ipv4Text(a) : a.size() == 16 ? ipv6Text(a) : hexValue(a); }

Result<PayloadBody> decodeKe(ByteView p, const Annotator& at) {
    if (auto cut = needFixed(p, 4, at, "Diffie-Hellman Group Num")) return tl::unexpected(*cut);
    KePayload ke;
    ke.group = readU16(p, 4);
    ke.reserved = readU16(p, 6);
    ke.data = copyOf(p, 8, p.size() - 8);
    if (at.enabled()) {
        at.add(v2::kDhGroup, 4, 2, nameAndNumber(transformIdName(TransformType::DiffieHellman, ke.group), ke.group));
        at.add(v1::kReserved, 6, 2, formatHex(ke.reserved, 4), reservedMeaning(ke.reserved == 0));
        addIfAny(at, v1::kKeyExchangeData, 8, ke.data.size(), hexValue(ke.data),
                 "g^i or g^r, the group's full length (MODP: leading zeros kept; ECP: x | y)");
    }
    return ke;
}

std::optional<std::size_t> idAddressSize(IdType type) {
    if (type == IdType::Ipv4Addr) return 4;
    if (type == IdType::Ipv6Addr) return 16;
    return std::nullopt;
}

Result<PayloadBody> decodeId(ByteView p, const Annotator& at) {
    if (auto cut = needFixed(p, 4, at, "ID Type")) return tl::unexpected(*cut);
    IdPayload id;
    id.type = static_cast<IdType>(p[4]);
    id.reserved = reserved3(p, 5);
    id.data = copyOf(p, 8, p.size() - 8);
    const std::string typeName = nameAndNumber(idTypeName(id.type), p[4]);
    if (at.enabled()) {
        at.add(v1::kIdType, 4, 1, typeName, "what kind of identity follows");
        at.add(v1::kReserved, 5, 3, "0x" + toHex(id.reserved), reservedMeaning(zero(id.reserved)));
    }
    if (const auto size = idAddressSize(id.type); size && id.data.size() != *size)
        return failAt(at, "Identification Data", 8,
                      typeName + " needs exactly " + plural(*size, "byte") + " of identification data but has " +
                          std::to_string(id.data.size()));
    if (!at.enabled() || id.data.empty()) return id;
    switch (id.type) {
    case IdType::Ipv4Addr: at.add(v1::kIdIpv4Address, 8, 4, ipv4Text(id.data), "the peer's IPv4 address"); break;
    case IdType::Ipv6Addr: at.add(v1::kIdIpv6Address, 8, 16, ipv6Text(id.data), "the peer's IPv6 address"); break;
    case IdType::Fqdn: at.add(v1::kIdFqdn, 8, id.data.size(), printableText(id.data)); break;
    case IdType::Rfc822Addr: at.add(v1::kIdUserFqdn, 8, id.data.size(), printableText(id.data)); break;
    case IdType::KeyId: at.add(v1::kIdKeyId, 8, id.data.size(), hexValue(id.data)); break;
    default: at.add(v1::kIdData, 8, id.data.size(), hexValue(id.data)); break;
    }
    return id;
}

Result<PayloadBody> decodeAuth(ByteView p, const Annotator& at) {
    if (auto cut = needFixed(p, 4, at, "Auth Method")) return tl::unexpected(*cut);
    AuthPayload auth;
    auth.method = static_cast<AuthMethod>(p[4]);
    auth.reserved = reserved3(p, 5);
    auth.data = copyOf(p, 8, p.size() - 8);
    if (at.enabled()) {
        at.add(v2::kAuthMethod, 4, 1, nameAndNumber(authMethodName(auth.method), p[4]));
        at.add(v1::kReserved, 5, 3, "0x" + toHex(auth.reserved), reservedMeaning(zero(auth.reserved)));
        addIfAny(at, v2::kAuthData, 8, auth.data.size(), hexValue(auth.data));
    }
    return auth;
}

void annotateNotifyData(const Annotator& at, const NotifyPayload& n, std::size_t offset) {
    const ByteView data = n.data;
    if (n.type == NotifyType::InvalidKePayload && data.size() == 2) {
        const std::uint16_t group = readU16(data, 0);
        at.add(v2::kAcceptedDhGroup, offset, 2,
               nameAndNumber(transformIdName(TransformType::DiffieHellman, group), group));
        return;
    }
    if (n.type == NotifyType::SignatureHashAlgorithms && !data.empty() && data.size() % 2 == 0) {
        // Wireshark shows the whole data and, inside it, each algorithm.
        at.add(v1::kNotifyData, offset, data.size(), plural(data.size() / 2, "algorithm"));
        const Annotator in = at.child(std::string(v1::kNotifyData.name), offset);
        for (std::size_t i = 0; i < data.size(); i += 2)
            in.add(v2::kSignatureHash, "Signature Hash Algorithm#" + std::to_string(i / 2 + 1), i, 2,
                   std::to_string(readU16(data, i)));
        return;
    }
    std::string value = hexValue(data);
    if ((n.type == NotifyType::AdditionalIp4Address && data.size() == 4) ||
        (n.type == NotifyType::AdditionalIp6Address && data.size() == 16))
        value = addressText(data);
    addIfAny(at, v1::kNotifyData, offset, data.size(), value);
}

Result<PayloadBody> decodeNotify(ByteView p, const Annotator& at) {
    if (auto cut = needFixed(p, 4, at, "Notify Message Type")) return tl::unexpected(*cut);
    NotifyPayload n;
    n.protocol = static_cast<ProtocolId>(p[4]);
    const std::size_t spiSize = p[5];
    n.type = static_cast<NotifyType>(readU16(p, 6));
    if (at.enabled()) {
        at.add(v1::kNotifyProtocol, 4, 1, nameAndNumber(protocolIdName(n.protocol), p[4]),
               "the kind of SA the SPI names; 0 when there is no SPI");
        at.add(v1::kSpiSize, 5, 1, std::to_string(spiSize), "4 for an ESP/AH SPI (REKEY_SA), 0 for none");
        at.add(v1::kNotifyType, 6, 2, nameAndNumber(notifyTypeName(n.type), readU16(p, 6)),
               std::string(notifyMeaning(n.type)));
    }
    if (spiSize > p.size() - 8)
        return failAt(at, "SPI Size", 5,
                      "SPI Size " + std::to_string(spiSize) + " runs past the end of the payload (" +
                          plural(p.size() - 8, "byte") + " left)");
    n.spi = copyOf(p, 8, spiSize);
    n.data = copyOf(p, 8 + spiSize, p.size() - 8 - spiSize);
    if (at.enabled()) {
        addIfAny(at, v1::kSpi, 8, spiSize, "0x" + toHex(n.spi), "the SA this notification is about");
        annotateNotifyData(at, n, 8 + spiSize);
    }
    return n;
}

Result<PayloadBody> decodeDelete(ByteView p, const Annotator& at) {
    if (auto cut = needFixed(p, 4, at, "Number of SPIs")) return tl::unexpected(*cut);
    DeletePayload d;
    d.protocol = static_cast<ProtocolId>(p[4]);
    d.spiSize = p[5];
    const std::size_t count = readU16(p, 6);
    if (at.enabled()) {
        at.add(v1::kDeleteProtocol, 4, 1, nameAndNumber(protocolIdName(d.protocol), p[4]),
               "IKE: this IKE SA (no SPI); ESP/AH: the child SAs whose SPIs follow");
        at.add(v1::kSpiSize, 5, 1, std::to_string(d.spiSize), "0 for the IKE SA, 4 for ESP/AH");
        at.add(v1::kSpiCount, 6, 2, std::to_string(count));
    }
    // Without a size the count is unbounded by the payload: 65,535 empty SPIs from 8 bytes.
    if (d.spiSize == 0 && count != 0)
        return failAt(at, "Number of SPIs", 6,
                      std::to_string(count) + " SPIs of 0 bytes: a Delete of the IKE SA carries none (RFC 7296 §3.11)");
    if (count * d.spiSize != p.size() - 8)
        return failAt(at, "Number of SPIs", 6,
                      std::to_string(count) + " SPIs of " + plural(d.spiSize, "byte") + " need " +
                          plural(count * d.spiSize, "byte") + " but the payload has " + std::to_string(p.size() - 8));
    for (std::size_t i = 0; i < count; ++i) {
        d.spis.push_back(copyOf(p, 8 + i * d.spiSize, d.spiSize));
        addIfAny(at, v1::kDeleteSpi, 8 + i * d.spiSize, d.spiSize, "0x" + toHex(d.spis.back()),
                 "the sender's inbound SPI of a child SA it deleted");
    }
    return d;
}

Result<TrafficSelector> decodeSelector(ByteView p, std::size_t pos, const std::string& name, const Annotator& at) {
    if (p.size() - pos < 8)
        return failAt(at, name, pos,
                      plural(p.size() - pos, "byte") + " left for an 8-byte selector header (truncated)");
    TrafficSelector ts;
    ts.type = static_cast<TsType>(p[pos]);
    ts.ipProtocol = p[pos + 1];
    const std::size_t length = readU16(p, pos + 2);
    const std::size_t addressSize = ts.type == TsType::Ipv4AddrRange ? 4 : ts.type == TsType::Ipv6AddrRange ? 16 : 0;
    if (addressSize == 0)
        return failAt(at, name + "/TS Type", pos,
                      "TS type " + std::to_string(p[pos]) +
                          " is neither TS_IPV4_ADDR_RANGE (7) nor "
                          "TS_IPV6_ADDR_RANGE (8)");
    if (length != 8 + 2 * addressSize)
        return failAt(at, name + "/Selector Length", pos + 2,
                      "Selector Length " + std::to_string(length) + " is not the " +
                          std::to_string(8 + 2 * addressSize) + " bytes of a " + std::string(*tsTypeName(ts.type)));
    if (length > p.size() - pos)
        return failAt(at, name + "/Selector Length", pos + 2,
                      "Selector Length " + std::to_string(length) + " runs past the end of the payload (" +
                          plural(p.size() - pos, "byte") + " left)");
    ts.startPort = readU16(p, pos + 4);
    ts.endPort = readU16(p, pos + 6);
    ts.startAddress = copyOf(p, pos + 8, addressSize);
    ts.endAddress = copyOf(p, pos + 8 + addressSize, addressSize);
    if (at.enabled()) {
        const bool v4 = addressSize == 4;
        at.add(v2::kTsData, name, pos, length,
               addressText(ts.startAddress) + "-" + addressText(ts.endAddress) + ", protocol " +
                   std::to_string(ts.ipProtocol) + ", ports " + std::to_string(ts.startPort) + "-" +
                   std::to_string(ts.endPort));
        const Annotator in = at.child(name, pos);
        in.add(v2::kTsType, 0, 1, nameAndNumber(tsTypeName(ts.type), p[pos]));
        in.add(v2::kTsProtocol, 1, 1, ts.ipProtocol == 0 ? std::string("any (0)") : std::to_string(ts.ipProtocol));
        in.add(v2::kTsLength, 2, 2, plural(length, "byte"));
        in.add(v2::kTsStartPort, 4, 2, std::to_string(ts.startPort));
        in.add(v2::kTsEndPort, 6, 2, std::to_string(ts.endPort));
        in.add(v4 ? v2::kTsStartIpv4 : v2::kTsStartIpv6, 8, addressSize, addressText(ts.startAddress));
        in.add(v4 ? v2::kTsEndIpv4 : v2::kTsEndIpv6, 8 + addressSize, addressSize, addressText(ts.endAddress));
    }
    return ts;
}

Result<PayloadBody> decodeTs(ByteView p, const Annotator& at) {
    if (auto cut = needFixed(p, 4, at, "Number of TSs")) return tl::unexpected(*cut);
    TsPayload ts;
    const std::size_t count = p[4];
    ts.reserved = reserved3(p, 5);
    if (at.enabled()) {
        at.add(v2::kTsNumber, 4, 1, std::to_string(count));
        at.add(v1::kReserved, 5, 3, "0x" + toHex(ts.reserved), reservedMeaning(zero(ts.reserved)));
    }
    std::size_t pos = 8;
    for (std::size_t i = 0; i < count; ++i) {
        auto selector = decodeSelector(p, pos, "Traffic Selector#" + std::to_string(i + 1), at);
        if (!selector) return tl::unexpected(selector.error());
        pos += 8 + 2 * selector->startAddress.size();
        ts.selectors.push_back(std::move(*selector));
    }
    if (pos != p.size())
        return failAt(at, "Number of TSs", 4,
                      plural(p.size() - pos, "byte") + " follow the " + plural(count, "traffic selector") +
                          " Number of TSs announces");
    return ts;
}

Result<PayloadBody> decodeConfig(ByteView p, const Annotator& at) {
    if (auto cut = needFixed(p, 4, at, "CFG Type")) return tl::unexpected(*cut);
    ConfigPayload cp;
    cp.cfgType = p[4];
    cp.reserved = reserved3(p, 5);
    if (at.enabled()) {
        at.add(v2::kCfgType, 4, 1, nameAndNumber(configTypeName(cp.cfgType), cp.cfgType));
        at.add(v1::kReserved, 5, 3, "0x" + toHex(cp.reserved), reservedMeaning(zero(cp.reserved)));
    }
    for (std::size_t pos = 8; pos < p.size();) {
        const std::string name = "Attribute#" + std::to_string(cp.attributes.size() + 1);
        if (p.size() - pos < 4)
            return failAt(at, name, pos, plural(p.size() - pos, "byte") + " left for a 4-byte attribute (truncated)");
        ConfigAttribute a;
        a.reservedBit = (p[pos] & 0x80) != 0;
        a.type = readU16(p, pos) & 0x7fff;
        const std::size_t length = readU16(p, pos + 2);
        if (length > p.size() - pos - 4)
            return failAt(at, name + "/Length", pos + 2,
                          "Length " + std::to_string(length) + " runs past the end of the payload (" +
                              plural(p.size() - pos - 4, "byte") + " left)");
        a.value = copyOf(p, pos + 4, length);
        if (at.enabled()) {
            const std::string typeName = nameAndNumber(configAttributeName(a.type), a.type);
            at.add(v2::kCfgAttribute, name, pos, 4 + length, typeName);
            const Annotator in = at.child(name, pos);
            in.add(v2::kCfgAttributeType, 0, 2, typeName + (a.reservedBit ? ", reserved bit set" : ""));
            in.add(v2::kCfgAttributeLength, 2, 2, plural(length, "byte"));
            addIfAny(in, v2::kCfgAttributeValue, 4, length, hexValue(a.value));
        }
        cp.attributes.push_back(std::move(a));
        pos += 4 + length;
    }
    return cp;
}

Result<PayloadBody> decodeOpaque(PayloadType type, ByteView p, const Annotator& at) {
    Bytes body = copyOf(p, kBody, p.size() - kBody);
    if (at.enabled()) {
        const Field& field = type == PayloadType::Nonce       ? v1::kNonceData
                             : type == PayloadType::VendorId  ? v1::kVendorId
                             : type == PayloadType::Encrypted ? v1::kEncrypted
                                                              : v1::kPayloadData;
        std::string meaning;
        if (type == PayloadType::Encrypted)
            meaning =
                "IV | the inner payloads, padding and Pad Length, encrypted | ICV; keys: SK_ei/SK_er, SK_ai/SK_ar";
        if (type == PayloadType::Nonce) meaning = "Ni or Nr: fresh random bytes (16 to 256; strongSwan sends 32)";
        std::string value = hexValue(body);
        if (type == PayloadType::VendorId && !body.empty()) {
            if (const auto info = recognizeVendorId(body)) value = info->name;
        }
        addIfAny(at, field, kBody, body.size(), value, meaning);
    }
    switch (type) {
    case PayloadType::Nonce: return NoncePayload{std::move(body)};
    case PayloadType::VendorId: return VendorIdPayload{std::move(body)};
    case PayloadType::Encrypted: return EncryptedPayload{static_cast<PayloadType>(p[0]), std::move(body)};
    default: return RawPayload{std::move(body)};
    }
}

} // namespace

Bytes copyOf(ByteView bytes, std::size_t offset, std::size_t length) {
    const ByteView part = bytes.subspan(offset, length);
    return Bytes(part.begin(), part.end());
}

std::string reservedMeaning(bool isZero) {
    return isZero ? "must be zero" : "should be zero but is not; ignored, as RFC 7296 §2.5 says";
}

Result<PayloadBody> decodeBody(PayloadType type, ByteView payload, const Annotator& at) {
    switch (type) {
    case PayloadType::Sa: return decodeSa(payload, at);
    case PayloadType::Ke: return decodeKe(payload, at);
    case PayloadType::IdI:
    case PayloadType::IdR: return decodeId(payload, at);
    case PayloadType::Auth: return decodeAuth(payload, at);
    case PayloadType::Notify: return decodeNotify(payload, at);
    case PayloadType::Delete: return decodeDelete(payload, at);
    case PayloadType::TsI:
    case PayloadType::TsR: return decodeTs(payload, at);
    case PayloadType::Config: return decodeConfig(payload, at);
    default: return decodeOpaque(type, payload, at);
    }
}

namespace {

struct BodyEncoder {
    Bytes& out;
    Result<void> operator()(const SaPayload& sa) const { return appendSa(out, sa); }
    Result<void> operator()(const KePayload& ke) const {
        appendU16(out, ke.group);
        appendU16(out, ke.reserved);
        append(out, ke.data);
        return {};
    }
    Result<void> operator()(const IdPayload& id) const {
        return typed(static_cast<std::uint8_t>(id.type), id.reserved, id.data);
    }
    Result<void> operator()(const AuthPayload& a) const {
        return typed(static_cast<std::uint8_t>(a.method), a.reserved, a.data);
    }
    Result<void> operator()(const NoncePayload& n) const { return raw(n.nonce); }
    Result<void> operator()(const NotifyPayload& n) const {
        if (n.spi.size() > 0xff) return fail("a Notify SPI over 255 bytes");
        appendU8(out, static_cast<std::uint8_t>(n.protocol));
        appendU8(out, static_cast<std::uint8_t>(n.spi.size()));
        appendU16(out, static_cast<std::uint16_t>(n.type));
        append(out, n.spi);
        append(out, n.data);
        return {};
    }
    Result<void> operator()(const DeletePayload& d) const {
        if (d.spis.size() > 0xffff) return fail("more than 65535 SPIs in one Delete payload");
        appendU8(out, static_cast<std::uint8_t>(d.protocol));
        appendU8(out, d.spiSize);
        appendU16(out, static_cast<std::uint16_t>(d.spis.size()));
        for (const Bytes& spi : d.spis) {
            if (spi.size() != d.spiSize) return fail("a Delete SPI whose size is not the SPI Size");
            append(out, spi);
        }
        return {};
    }
    Result<void> operator()(const VendorIdPayload& v) const { return raw(v.vendorId); }
    Result<void> operator()(const TsPayload& ts) const {
        if (ts.selectors.size() > 0xff) return fail("more than 255 traffic selectors in one payload");
        appendU8(out, static_cast<std::uint8_t>(ts.selectors.size()));
        append(out, ts.reserved);
        for (const TrafficSelector& s : ts.selectors) {
            const std::size_t size = s.type == TsType::Ipv4AddrRange ? 4 : s.type == TsType::Ipv6AddrRange ? 16 : 0;
            if (size == 0 || s.startAddress.size() != size || s.endAddress.size() != size)
                return fail("a traffic selector's addresses do not fit its TS type");
            appendU8(out, static_cast<std::uint8_t>(s.type));
            appendU8(out, s.ipProtocol);
            appendU16(out, static_cast<std::uint16_t>(8 + 2 * size));
            appendU16(out, s.startPort);
            appendU16(out, s.endPort);
            append(out, s.startAddress);
            append(out, s.endAddress);
        }
        return {};
    }
    Result<void> operator()(const EncryptedPayload& e) const { return raw(e.body); }
    Result<void> operator()(const ConfigPayload& cp) const {
        appendU8(out, cp.cfgType);
        append(out, cp.reserved);
        for (const ConfigAttribute& a : cp.attributes) {
            if (a.type > 0x7fff || a.value.size() > 0xffff) return fail("a configuration attribute does not fit");
            appendU16(out, static_cast<std::uint16_t>(a.type | (a.reservedBit ? 0x8000 : 0)));
            appendU16(out, static_cast<std::uint16_t>(a.value.size()));
            append(out, a.value);
        }
        return {};
    }
    Result<void> operator()(const RawPayload& r) const { return raw(r.body); }

    Result<void> raw(ByteView bytes) const {
        append(out, bytes);
        return {};
    }
    // ID and AUTH: a type byte, 3 reserved bytes, data.
    Result<void> typed(std::uint8_t type, const Reserved3& reserved, ByteView data) const {
        appendU8(out, type);
        append(out, reserved);
        append(out, data);
        return {};
    }
};

struct BodyDescriber {
    std::string operator()(const SaPayload& sa) const { return describeSa(sa); }
    std::string operator()(const KePayload& ke) const {
        return nameAndNumber(transformIdName(TransformType::DiffieHellman, ke.group), ke.group) + ", " +
               plural(ke.data.size(), "byte");
    }
    std::string operator()(const IdPayload& id) const {
        const std::string type = nameAndNumber(idTypeName(id.type), static_cast<unsigned>(id.type));
        if (id.type == IdType::Fqdn || id.type == IdType::Rfc822Addr) return type + ": " + printableText(id.data);
        return type + ": " + addressText(id.data);
    }
    std::string operator()(const AuthPayload& a) const {
        return nameAndNumber(authMethodName(a.method), static_cast<unsigned>(a.method)) + ", " +
               plural(a.data.size(), "byte");
    }
    std::string operator()(const NoncePayload& n) const { return plural(n.nonce.size(), "byte"); }
    std::string operator()(const NotifyPayload& n) const {
        return nameAndNumber(notifyTypeName(n.type), static_cast<unsigned>(n.type));
    }
    std::string operator()(const DeletePayload& d) const {
        return nameAndNumber(protocolIdName(d.protocol), static_cast<unsigned>(d.protocol)) + ", " +
               plural(d.spis.size(), "SPI");
    }
    std::string operator()(const VendorIdPayload& v) const { return hexValue(v.vendorId); }
    std::string operator()(const TsPayload& ts) const { return plural(ts.selectors.size(), "traffic selector"); }
    std::string operator()(const EncryptedPayload& e) const {
        return plural(e.body.size(), "byte") + ", first inside: " + payloadShortName(e.firstInner);
    }
    std::string operator()(const ConfigPayload& cp) const {
        return nameAndNumber(configTypeName(cp.cfgType), cp.cfgType) + ", " + plural(cp.attributes.size(), "attribute");
    }
    std::string operator()(const RawPayload& r) const { return plural(r.body.size(), "byte"); }
};

} // namespace

Result<Bytes> encodeBody(const PayloadBody& body) {
    Bytes out;
    if (auto ok = std::visit(BodyEncoder{out}, body); !ok) return tl::unexpected(ok.error());
    return out;
}

std::string describeBody(const PayloadBody& body) { return std::visit(BodyDescriber{}, body); }

} // namespace detail

} // namespace ipseclab::wire::ikev2
