// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "wire/IcmpEcho.h"

#include "wire/FieldSpec.h"
#include "wire/IcmpFields.h"

namespace ipseclab::wire {

namespace {

namespace f = icmp_fields;
constexpr FieldSpec kType{&f::kType, 0, 1};
constexpr FieldSpec kCode{&f::kCode, 1, 1};
constexpr FieldSpec kChecksum{&f::kChecksum, 2, 2};
constexpr FieldSpec kIdentifier{&f::kIdentifier, 4, 2};
constexpr FieldSpec kSequenceNumber{&f::kSequence, 6, 2};
constexpr FieldSpec kFields[] = {kType, kCode, kChecksum, kIdentifier, kSequenceNumber};

} // namespace

std::string icmpTypeName(IcmpType type) {
    const std::string number = " (" + std::to_string(static_cast<unsigned>(type)) + ")";
    switch (type) {
    case IcmpType::EchoReply: return "Echo (ping) reply" + number;
    case IcmpType::DestinationUnreachable: return "Destination unreachable" + number;
    case IcmpType::EchoRequest: return "Echo (ping) request" + number;
    case IcmpType::TimeExceeded: return "Time exceeded" + number;
    }
    return "type" + number;
}

Result<IcmpEcho> decodeIcmpEcho(ByteView bytes, const Annotator& annotator) {
    const Annotator icmp = annotator.child("ICMP", 0);
    if (auto cut = firstCutField(icmp, kFields, bytes.size(), "the ICMP echo header")) return tl::unexpected(*cut);
    IcmpEcho echo;
    echo.type = static_cast<IcmpType>(bytes[0]);
    if (echo.type != IcmpType::EchoRequest && echo.type != IcmpType::EchoReply)
        return failAt(icmp, kType, icmpTypeName(echo.type) + " is not an echo request (8) or reply (0)");
    echo.code = bytes[1];
    echo.checksum = readU16(bytes, 2);
    echo.identifier = readU16(bytes, 4);
    echo.sequenceNumber = readU16(bytes, 6);
    echo.data.assign(bytes.begin() + kIcmpEchoHeaderLength, bytes.end());
    echo.checksumStatus = internetChecksum(bytes) == 0 ? ChecksumStatus::Good : ChecksumStatus::Bad;

    if (icmp.enabled()) {
        const Bytes recomputed = encodeIcmpEcho(echo);
        annotator.add(f::kMessage, 0, bytes.size(),
                      icmpTypeName(echo.type) + ", id " + std::to_string(echo.identifier) + ", seq " +
                          std::to_string(echo.sequenceNumber),
                      "Internet Control Message Protocol: here a ping, the traffic the tunnel protects");
        annotate(icmp, kType, icmpTypeName(echo.type));
        annotate(icmp, kCode, std::to_string(echo.code));
        annotate(icmp, kChecksum, checksumText(echo.checksum, echo.checksumStatus, readU16(recomputed, 2)));
        annotate(icmp, kIdentifier, formatHex(echo.identifier, 4) + " (" + std::to_string(echo.identifier) + ")");
        annotate(icmp, kSequenceNumber, std::to_string(echo.sequenceNumber));
        if (!echo.data.empty())
            icmp.add(f::kData, kIcmpEchoHeaderLength, echo.data.size(), std::to_string(echo.data.size()) + " bytes");
    }
    return echo;
}

Bytes encodeIcmpEcho(const IcmpEcho& echo) {
    Bytes out;
    out.reserve(kIcmpEchoHeaderLength + echo.data.size());
    appendU8(out, static_cast<std::uint8_t>(echo.type));
    appendU8(out, echo.code);
    appendU16(out, 0);
    appendU16(out, echo.identifier);
    appendU16(out, echo.sequenceNumber);
    append(out, echo.data);
    writeU16(out, 2, internetChecksum(out));
    return out;
}

} // namespace ipseclab::wire
