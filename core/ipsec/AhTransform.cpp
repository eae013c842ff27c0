// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ipsec/AhTransform.h"

#include <array>
#include <string>

#include "crypto/SecretBytes.h"
#include "wire/Ipv4Header.h"

namespace ipseclab::ipsec {

AhTransform::AhTransform(const Suite& suite, ByteView integrityKey)
    : m_suite(suite), m_icvLength(crypto::icvLength(suite.integrity)),
      m_hmac(hmacAlgorithm(suite.integrity), integrityKey) {}

Result<AhTransform> AhTransform::create(const Suite& suite, ByteView integrityKey) {
    if (auto valid = validateSuite(IpsecProtocol::Ah, suite); !valid) return tl::unexpected(valid.error());
    if (integrityKey.size() != integrityKeyLength(suite.integrity))
        return fail(std::string(integrityName(suite.integrity)) + " needs a " +
                        std::to_string(integrityKeyLength(suite.integrity)) + "-byte integrity key, got " +
                        std::to_string(integrityKey.size()),
                    "Integrity Key");
    return AhTransform(suite, integrityKey);
}

Result<void> AhTransform::computeIcv(ByteView packet, std::size_t ahOffset, std::uint64_t sequenceNumber, bool esn,
                                     std::span<std::uint8_t> out) {
    return icv(packet, ahOffset, sequenceNumber, esn, true, out);
}

Result<void> AhTransform::icv(ByteView packet, std::size_t ahOffset, std::uint64_t sequenceNumber, bool esn,
                              bool sending, std::span<std::uint8_t> out) {
    if (ahOffset < wire::kIpv4MinHeaderLength || packet.size() < ahOffset + headerLength())
        return fail("the packet has no room for an IPv4 header and a " + std::to_string(headerLength()) +
                        "-byte AH header",
                    "AH", ahOffset);
    if (out.size() != m_icvLength) return fail("the AH ICV is " + std::to_string(m_icvLength) + " bytes", "AH/ICV");
    auto header = wire::zeroIpv4MutableFields(packet.first(ahOffset), sending);
    if (!header) return tl::unexpected(header.error());
    static constexpr std::array<std::uint8_t, 32> kZeros{};

    m_hmac.begin();
    m_hmac.update(*header);
    m_hmac.update(packet.subspan(ahOffset, wire::kAhFixedLength));
    m_hmac.update(ByteView(kZeros.data(), m_icvLength));
    m_hmac.update(packet.subspan(ahOffset + headerLength()));
    if (esn) {
        // RFC 4302 §2.5.1: the high 32 bits are never sent but covered by the ICV, appended
        // (implicitly) right after the payload (§3.3.3.2.2).
        std::array<std::uint8_t, 4> high;
        writeU32(high, 0, static_cast<std::uint32_t>(sequenceNumber >> 32));
        m_hmac.update(high);
    }
    m_hmac.finish(out);
    return {};
}

bool AhTransform::verify(ByteView packet, std::size_t ahOffset, std::uint64_t sequenceNumber, bool esn) {
    std::array<std::uint8_t, 32> computed{};
    const std::span<std::uint8_t> ours(computed.data(), m_icvLength);
    if (!icv(packet, ahOffset, sequenceNumber, esn, false, ours)) return false;
    return crypto::constantTimeEqual(ours, packet.subspan(ahOffset + wire::kAhFixedLength, m_icvLength));
}

} // namespace ipseclab::ipsec
