// esp_bench: encapsulate + decapsulate 1400-byte tunnel-mode packets through the data plane the lab
// uses (SecurityAssociation::protect at Site A, Sad::receive at Site B, events on and consumed by a
// counter), for AES-128-GCM-16 and AES-128-CBC + HMAC-SHA1-96. Beside it, in the same run and on
// buffers of the same sizes, raw OpenSSL EVP doing the same cipher work (keyed once, in place, no
// framing, no allocation): the reference. Prints both and their ratio (aim: >= 0.85).
//
//   esp_bench [seconds per trial, default 0.5]
//
// Build it in Release (or RelWithDebInfo); a Debug or sanitizer build measures the instrumentation.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "crypto/DeterministicRandom.h"
#include "ipsec/Sad.h"
#include "ipsec/SecurityAssociation.h"
#include "wire/IcmpEcho.h"
#include "wire/Ipv4Header.h"

using namespace ipseclab;
using namespace ipseclab::ipsec;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kPacketLength = 1400; // the inner IPv4 packet
constexpr int kTrials = 5;

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "esp_bench: %s\n", what);
    std::exit(1);
}

Bytes innerPacket() {
    wire::IcmpEcho echo;
    echo.identifier = 1;
    echo.sequenceNumber = 1;
    echo.data.resize(kPacketLength - 28);
    for (std::size_t i = 0; i < echo.data.size(); ++i) echo.data[i] = static_cast<std::uint8_t>(i);
    wire::Ipv4Header h;
    h.protocol = wire::IpProtocol::Icmp;
    h.source = *wire::Ipv4Address::parse("10.1.0.10");
    h.destination = *wire::Ipv4Address::parse("10.2.0.20");
    return *wire::encodeIpv4(h, wire::encodeIcmpEcho(echo));
}

// Round trips per second: runs `roundTrip` in batches until `seconds` have passed.
double rate(const std::function<void()>& roundTrip, double seconds) {
    std::uint64_t done = 0;
    const auto start = Clock::now();
    const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    auto now = start;
    while (now < deadline) {
        for (int i = 0; i < 256; ++i) roundTrip();
        done += 256;
        now = Clock::now();
    }
    return static_cast<double>(done) / std::chrono::duration<double>(now - start).count();
}

// ----------------------------------------------------------------------------------------------
// The lab's data plane

struct LabPath {
    crypto::DeterministicRandom random{2024};
    std::unique_ptr<SecurityAssociation> sender;
    Sad receiver{"B"};
    std::uint64_t events = 0;
    std::uint64_t delivered = 0;
    Bytes inner = innerPacket();
    Timestamp now{0};

    explicit LabPath(const Suite& suite) {
        const Bytes keymat(keymatLength(IpsecProtocol::Esp, suite), 0x5a);
        auto makeConfig = [&]() {
            SaConfig c;
            c.name = "A2B";
            c.spi = 0xc0ffee01;
            c.source = *wire::Ipv4Address::parse("127.0.0.1");
            c.destination = *wire::Ipv4Address::parse("127.0.0.2");
            c.suite = suite;
            c.keys = std::move(*cutKeymat(IpsecProtocol::Esp, suite, keymat));
            c.random = &random;
            return c;
        };
        auto created = SecurityAssociation::create(makeConfig());
        if (!created) die(created.error().toString().c_str());
        sender = std::move(*created);
        if (!receiver.add(makeConfig())) die("receiver SA");
        const EventSink counter = [this](const Event&) { ++events; };
        sender->setEventSink(counter);
        receiver.setEventSink(counter);
    }

    void roundTrip() {
        auto wirePacket = sender->protect(inner, now);
        if (!wirePacket) die(wirePacket.error().toString().c_str());
        const InboundResult r = receiver.receive(*wirePacket, now);
        if (!r.accepted() || r.packet.size() != inner.size()) die("a packet was not accepted");
        ++delivered;
    }
};

// ----------------------------------------------------------------------------------------------
// The reference: raw EVP, the same cipher work on buffers of the same sizes

struct RawGcm {
    EVP_CIPHER_CTX* enc = EVP_CIPHER_CTX_new();
    EVP_CIPHER_CTX* dec = EVP_CIPHER_CTX_new();
    std::vector<unsigned char> buffer;
    unsigned char nonce[12] = {1, 2, 3, 4};
    unsigned char aad[8] = {0xc0, 0xff, 0xee, 0x01};
    unsigned char tag[16] = {};
    std::uint64_t seq = 0;

    RawGcm() {
        const unsigned char key[16] = {0x5a};
        EVP_CipherInit_ex2(enc, EVP_aes_128_gcm(), key, nullptr, 1, nullptr);
        EVP_CipherInit_ex2(dec, EVP_aes_128_gcm(), key, nullptr, 0, nullptr);
        buffer.assign(kPacketLength + 4, 0x33); // payload + pad 2 + trailer 2, as ESP's GCM cleartext
    }
    ~RawGcm() {
        EVP_CIPHER_CTX_free(enc);
        EVP_CIPHER_CTX_free(dec);
    }
    void roundTrip() {
        ++seq;
        std::memcpy(nonce + 4, &seq, 8);
        int n = 0;
        const int length = static_cast<int>(buffer.size());
        if (EVP_CipherInit_ex2(enc, nullptr, nullptr, nonce, 1, nullptr) != 1 ||
            EVP_CipherUpdate(enc, nullptr, &n, aad, sizeof aad) != 1 ||
            EVP_CipherUpdate(enc, buffer.data(), &n, buffer.data(), length) != 1 ||
            EVP_CipherFinal_ex(enc, buffer.data() + n, &n) != 1 ||
            EVP_CIPHER_CTX_ctrl(enc, EVP_CTRL_GCM_GET_TAG, 16, tag) != 1)
            die("raw GCM seal");
        if (EVP_CipherInit_ex2(dec, nullptr, nullptr, nonce, 0, nullptr) != 1 ||
            EVP_CipherUpdate(dec, nullptr, &n, aad, sizeof aad) != 1 ||
            EVP_CipherUpdate(dec, buffer.data(), &n, buffer.data(), length) != 1 ||
            EVP_CIPHER_CTX_ctrl(dec, EVP_CTRL_GCM_SET_TAG, 16, tag) != 1 ||
            EVP_CipherFinal_ex(dec, buffer.data() + n, &n) != 1)
            die("raw GCM open");
    }
};

struct RawCbcSha1 {
    EVP_CIPHER_CTX* enc = EVP_CIPHER_CTX_new();
    EVP_CIPHER_CTX* dec = EVP_CIPHER_CTX_new();
    EVP_MAC* hmacAlgorithm = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    EVP_MAC_CTX* hmac = EVP_MAC_CTX_new(hmacAlgorithm);
    std::vector<unsigned char> packet; // SPI | seq | IV | ciphertext | ICV, as ESP lays it out
    unsigned char icv[20] = {};
    std::size_t cipherLength = 0;

    RawCbcSha1() {
        const unsigned char key[16] = {0x5a};
        const unsigned char macKey[20] = {0x5a};
        EVP_CipherInit_ex2(enc, EVP_aes_128_cbc(), key, nullptr, 1, nullptr);
        EVP_CipherInit_ex2(dec, EVP_aes_128_cbc(), key, nullptr, 0, nullptr);
        EVP_CIPHER_CTX_set_padding(enc, 0);
        EVP_CIPHER_CTX_set_padding(dec, 0);
        char digest[] = "SHA1";
        const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                     OSSL_PARAM_construct_end()};
        EVP_MAC_init(hmac, macKey, sizeof macKey, params);
        cipherLength = (kPacketLength + 2 + 15) / 16 * 16; // payload + trailer, padded to the block
        packet.assign(8 + 16 + cipherLength + 12, 0x33);
    }
    ~RawCbcSha1() {
        EVP_CIPHER_CTX_free(enc);
        EVP_CIPHER_CTX_free(dec);
        EVP_MAC_CTX_free(hmac);
        EVP_MAC_free(hmacAlgorithm);
    }
    void computeIcv(unsigned char* out) {
        std::size_t n = 0;
        if (EVP_MAC_init(hmac, nullptr, 0, nullptr) != 1 ||
            EVP_MAC_update(hmac, packet.data(), 8 + 16 + cipherLength) != 1 ||
            EVP_MAC_final(hmac, out, &n, 20) != 1)
            die("raw HMAC");
    }
    void roundTrip() {
        unsigned char* iv = packet.data() + 8;
        unsigned char* text = iv + 16;
        const int length = static_cast<int>(cipherLength);
        int n = 0;
        if (EVP_CipherInit_ex2(enc, nullptr, nullptr, iv, 1, nullptr) != 1 ||
            EVP_CipherUpdate(enc, text, &n, text, length) != 1)
            die("raw CBC encrypt");
        computeIcv(icv);
        std::memcpy(text + cipherLength, icv, 12);
        unsigned char check[20];
        computeIcv(check);
        if (std::memcmp(check, text + cipherLength, 12) != 0) die("raw ICV");
        if (EVP_CipherInit_ex2(dec, nullptr, nullptr, iv, 0, nullptr) != 1 ||
            EVP_CipherUpdate(dec, text, &n, text, length) != 1)
            die("raw CBC decrypt");
    }
};

template <typename Raw>
void compare(const char* name, const Suite& suite, double seconds) {
    LabPath lab(suite);
    Raw raw;
    // Warm up both, then alternate trials and keep each side's best (least disturbed) one.
    rate([&] { lab.roundTrip(); }, seconds / 4);
    rate([&] { raw.roundTrip(); }, seconds / 4);
    double labBest = 0;
    double rawBest = 0;
    for (int t = 0; t < kTrials; ++t) {
        rawBest = std::max(rawBest, rate([&] { raw.roundTrip(); }, seconds));
        labBest = std::max(labBest, rate([&] { lab.roundTrip(); }, seconds));
    }
    const double mbps = [](double roundTrips) { return roundTrips * kPacketLength / 1e6; }(labBest);
    std::printf("esp_bench %-30s lab SA path %9.0f round trips/s (%7.1f MB/s each way) | raw EVP %9.0f round trips/s "
                "(%7.1f MB/s) | ratio %.3f (aim >= 0.85) | events consumed %llu\n",
                name, labBest, mbps, rawBest, rawBest * kPacketLength / 1e6, labBest / rawBest,
                static_cast<unsigned long long>(lab.events));
    if (lab.events != 2 * lab.delivered) die("events were lost");
}

} // namespace

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 0.5;
    if (seconds <= 0) die("usage: esp_bench [seconds per trial]");
    std::printf("esp_bench: %zu-byte inner packets, tunnel mode, encapsulate + decapsulate; best of %d trials of "
                "%.2f s each\n",
                kPacketLength, kTrials, seconds);
    compare<RawGcm>("AES-128-GCM-16", {Encryption::Aes128Gcm16, Integrity::None}, seconds);
    compare<RawCbcSha1>("AES-128-CBC + HMAC-SHA1-96", {Encryption::Aes128Cbc, Integrity::HmacSha1_96}, seconds);
    return 0;
}
