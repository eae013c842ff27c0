// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// ike_bench: complete Main Mode + Quick Mode (with PFS) exchanges per second between two
// in-process engines (core/ike Peer, every datagram and event handled, events drained), for
// MODP-2048 and ECP-256. Beside it, in the same run, the Diffie-Hellman bound: raw OpenSSL EVP key
// generation and derivation with the same groups and exponent lengths (OpenSSL's own named-group
// private lengths, which the engine's seeded private values follow), as much as one exchange
// needs: each side generates two keys and derives two secrets (phase 1 + PFS), so the bound is
// the time of 4 keygens + 4 derives. Prints both and their ratio (aim: >= 0.8).
//
//   ike_bench [seconds per trial, default 1.0] [group: 14 or 19, default both] [detailed|light]
//
// Build it in Release (or RelWithDebInfo); a Debug or sanitizer build measures the instrumentation.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

#include <openssl/core_names.h>
#include <openssl/dh.h>
#include <openssl/evp.h>

#include "crypto/DeterministicRandom.h"
#include "crypto/DiffieHellman.h"
#include "ike/Peer.h"

using namespace ipseclab;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kTrials = 3;

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "ike_bench: %s\n", what);
    std::exit(1);
}

// Operations per second: runs `once` until `seconds` have passed.
double rate(const std::function<void()>& once, double seconds) {
    std::uint64_t done = 0;
    const auto start = Clock::now();
    const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    auto now = start;
    do {
        once();
        ++done;
        now = Clock::now();
    } while (now < deadline);
    return static_cast<double>(done) / std::chrono::duration<double>(now - start).count();
}

double best(const std::function<void()>& once, double seconds) {
    double top = 0;
    for (int i = 0; i < kTrials; ++i) top = std::max(top, rate(once, seconds));
    return top;
}

// ---------------------------------------------------------------- the engines

ike::PeerConfig config(bool initiator, crypto::DhGroup group, bool detailed) {
    ike::PeerConfig c;
    const auto a = *wire::Ipv4Address::parse("127.0.0.1"), b = *wire::Ipv4Address::parse("127.0.0.2");
    c.local = ike::Endpoint{initiator ? a : b, 500};
    c.remote = ike::Endpoint{initiator ? b : a, 500};
    c.psk = bytesOf("bench-psk");
    c.ikeProposals = {
        ike::Phase1Suite{crypto::CipherAlgorithm::Aes128Cbc, crypto::HashAlgorithm::Sha256, group, 28800}};
    c.pfsGroup = group;
    const auto netA = ike::Selector::subnet(*wire::Ipv4Address::parse("10.1.0.0"), 24);
    const auto netB = ike::Selector::subnet(*wire::Ipv4Address::parse("10.2.0.0"), 24);
    c.localSelector = initiator ? netA : netB;
    c.remoteSelector = initiator ? netB : netA;
    c.autoQuickMode = initiator;
    c.detailedEvents = detailed;
    return c;
}

// One complete exchange (MM1..MM6, QM1..QM3) between two fresh peers, every event consumed.
void exchange(crypto::RandomSource& randomA, crypto::RandomSource& randomB, crypto::DhGroup group, bool detailed) {
    ike::Peer A(config(true, group, detailed), randomA);
    ike::Peer B(config(false, group, detailed), randomB);
    if (!A.initiate(ike::Timestamp(0))) die("initiate failed");
    std::size_t events = 0;
    for (bool any = true; any;) {
        any = false;
        while (auto t = A.pollTransmit()) {
            any = true;
            B.handle(t->datagram, t->from, t->to, ike::Timestamp(0));
        }
        while (auto t = B.pollTransmit()) {
            any = true;
            A.handle(t->datagram, t->from, t->to, ike::Timestamp(0));
        }
        while (A.pollEvent()) ++events;
        while (B.pollEvent()) ++events;
    }
    if (A.childSas().size() != 1 || B.childSas().size() != 1 || events == 0) die("the exchange did not complete");
}

// ---------------------------------------------------------------- the bound: raw OpenSSL

struct Keygen {
    EVP_PKEY_CTX* ctx = nullptr;
    explicit Keygen(crypto::DhGroup group) {
        if (group == crypto::DhGroup::Ecp256) {
            ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
            if (!ctx || EVP_PKEY_keygen_init(ctx) <= 0 || EVP_PKEY_CTX_set_group_name(ctx, "P-256") <= 0)
                die("EC keygen setup");
        } else {
            ctx = EVP_PKEY_CTX_new_from_name(nullptr, "DH", nullptr);
            if (!ctx || EVP_PKEY_keygen_init(ctx) <= 0 || EVP_PKEY_CTX_set_group_name(ctx, "modp_2048") <= 0)
                die("DH keygen setup");
        }
    }
    ~Keygen() { EVP_PKEY_CTX_free(ctx); }
    EVP_PKEY* generate() const {
        EVP_PKEY* key = nullptr;
        if (EVP_PKEY_generate(ctx, &key) <= 0) die("keygen");
        return key;
    }
};

std::size_t derive(EVP_PKEY* ours, EVP_PKEY* peer, bool dh) {
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, ours, nullptr);
    unsigned char secret[512];
    std::size_t length = sizeof secret;
    if (!ctx || EVP_PKEY_derive_init(ctx) <= 0 || (dh && EVP_PKEY_CTX_set_dh_pad(ctx, 1) <= 0) ||
        EVP_PKEY_derive_set_peer(ctx, peer) <= 0 || EVP_PKEY_derive(ctx, secret, &length) <= 0)
        die("derive");
    EVP_PKEY_CTX_free(ctx);
    return length;
}

// What one exchange costs in DH: per side, phase 1 and PFS, a keygen and a derive each.
void dhBound(const Keygen& keygen, bool dh, std::size_t expected) {
    for (int round = 0; round < 2; ++round) {
        EVP_PKEY* a = keygen.generate();
        EVP_PKEY* b = keygen.generate();
        if (derive(a, b, dh) != expected || derive(b, a, dh) != expected) die("unexpected secret length");
        EVP_PKEY_free(a);
        EVP_PKEY_free(b);
    }
}

// The same DH work through the project's crypto layer (what the engine calls): seeded private
// values, public value by EC_POINT_mul / BN_mod_exp and import, the peer's value imported from its
// bytes and validated. The gap between this and the raw bound is core/crypto's, not the engine's.
void cryptoLayerDh(crypto::DhGroup group, crypto::RandomSource& random) {
    for (int round = 0; round < 2; ++round) {
        auto a = crypto::DiffieHellman::generate(group, random);
        auto b = crypto::DiffieHellman::generate(group, random);
        if (!a || !b) die("crypto layer keygen");
        auto x = a->sharedSecret(b->publicValue()), y = b->sharedSecret(a->publicValue());
        if (!x || !y || !crypto::constantTimeEqual(x->view(), y->view())) die("crypto layer derive");
    }
}

std::size_t privateBits(const Keygen& keygen) {
    EVP_PKEY* key = keygen.generate();
    BIGNUM* priv = nullptr;
    std::size_t bits = 0;
    if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY, &priv) > 0)
        bits = static_cast<std::size_t>(BN_num_bits(priv));
    BN_free(priv);
    EVP_PKEY_free(key);
    return bits;
}

} // namespace

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 1.0;
    if (seconds <= 0) die("usage: ike_bench [seconds per trial] [group]");
    const int onlyGroup = argc > 2 ? std::atoi(argv[2]) : 0;
    const std::string onlyEvents = argc > 3 ? argv[3] : "";
    crypto::DeterministicRandom root(2024);
    crypto::DeterministicRandom randomA = root.fork("site-a"), randomB = root.fork("site-b");

    std::printf("ike_bench: complete Main Mode + Quick Mode (PFS) exchanges per second, two in-process engines\n");
    std::printf("(best of %d trials of %.1f s; bound = raw OpenSSL, 4 keygens + 4 derives per exchange)\n\n", kTrials,
                seconds);
    std::printf("%-10s %-24s %12s %12s %8s\n", "group", "engine events", "exchanges/s", "DH bound/s", "ratio");
    bool ok = true;
    for (const crypto::DhGroup group : {crypto::DhGroup::Modp2048, crypto::DhGroup::Ecp256}) {
        if (onlyGroup && onlyGroup != static_cast<int>(group)) continue;
        const bool dh = group != crypto::DhGroup::Ecp256;
        const Keygen keygen(group);
        const auto info = crypto::dhGroupInfo(group);
        const double bound = best([&] { dhBound(keygen, dh, info.sharedSecretLength); }, seconds);
        for (const bool detailed : {true, false}) {
            if ((onlyEvents == "light" && detailed) || (onlyEvents == "detailed" && !detailed)) continue;
            const double engine = best([&] { exchange(randomA, randomB, group, detailed); }, seconds);
            const double ratio = engine / bound;
            ok = ok && ratio >= 0.8;
            std::printf("%-10s %-24s %12.1f %12.1f %8.2f\n", std::string(info.shortName).c_str(),
                        detailed ? "detailed (default)" : "light (no input records)", engine, bound, ratio);
        }
        const double layer = best([&] { cryptoLayerDh(group, randomA); }, seconds);
        std::printf("%-10s %-24s %12.1f %12.1f %8.2f   (the same DH work through core/crypto: its own ceiling)\n", "",
                    "crypto::DiffieHellman", layer, bound, layer / bound);
        std::printf("%-10s private value: engine draws %zu bits (at most), OpenSSL generated %zu bits\n\n", "",
                    info.privateValueBits, privateBits(keygen));
    }
    std::printf(ok ? "all ratios >= 0.8\n" : "some ratio < 0.8\n");
    return 0;
}
