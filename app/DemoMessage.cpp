#include "DemoMessage.h"

#include <algorithm>
#include <cstdio>

#include "capture/Ipv4Frame.h"
#include "capture/PcapngReader.h"
#include "wire/IsakmpCodec.h"
#include "wire/NatTMarker.h"

namespace ipseclab::app {

namespace {

bool isMainModeMessage1(const wire::IsakmpHeader& header) {
    const bool noResponderCookie =
        std::all_of(header.responderCookie.begin(), header.responderCookie.end(), [](auto b) { return b == 0; });
    return header.exchangeType == wire::ExchangeType::IdentityProtection && header.messageId == 0 &&
           noResponderCookie && !header.encrypted();
}

} // namespace

std::string defaultDemoCapture() { return IPSECLAB_DEMO_CAPTURE; }

Result<DemoMessage> loadMainModeMessage1(const std::string& capturePath) {
    const auto capture = capture::PcapngReader::readFile(capturePath);
    if (!capture) return fail(capturePath + ": " + capture.error().toString());

    for (std::size_t i = 0; i < capture->packets.size(); ++i) {
        const capture::PcapngPacket& packet = capture->packets[i];
        const auto frame = capture::extractIpv4Frame(packet.data, capture->interfaceOf(packet)->linkType);
        if (!frame || !frame->udp) continue;
        ByteView isakmp = frame->udp->payload;
        if (frame->udp->header.destinationPort == wire::kNatTPort) {
            const auto natT = wire::demultiplexNatT(isakmp);
            if (!natT || natT->kind != wire::NatTKind::Ike) continue;
            isakmp = natT->body;
        } else if (frame->udp->header.destinationPort != wire::kIkePort) {
            continue;
        }
        DemoMessage demo;
        const auto message = wire::decodeMessage(isakmp, wire::Annotator(&demo.annotations));
        if (!message || !isMainModeMessage1(message->header)) continue;

        demo.bytes.assign(isakmp.begin(), isakmp.end());
        demo.description = "Main Mode message 1: frame " + std::to_string(i + 1) + ", " +
                           frame->ip.header.source.toString() + ":" + std::to_string(frame->udp->header.sourcePort) +
                           " -> " + frame->ip.header.destination.toString() + ":" +
                           std::to_string(frame->udp->header.destinationPort) + ", " +
                           std::to_string(demo.bytes.size()) + " bytes";
        return demo;
    }
    return fail(capturePath + ": no Main Mode message 1 (Identity Protection, message ID 0, responder cookie 0) in " +
                std::to_string(capture->packets.size()) + " frames");
}

std::string formatAnnotated(const DemoMessage& message) {
    std::string out = message.description + "\n\n";
    char prefix[32];
    for (const wire::Annotation& a : message.annotations) {
        const auto depth = std::count(a.path.begin(), a.path.end(), '/');
        const std::string name = a.path.substr(a.path.rfind('/') == std::string::npos ? 0 : a.path.rfind('/') + 1);
        std::snprintf(prefix, sizeof prefix, "%5zu %4zu  ", a.offset, a.length);
        out += prefix + std::string(2 * depth, ' ') + name;
        if (!a.value.empty()) out += ": " + a.value;
        if (!a.meaning.empty()) out += "  -- " + a.meaning;
        out += '\n';
    }
    return out;
}

} // namespace ipseclab::app
