#include "ipsec/Ipv4View.h"

#include <string>

#include "wire/Checksum.h"

namespace ipseclab::ipsec {

Result<Ipv4View> viewIpv4(ByteView bytes, bool verifyChecksum) {
    if (bytes.size() < wire::kIpv4MinHeaderLength)
        return fail(std::to_string(bytes.size()) + " bytes cannot hold a 20-byte IPv4 header", "IPv4", 0);
    if ((bytes[0] >> 4) != 4) return fail("IP version " + std::to_string(bytes[0] >> 4) + ", not 4", "IPv4/Version", 0);
    Ipv4View v;
    v.headerLength = std::size_t{bytes[0] & 0x0fU} * 4;
    if (v.headerLength < wire::kIpv4MinHeaderLength || v.headerLength > bytes.size())
        return fail("header length " + std::to_string(v.headerLength) + " does not fit 20 .. " +
                        std::to_string(bytes.size()) + " bytes",
                    "IPv4/Header Length", 0);
    const std::size_t total = readU16(bytes, 2);
    if (total < v.headerLength || total > bytes.size())
        return fail("total length " + std::to_string(total) + " does not fit between the " +
                        std::to_string(v.headerLength) + "-byte header and the " + std::to_string(bytes.size()) +
                        " bytes there",
                    "IPv4/Total Length", 2);
    v.packet = bytes.first(total);
    v.typeOfService = bytes[1];
    v.flagsAndFragmentOffset = readU16(bytes, 6);
    v.protocol = static_cast<wire::IpProtocol>(bytes[9]);
    v.source = wire::Ipv4Address::fromU32(readU32(bytes, 12));
    v.destination = wire::Ipv4Address::fromU32(readU32(bytes, 16));
    if (verifyChecksum) v.checksumGood = wire::internetChecksum(bytes.first(v.headerLength)) == 0;
    return v;
}

void patchIpv4Header(std::uint8_t* header, std::size_t headerLength, wire::IpProtocol protocol,
                     std::size_t totalLength) {
    header[2] = static_cast<std::uint8_t>(totalLength >> 8);
    header[3] = static_cast<std::uint8_t>(totalLength);
    header[9] = static_cast<std::uint8_t>(protocol);
    header[10] = 0;
    header[11] = 0;
    const std::uint16_t checksum = wire::internetChecksum(ByteView(header, headerLength));
    header[10] = static_cast<std::uint8_t>(checksum >> 8);
    header[11] = static_cast<std::uint8_t>(checksum);
}

} // namespace ipseclab::ipsec
