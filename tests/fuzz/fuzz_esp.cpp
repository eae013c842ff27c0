// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// libFuzzer target for ESP and AH decapsulation (core/ipsec) against live SAs created once with
// fixed keys. The input is taken as:
//  - an ESP packet (SPI .. ICV; the seeds are the vector captures' ESP packets, whose keys are
//    below, so mutations start from authentic packets), sent as IP protocol 50 and in UDP 4500 to
//    a SAD with the replay window, one with anti-replay off (so authentic packets always reach the
//    decryption and trailer checks), and one with ESN;
//  - an AH packet (IP protocol 51), and a whole IPv4 packet, to every SAD;
//  - the cleartext of an authentic ESP packet (sealed here with the SA's keys), so the trailer and
//    inner-packet checks see arbitrary authentic contents;
//  - an inner IPv4 packet that our own SAs protect and unprotect: it must come back unchanged;
//  - the packet inspector's dissectors (core/wire/PacketDissector) on the same bytes as a whole IPv4
//    packet, an ESP packet, an AH packet and an ESP cleartext: every field inside the bytes.
// Beyond "no crash": event views stay readable (ASan), a verdict event accompanies each packet, and
// round trips are exact.

#include <cstdlib>
#include <memory>
#include <vector>

#include "crypto/Cipher.h"
#include "crypto/DeterministicRandom.h"
#include "crypto/Gcm.h"
#include "crypto/Prf.h"
#include "ipsec/Sad.h"
#include "wire/Ipv4Header.h"
#include "wire/PacketDissector.h"
#include "wire/UdpHeader.h"

using namespace ipseclab;
using namespace ipseclab::ipsec;

namespace {

struct VectorSa {
    std::uint32_t spi;
    Suite suite;
    const char* encryptionKey;
    const char* integrityKey;
};

// From tests/data/vectors (quick_mode.sas.*): the seeds authenticate against these.
const VectorSa kVectorSas[] = {
    {0x48858870,
     {Encryption::Aes128Cbc, Integrity::HmacSha1_96},
     "6bec05b7a4ee8d018a225e8b916f6a0b",
     "b78758d88e4a0d3142f814033d7676e0891b4964"},
    {0x90a94fcd,
     {Encryption::Aes128Cbc, Integrity::HmacSha1_96},
     "824c7e312d85c06a2e13d1d56a204518",
     "8d8106c476b014390795c68a47f8e1b925359bc9"},
    {0xbccc1022, {Encryption::Aes128Gcm16, Integrity::None}, "9d4573f39524c1324b938c16dc2664856664aef1", ""},
    {0x9cb90108, {Encryption::Aes128Gcm16, Integrity::None}, "f380bf8fb8bf1fe4f84ea8fbb5dbf48235c04a19", ""},
    {0x1cd1a824,
     {Encryption::TripleDesCbc, Integrity::HmacSha1_96},
     "c397067a3b1e2002fe3344ab358ee6893db50080817f8500",
     "3616406a99924620a69fd458694d274ae29a76b6"},
    {0x7360217f,
     {Encryption::TripleDesCbc, Integrity::HmacSha1_96},
     "57a11a64397c8955f02585fbf092e9914fe280d3472abda3",
     "d1d0c3562dac2914927ea6515d2bc5d219a1c928"},
    {0x70c6d74a,
     {Encryption::Aes256Cbc, Integrity::HmacSha256_128},
     "4e9b2230adac9ae4afe63d382b355d3adb1f0454b361d0568f7bd817d2aa7ba8",
     "2d0127122973fd26b4a66b18807d1f4d58d144e8e339f03349e08d6570729bd4"},
};

constexpr std::uint32_t kAhSpi = 0x5100;
constexpr std::uint32_t kRoundTripSpi = 0x7700;

wire::Ipv4Address gateway() { return *wire::Ipv4Address::parse("127.100.0.2"); }
wire::Ipv4Address peer() { return *wire::Ipv4Address::parse("127.100.0.1"); }

Bytes key(const char* hex) { return *fromHex(hex); }

struct Fixture {
    crypto::DeterministicRandom random{7};
    Sad withWindow{"window"};
    Sad withoutWindow{"open"};
    Sad withEsn{"esn"};
    Sad roundTripReceiver{"rt"};
    std::unique_ptr<SecurityAssociation> espSender;
    std::unique_ptr<SecurityAssociation> ahSender;
    std::unique_ptr<SecurityAssociation> gcmSender;
    std::size_t events = 0;
    std::uint64_t touched = 0;
    std::uint32_t cleartextSeq = 1;

    SaConfig config(std::uint32_t spi, IpsecProtocol protocol, const Suite& suite, ByteView encryption,
                    ByteView integrity, std::uint32_t window, bool esn) {
        SaConfig c;
        c.protocol = protocol;
        c.spi = spi;
        c.source = peer();
        c.destination = gateway();
        c.suite = suite;
        c.keys.encryption = crypto::SecretBytes(encryption);
        c.keys.integrity = crypto::SecretBytes(integrity);
        c.replayWindow = window;
        c.extendedSequenceNumbers = esn;
        c.random = &random;
        return c;
    }

    Fixture() {
        EventSink sink = [this](const Event& e) {
            ++events;
            // Views must be readable for the whole call.
            for (std::uint8_t b : e.packet) touched += b;
            for (std::uint8_t b : e.payload) touched += b;
            for (std::uint8_t b : e.cleartext) touched += b;
            // Only a verdict shows a cleartext, and what it delivers came out of it (plus, in
            // transport mode, the outer header of at most 60 bytes).
            if (!e.cleartext.empty() && (e.kind != EventKind::Verdict || e.payload.size() > e.cleartext.size() + 60))
                std::abort();
            if (e.id().empty()) std::abort();
        };
        for (Sad* sad : {&withWindow, &withoutWindow, &withEsn, &roundTripReceiver}) sad->setEventSink(sink);
        for (const VectorSa& v : kVectorSas) {
            const Bytes enc = key(v.encryptionKey);
            const Bytes integ = key(v.integrityKey);
            if (!withWindow.add(config(v.spi, IpsecProtocol::Esp, v.suite, enc, integ, 64, false))) std::abort();
            if (!withoutWindow.add(config(v.spi, IpsecProtocol::Esp, v.suite, enc, integ, 0, false))) std::abort();
            if (!withEsn.add(config(v.spi, IpsecProtocol::Esp, v.suite, enc, integ, 1024, true))) std::abort();
        }
        const Bytes ahKey = key("0102030405060708090a0b0c0d0e0f1011121314");
        const Suite ah{Encryption::Null, Integrity::HmacSha1_96};
        if (!withWindow.add(config(kAhSpi, IpsecProtocol::Ah, ah, {}, ahKey, 32, false))) std::abort();
        if (!withoutWindow.add(config(kAhSpi, IpsecProtocol::Ah, ah, {}, ahKey, 0, false))) std::abort();
        if (!withEsn.add(config(kAhSpi, IpsecProtocol::Ah, ah, {}, ahKey, 64, true))) std::abort();

        // Our own senders, for round trips: ESP CBC, ESP GCM with ESN in UDP, AH.
        const Bytes cbcKey = key("00112233445566778899aabbccddeeff");
        const Bytes macKey = key("ffeeddccbbaa99887766554433221100ffeeddcc");
        const Suite cbc{Encryption::Aes128Cbc, Integrity::HmacSha1_96};
        espSender = std::move(
            *SecurityAssociation::create(config(kRoundTripSpi, IpsecProtocol::Esp, cbc, cbcKey, macKey, 64, false)));
        if (!roundTripReceiver.add(config(kRoundTripSpi, IpsecProtocol::Esp, cbc, cbcKey, macKey, 64, false)))
            std::abort();
        const Bytes gcmKey = key("000102030405060708090a0b0c0d0e0f10111213");
        const Suite gcm{Encryption::Aes128Gcm16, Integrity::None};
        SaConfig g = config(kRoundTripSpi + 1, IpsecProtocol::Esp, gcm, gcmKey, {}, 64, true);
        g.udpEncapsulation = true;
        gcmSender = std::move(*SecurityAssociation::create(std::move(g)));
        SaConfig gr = config(kRoundTripSpi + 1, IpsecProtocol::Esp, gcm, gcmKey, {}, 64, true);
        gr.udpEncapsulation = true;
        if (!roundTripReceiver.add(std::move(gr))) std::abort();
        ahSender = std::move(
            *SecurityAssociation::create(config(kRoundTripSpi + 2, IpsecProtocol::Ah, ah, {}, ahKey, 64, false)));
        if (!roundTripReceiver.add(config(kRoundTripSpi + 2, IpsecProtocol::Ah, ah, {}, ahKey, 64, false)))
            std::abort();
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

Bytes ipv4(wire::IpProtocol protocol, ByteView payload) {
    wire::Ipv4Header h;
    h.protocol = protocol;
    h.source = peer();
    h.destination = gateway();
    auto packet = wire::encodeIpv4(h, payload);
    return packet ? *packet : Bytes{};
}

Bytes udp4500(ByteView payload) {
    auto datagram = wire::encodeUdp(4500, 4500, payload, {peer(), gateway()}, wire::UdpChecksum::Zero);
    return datagram ? ipv4(wire::IpProtocol::Udp, *datagram) : Bytes{};
}

void judge(Sad& sad, ByteView packet) {
    Fixture& f = fixture();
    const std::size_t before = f.events;
    const InboundResult r = sad.receive(packet, Timestamp{0});
    if (f.events != before + 1) std::abort(); // exactly one verdict event per packet
    if (r.accepted() && r.packet.empty()) std::abort();
    if (!r.accepted() && !r.packet.empty()) std::abort(); // nothing leaks from a refused packet
}

// An authentic ESP packet around an arbitrary cleartext (padding and next header included).
void authenticCleartext(ByteView data) {
    Fixture& f = fixture();
    const VectorSa& cbc = kVectorSas[0];
    const std::size_t cbcLength = data.size() / 16 * 16;
    if (cbcLength > 0) {
        Bytes esp;
        appendU32(esp, cbc.spi);
        appendU32(esp, f.cleartextSeq++);
        const Bytes iv(16, 0x42);
        append(esp, iv);
        auto encrypted = crypto::cbcEncrypt(crypto::CipherAlgorithm::Aes128Cbc, key(cbc.encryptionKey), iv,
                                            data.first(cbcLength));
        if (!encrypted) std::abort();
        append(esp, *encrypted);
        const Bytes mac = crypto::prf(crypto::HashAlgorithm::Sha1, key(cbc.integrityKey), esp);
        append(esp, ByteView(mac).first(12));
        judge(f.withoutWindow, ipv4(wire::IpProtocol::Esp, esp));
    }
    const VectorSa& gcm = kVectorSas[2];
    const std::size_t gcmLength = data.size() / 4 * 4;
    if (gcmLength > 0) {
        Bytes esp;
        appendU32(esp, gcm.spi);
        appendU32(esp, f.cleartextSeq++);
        const Bytes k = key(gcm.encryptionKey);
        Bytes nonce(k.end() - 4, k.end());
        const Bytes iv(8, 0x24);
        append(nonce, iv);
        auto sealed = crypto::gcmEncrypt(ByteView(k).first(16), nonce, ByteView(esp).first(8), data.first(gcmLength));
        if (!sealed) std::abort();
        append(esp, iv);
        append(esp, sealed->ciphertext);
        append(esp, sealed->tag);
        judge(f.withoutWindow, udp4500(esp));
    }
}

// Our own sender and receiver agree on any IPv4 packet they accept to protect.
void roundTrip(SecurityAssociation& sender, ByteView inner) {
    Fixture& f = fixture();
    auto decoded = wire::decodeIpv4(inner);
    auto sent = sender.protect(inner, Timestamp{0});
    if (!decoded) {
        if (sent) std::abort(); // only IPv4 gets protected
        return;
    }
    if (!sent) return; // e.g. too long for IPv4 once protected
    const InboundResult r = f.roundTripReceiver.receive(*sent, Timestamp{0});
    const std::size_t length = decoded->header.headerLength() + decoded->payload.size();
    if (!r.accepted() || r.packet.size() != length || !std::equal(r.packet.begin(), r.packet.end(), inner.begin()))
        std::abort();
}

// The dissectors never read or name a byte outside what they were given, and never crash.
void dissect(ByteView bytes) {
    const wire::IpsecHints hints{wire::EspLayout{16, 12}, 1};
    auto check = [&](const wire::Annotations& fields) {
        for (const wire::Annotation& a : fields)
            if (a.offset > bytes.size() || a.length > bytes.size() - a.offset || a.path.empty()) std::abort();
    };
    wire::Annotations fields;
    (void)wire::dissectIpv4Packet(bytes, wire::Annotator(&fields), hints);
    check(fields);
    fields.clear();
    (void)wire::dissectEsp(bytes, wire::Annotator(&fields), hints);
    check(fields);
    fields.clear();
    (void)wire::dissectAh(bytes, wire::Annotator(&fields), hints);
    check(fields);
    fields.clear();
    (void)wire::dissectEspCleartext(bytes, wire::Annotator(&fields));
    check(fields);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Fixture& f = fixture();
    const ByteView bytes(data, size);

    for (Sad* sad : {&f.withWindow, &f.withoutWindow, &f.withEsn}) {
        judge(*sad, ipv4(wire::IpProtocol::Esp, bytes));
        judge(*sad, udp4500(bytes));
        judge(*sad, ipv4(wire::IpProtocol::Ah, bytes));
        judge(*sad, bytes);
    }
    authenticCleartext(bytes);
    roundTrip(*f.espSender, bytes);
    roundTrip(*f.gcmSender, bytes);
    roundTrip(*f.ahSender, bytes);
    dissect(bytes);
    return 0;
}
