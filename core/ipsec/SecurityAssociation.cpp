// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ipsec/SecurityAssociation.h"

#include <limits>
#include <utility>

namespace ipseclab::ipsec {

std::string_view modeName(Mode mode) { return mode == Mode::Tunnel ? "tunnel" : "transport"; }

namespace {

constexpr std::uint64_t kMaxSequence32 = 0xffffffffULL;

} // namespace

SecurityAssociation::SecurityAssociation(SaConfig config)
    : m_config(std::move(config)), m_lifetime(m_config.lifetime, m_config.created) {}
SecurityAssociation::~SecurityAssociation() = default;

Result<std::unique_ptr<SecurityAssociation>> SecurityAssociation::create(SaConfig config) {
    if (config.spi < 256)
        return fail("SPI " + std::to_string(config.spi) +
                        " is reserved (0 never appears on the wire, 1..255 are kept by IANA)",
                    "SPI");
    if (auto valid = validateSuite(config.protocol, config.suite); !valid) return tl::unexpected(valid.error());
    if (config.protocol == IpsecProtocol::Ah && config.udpEncapsulation)
        return fail("AH cannot be UDP-encapsulated: its ICV covers the outer addresses a NAT rewrites, and RFC 3948 "
                    "§2.1 defines UDP encapsulation for ESP only (§1 leaves AH out)",
                    "UDP Encapsulation");
    if (config.extendedSequenceNumbers && config.replayWindow == 0)
        return fail("ESN needs the anti-replay window: the receiver infers the high 32 bits from it",
                    "Extended Sequence Numbers");
    const std::uint64_t maxSequence = config.extendedSequenceNumbers ? std::numeric_limits<std::uint64_t>::max()
                                                                     : kMaxSequence32;
    if (config.labStartSequence && (*config.labStartSequence == 0 || *config.labStartSequence > maxSequence))
        return fail("the lab start sequence number must be 1 .. " + std::to_string(maxSequence) + ", got " +
                        std::to_string(*config.labStartSequence),
                    "Start Sequence Number");
    if (config.name.empty()) config.name = "spi" + hex32(config.spi).substr(2); // "spi1234abcd"

    std::unique_ptr<SecurityAssociation> sa(new SecurityAssociation(std::move(config)));
    SaConfig& c = sa->m_config;
    if (c.protocol == IpsecProtocol::Esp) {
        auto esp = EspTransform::create(c.suite, c.keys.encryption.view(), c.keys.integrity.view());
        if (!esp) return tl::unexpected(esp.error());
        sa->m_esp.emplace(std::move(*esp));
    } else {
        if (!c.keys.encryption.empty())
            return fail("AH takes no encryption key, got " + std::to_string(c.keys.encryption.size()) + " bytes",
                        "Encryption Key");
        auto ah = AhTransform::create(c.suite, c.keys.integrity.view());
        if (!ah) return tl::unexpected(ah.error());
        sa->m_ah.emplace(std::move(*ah));
    }
    if (c.replayWindow != 0) {
        const std::uint64_t start = c.labStartSequence.value_or(1);
        auto window = ReplayWindow::create(c.replayWindow, c.extendedSequenceNumbers, start - 1);
        if (!window) return tl::unexpected(window.error());
        sa->m_window.emplace(std::move(*window));
    }
    sa->m_nextSequence = c.labStartSequence.value_or(1);
    // Once: the name, protocol, SPI, layout and ESN never change.
    std::optional<wire::EspLayout> layout;
    if (sa->m_esp) layout = wire::EspLayout{sa->m_esp->ivLength(), sa->m_esp->icvLength()};
    sa->m_event.stamp(c.name, c.protocol, c.spi, layout, c.extendedSequenceNumbers);
    return sa;
}

std::uint64_t SecurityAssociation::maxSequenceNumber() const {
    return m_config.extendedSequenceNumbers ? std::numeric_limits<std::uint64_t>::max() : kMaxSequence32;
}

// ---------------------------------------------------------------------------------------------
// Lifetimes

void SecurityAssociation::softLimit(SaLifetime::Reached reached, Timestamp now) {
    if (m_softReached || m_state != SaState::Active) return;
    m_softReached = true;
    sendEvent(EventKind::SoftLimit, now, [&](Event& e) {
        e.sequenceNumber = m_nextSequence;
        e.limit = reached.limit;
        e.reason = std::move(reached.reason);
    });
}

void SecurityAssociation::expire(SaLifetime::Reached reached, Timestamp now) {
    if (m_state != SaState::Active) return;
    m_state = SaState::Expired;
    m_expiredBy = reached.limit;
    sendEvent(EventKind::HardLimit, now, [&](Event& e) {
        e.sequenceNumber = m_nextSequence;
        e.limit = reached.limit;
        e.reason = std::move(reached.reason);
    });
}

void SecurityAssociation::checkTimeLimits(Timestamp now) {
    if (m_state != SaState::Active) return;
    if (auto soft = m_lifetime.softTime(now)) softLimit(std::move(*soft), now);
    if (auto hard = m_lifetime.hardTime(now)) expire(std::move(*hard), now);
}

void SecurityAssociation::checkTrafficLimits(Timestamp now) {
    const std::uint64_t packets = m_counters.packetsSent + m_counters.packetsReceived;
    const std::uint64_t bytes = m_counters.bytesSent + m_counters.bytesReceived;
    if (auto soft = m_lifetime.softTraffic(packets, bytes)) softLimit(std::move(*soft), now);
    if (auto hard = m_lifetime.hardTraffic(packets, bytes)) expire(std::move(*hard), now);
}

void SecurityAssociation::poll(Timestamp now) { checkTime(now); }

std::optional<Timestamp> SecurityAssociation::nextTimeout() const {
    if (m_state != SaState::Active) return std::nullopt;
    return m_lifetime.nextTimeout(m_softReached);
}

void SecurityAssociation::zeroize() {
    m_config.keys.encryption.wipe();
    m_config.keys.integrity.wipe();
    m_esp.reset(); // the keyed OpenSSL contexts are cleansed as they are freed
    m_ah.reset();
    m_state = SaState::Deleted;
}

} // namespace ipseclab::ipsec
