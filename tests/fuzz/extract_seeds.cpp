// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Writes a fuzzing corpus from the known-answer captures: every ISAKMP message (marker stripped)
// into <out>/isakmp/, every ESP packet (plain or UDP-encapsulated) into <out>/esp/.
//   extract_seeds <vectors dir> <out dir>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "capture/Ipv4Frame.h"
#include "capture/PcapngReader.h"
#include "wire/NatTMarker.h"
#include "wire/UdpHeader.h"

namespace fs = std::filesystem;
using namespace ipseclab;

namespace {

void writeSeed(const fs::path& dir, const std::string& name, ByteView bytes) {
    fs::create_directories(dir);
    std::ofstream(dir / name, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s <vectors dir> <out dir>\n", argv[0]);
        return 2;
    }
    const fs::path out(argv[2]);
    int written = 0;
    for (const auto& entry : fs::directory_iterator(argv[1])) {
        const fs::path capturePath = entry.path() / "capture.pcapng";
        if (!fs::exists(capturePath)) continue;
        const auto capture = capture::PcapngReader::readFile(capturePath.string());
        if (!capture) {
            std::fprintf(stderr, "%s: %s\n", capturePath.c_str(), capture.error().toString().c_str());
            return 1;
        }
        int frame = 0;
        for (const capture::PcapngPacket& packet : capture->packets) {
            ++frame;
            const auto ipv4 = capture::extractIpv4Frame(packet.data, capture->interfaceOf(packet)->linkType);
            if (!ipv4) continue;
            const std::string name = entry.path().filename().string() + "-" + std::to_string(frame);
            if (ipv4->ip.header.protocol == wire::IpProtocol::Esp) {
                writeSeed(out / "esp", name, ipv4->ip.payload);
            } else if (ipv4->udp && ipv4->udp->header.destinationPort == wire::kIkePort) {
                writeSeed(out / "isakmp", name, ipv4->udp->payload);
            } else if (ipv4->udp && ipv4->udp->header.destinationPort == wire::kNatTPort) {
                const auto natT = wire::demultiplexNatT(ipv4->udp->payload);
                if (!natT) continue;
                writeSeed(out / (natT->kind == wire::NatTKind::Ike ? "isakmp" : "esp"), name, natT->body);
            } else {
                continue;
            }
            ++written;
        }
    }
    std::printf("extract_seeds: %d seeds written to %s\n", written, out.c_str());
    return written > 0 ? 0 : 1;
}
