// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Diffie-Hellman in the IKE groups: RFC 5903's known answer, agreement, fixed-length encodings,
// peer value validation, seeded determinism, OpenSSL's exponent lengths, interop with keys
// OpenSSL generates itself, and the classroom toy.

#include <QTest>

#include <algorithm>
#include <string>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/dh.h>
#include <openssl/evp.h>

#include "TestData.h"
#include "base/Bytes.h"
#include "crypto/DeterministicRandom.h"
#include "crypto/DhGroup.h"
#include "crypto/DiffieHellman.h"
#include "crypto/ToyDiffieHellman.h"

using namespace ipseclab;
using namespace ipseclab::crypto;

Q_DECLARE_METATYPE(ipseclab::crypto::DhGroup)

namespace {

using test::hex;
using test::hexOf;
QByteArray errorOf(const Error& error) { return QByteArray::fromStdString(error.message); }

std::size_t bitLength(ByteView bigEndian) {
    for (std::size_t i = 0; i < bigEndian.size(); ++i)
        if (bigEndian[i] != 0) {
            std::size_t bits = 8;
            for (std::uint8_t top = 0x80; (bigEndian[i] & top) == 0; top >>= 1) --bits;
            return (bigEndian.size() - i - 1) * 8 + bits;
        }
    return 0;
}

// p + delta as len(p) bytes (delta may be negative); for boundary values.
Bytes primePlus(DhGroup group, long delta) {
    const Bytes p = dhGroupInfo(group).prime;
    BIGNUM* bn = BN_bin2bn(p.data(), int(p.size()), nullptr);
    if (delta >= 0) BN_add_word(bn, static_cast<BN_ULONG>(delta));
    else BN_sub_word(bn, static_cast<BN_ULONG>(-delta));
    Bytes out(p.size() + (BN_num_bytes(bn) > int(p.size()) ? 1 : 0));
    BN_bn2binpad(bn, out.data(), int(out.size()));
    BN_free(bn);
    return out;
}

void addAllGroups() {
    QTest::addColumn<DhGroup>("group");
    for (DhGroup group : supportedDhGroups()) QTest::newRow(std::string(dhGroupInfo(group).name).c_str()) << group;
}

} // namespace

class TestDiffieHellman : public QObject {
    Q_OBJECT
private slots:
    void groupInfo() {
        const auto g14 = dhGroupInfo(DhGroup::Modp2048);
        QCOMPARE(QByteArray(g14.name.data()), QByteArray("MODP-2048 (group 14)"));
        QCOMPARE(g14.publicValueLength, std::size_t{256});
        QCOMPARE(g14.sharedSecretLength, std::size_t{256});
        QVERIFY(!g14.isElliptic);
        QCOMPARE(hexOf(g14.generator), QByteArray("02"));
        QCOMPARE(hexOf(g14.prime).left(24), QByteArray("ffffffffffffffffc90fdaa2"));
        QCOMPARE(hexOf(g14.prime).right(32), QByteArray("15728e5a8aacaa68ffffffffffffffff"));
        QCOMPARE(g14.privateValueBits, std::size_t{225});

        // Digest §5.1, group 1 in full.
        QCOMPARE(hexOf(dhGroupInfo(DhGroup::Modp768).prime),
                 hexOf(hex("FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22"
                           "514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6"
                           "F44C42E9A63A3620FFFFFFFFFFFFFFFF")));
        QCOMPARE(dhGroupInfo(DhGroup::Modp1024).prime.size(), std::size_t{128});
        QCOMPARE(hexOf(dhGroupInfo(DhGroup::Modp1536).prime).right(24), QByteArray("ca237327ffffffffffffffff"));

        const auto g19 = dhGroupInfo(DhGroup::Ecp256);
        QCOMPARE(QByteArray(g19.name.data()), QByteArray("ECP-256 (group 19)"));
        QVERIFY(g19.isElliptic);
        QCOMPARE(g19.publicValueLength, std::size_t{64});
        QCOMPARE(g19.sharedSecretLength, std::size_t{32});
        QCOMPARE(QByteArray(g19.curveName.data()), QByteArray("P-256"));
        QVERIFY(g19.prime.empty());
        const auto g20 = dhGroupInfo(DhGroup::Ecp384);
        QCOMPARE(g20.publicValueLength, std::size_t{96});
        QCOMPARE(g20.sharedSecretLength, std::size_t{48});

        QVERIFY(dhGroupFromId(14) && *dhGroupFromId(14) == DhGroup::Modp2048);
        QVERIFY(dhGroupFromId(19) && *dhGroupFromId(19) == DhGroup::Ecp256);
        QVERIFY(!dhGroupFromId(21));
        QVERIFY(errorOf(dhGroupFromId(21).error()).startsWith("Diffie-Hellman group 21 is not supported"));
        QVERIFY(!dhGroupFromId(0));
        QCOMPARE(supportedDhGroups().size(), std::size_t{6});
    }

    // RFC 5903 §8.1 (digest §8.7): both publics and g^ir = x only.
    void rfc5903Ecp256() {
        const auto initiator = DiffieHellman::fromPrivateValue(
            DhGroup::Ecp256, hex("C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433"));
        const auto responder = DiffieHellman::fromPrivateValue(
            DhGroup::Ecp256, hex("C6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53"));
        QVERIFY2(initiator, initiator ? "" : initiator.error().message.c_str());
        QVERIFY(responder);
        QCOMPARE(hexOf(initiator->publicValue()),
                 hexOf(hex("DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180"
                           "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3")));
        QCOMPARE(hexOf(responder->publicValue()),
                 hexOf(hex("D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63"
                           "56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB")));
        const auto sharedI = initiator->sharedSecret(responder->publicValue());
        const auto sharedR = responder->sharedSecret(initiator->publicValue());
        QVERIFY(sharedI && sharedR);
        const QByteArray gir = hexOf(hex("D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE"));
        QCOMPARE(hexOf(sharedI->view()), gir);
        QCOMPARE(hexOf(sharedR->view()), gir);
        QCOMPARE(hexOf(initiator->privateValue().view()),
                 hexOf(hex("C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433")));
    }

    void bothSidesAgree_data() { addAllGroups(); }
    void bothSidesAgree() {
        QFETCH(DhGroup, group);
        const auto info = dhGroupInfo(group);
        DeterministicRandom lab(2024);
        auto siteA = lab.fork("site-a");
        auto siteB = lab.fork("site-b");
        const auto a = DiffieHellman::generate(group, siteA);
        const auto b = DiffieHellman::generate(group, siteB);
        QVERIFY2(a, a ? "" : a.error().message.c_str());
        QVERIFY(b);
        QVERIFY(a->group() == group);
        QCOMPARE(a->publicValue().size(), info.publicValueLength);
        QCOMPARE(b->publicValue().size(), info.publicValueLength);
        QVERIFY(a->publicValue() != b->publicValue());
        const auto ab = a->sharedSecret(b->publicValue());
        const auto ba = b->sharedSecret(a->publicValue());
        QVERIFY2(ab, ab ? "" : ab.error().message.c_str());
        QVERIFY(ba);
        QCOMPARE(ab->size(), info.sharedSecretLength);
        QCOMPARE(hexOf(ab->view()), hexOf(ba->view()));
        QVERIFY(ab->view().size() > 0 && hexOf(ab->view()) != QByteArray(int(2 * ab->size()), '0'));

        // The private value round-trips through fromPrivateValue to the same public value.
        const auto again = DiffieHellman::fromPrivateValue(group, a->privateValue().view());
        QVERIFY(again);
        QCOMPARE(hexOf(again->publicValue()), hexOf(a->publicValue()));
    }

    // Our public values and g^xy must match what OpenSSL's own key generation and derivation give.
    void interopWithOpenSslKeys_data() {
        QTest::addColumn<DhGroup>("group");
        QTest::addColumn<QByteArray>("keyType");
        QTest::addColumn<QByteArray>("groupName");
        QTest::newRow("group 5") << DhGroup::Modp1536 << QByteArray("DH") << QByteArray("modp_1536");
        QTest::newRow("group 14") << DhGroup::Modp2048 << QByteArray("DH") << QByteArray("modp_2048");
        QTest::newRow("group 19") << DhGroup::Ecp256 << QByteArray("EC") << QByteArray("P-256");
        QTest::newRow("group 20") << DhGroup::Ecp384 << QByteArray("EC") << QByteArray("P-384");
    }
    void interopWithOpenSslKeys() {
        QFETCH(DhGroup, group);
        QFETCH(QByteArray, keyType);
        QFETCH(QByteArray, groupName);
        const auto info = dhGroupInfo(group);
        const bool ec = info.isElliptic;

        // Theirs: generated by OpenSSL.
        EVP_PKEY_CTX* genCtx = EVP_PKEY_CTX_new_from_name(nullptr, keyType.constData(), nullptr);
        QVERIFY(genCtx && EVP_PKEY_keygen_init(genCtx) == 1);
        OSSL_PARAM genParams[] = {OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, groupName.data(), 0),
                                  OSSL_PARAM_construct_end()};
        QVERIFY(EVP_PKEY_CTX_set_params(genCtx, genParams) == 1);
        EVP_PKEY* theirs = nullptr;
        QVERIFY(EVP_PKEY_generate(genCtx, &theirs) == 1);
        EVP_PKEY_CTX_free(genCtx);

        Bytes theirPublic(info.publicValueLength);
        if (ec) {
            Bytes encoded(1 + info.publicValueLength);
            std::size_t length = 0;
            QVERIFY(EVP_PKEY_get_octet_string_param(theirs, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, encoded.data(),
                                                    encoded.size(), &length) == 1);
            QCOMPARE(length, encoded.size());
            QCOMPARE(int(encoded[0]), 4);
            theirPublic.assign(encoded.begin() + 1, encoded.end());
        } else {
            BIGNUM* y = nullptr;
            QVERIFY(EVP_PKEY_get_bn_param(theirs, OSSL_PKEY_PARAM_PUB_KEY, &y) == 1);
            BN_bn2binpad(y, theirPublic.data(), int(theirPublic.size()));
            BN_free(y);
        }

        // Ours, seeded.
        DeterministicRandom random(99);
        const auto ours = DiffieHellman::generate(group, random);
        QVERIFY(ours);
        const auto ourSecret = ours->sharedSecret(theirPublic);
        QVERIFY2(ourSecret, ourSecret ? "" : ourSecret.error().message.c_str());

        // Their side: import our public value and derive with OpenSSL alone.
        EVP_PKEY* ourPublicKey = nullptr;
        {
            EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, keyType.constData(), nullptr);
            QVERIFY(ctx && EVP_PKEY_fromdata_init(ctx) == 1);
            Bytes encoded;
            if (ec) encoded.push_back(0x04);
            append(encoded, ours->publicValue());
            BIGNUM* y = BN_bin2bn(ours->publicValue().data(), int(ours->publicValue().size()), nullptr);
            Bytes yNative(ours->publicValue().size()); // OSSL_PARAM integers are native-endian
            BN_bn2nativepad(y, yNative.data(), int(yNative.size()));
            OSSL_PARAM params[] = {
                OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, groupName.data(), 0),
                ec ? OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, encoded.data(), encoded.size())
                   : OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_PUB_KEY, yNative.data(), yNative.size()),
                OSSL_PARAM_construct_end()};
            QVERIFY(EVP_PKEY_fromdata(ctx, &ourPublicKey, EVP_PKEY_PUBLIC_KEY, params) == 1);
            BN_free(y);
            EVP_PKEY_CTX_free(ctx);
        }
        EVP_PKEY_CTX* derive = EVP_PKEY_CTX_new_from_pkey(nullptr, theirs, nullptr);
        QVERIFY(EVP_PKEY_derive_init(derive) == 1);
        if (!ec) QVERIFY(EVP_PKEY_CTX_set_dh_pad(derive, 1) == 1);
        QVERIFY(EVP_PKEY_derive_set_peer(derive, ourPublicKey) == 1);
        Bytes theirSecret(info.sharedSecretLength);
        std::size_t length = theirSecret.size();
        QVERIFY(EVP_PKEY_derive(derive, theirSecret.data(), &length) == 1);
        QCOMPARE(length, info.sharedSecretLength);
        EVP_PKEY_CTX_free(derive);
        EVP_PKEY_free(ourPublicKey);
        EVP_PKEY_free(theirs);

        QCOMPARE(hexOf(ourSecret->view()), hexOf(theirSecret));
    }

    // Fixed lengths over many seeds, and proof that the set exercised a value with a leading zero
    // byte (about 1 in 256 per value), so a stripped encoding would have been caught.
    void fixedLengthWithLeadingZeros_data() {
        QTest::addColumn<DhGroup>("group");
        QTest::newRow("group 1") << DhGroup::Modp768;
        QTest::newRow("group 2") << DhGroup::Modp1024;
    }
    void fixedLengthWithLeadingZeros() {
        QFETCH(DhGroup, group);
        const auto info = dhGroupInfo(group);
        int publicsWithZero = 0, secretsWithZero = 0;
        for (std::uint64_t seed = 0; seed < 300; ++seed) {
            DeterministicRandom lab(seed);
            auto randomA = lab.fork("site-a");
            auto randomB = lab.fork("site-b");
            const auto a = DiffieHellman::generate(group, randomA);
            const auto b = DiffieHellman::generate(group, randomB);
            QVERIFY(a && b);
            QCOMPARE(a->publicValue().size(), info.publicValueLength);
            QCOMPARE(b->publicValue().size(), info.publicValueLength);
            const auto secret = a->sharedSecret(b->publicValue());
            QVERIFY(secret);
            QCOMPARE(secret->size(), info.sharedSecretLength);
            publicsWithZero += (a->publicValue()[0] == 0) + (b->publicValue()[0] == 0);
            secretsWithZero += secret->view()[0] == 0;
            if (secret->view()[0] == 0) {
                const auto other = b->sharedSecret(a->publicValue());
                QVERIFY(other);
                QCOMPARE(hexOf(other->view()), hexOf(secret->view())); // both sides keep the zero
            }
        }
        qInfo("leading 0x00: %d public values, %d shared secrets", publicsWithZero, secretsWithZero);
        QVERIFY2(publicsWithZero > 0, "no public value with a leading zero byte in the seed set");
        QVERIFY2(secretsWithZero > 0, "no shared secret with a leading zero byte in the seed set");
    }

    void rejectsBadModpPeers_data() {
        QTest::addColumn<DhGroup>("group");
        QTest::addColumn<Bytes>("peer");
        QTest::addColumn<QByteArray>("message");
        for (DhGroup group : {DhGroup::Modp768, DhGroup::Modp1024, DhGroup::Modp1536, DhGroup::Modp2048}) {
            const auto info = dhGroupInfo(group);
            const std::string name(info.shortName);
            const std::string bounds = "peer public value for " + name + " must satisfy 1 < y < p-1, but y is ";
            const std::string row = name + ": ";
            const std::size_t n = info.publicValueLength;
            Bytes one(n, 0);
            one.back() = 1;
            QTest::newRow((row + "0").c_str()) << group << Bytes(n, 0) << QByteArray::fromStdString(bounds + "0");
            QTest::newRow((row + "1").c_str()) << group << one << QByteArray::fromStdString(bounds + "1");
            QTest::newRow((row + "p-1").c_str())
                << group << primePlus(group, -1) << QByteArray::fromStdString(bounds + "p-1");
            QTest::newRow((row + "p").c_str())
                << group << info.prime << QByteArray::fromStdString(bounds + "not below p");
            QTest::newRow((row + "all 0xff").c_str())
                << group << Bytes(n, 0xff) << QByteArray::fromStdString(bounds + "not below p");
            const std::string length = "peer public value for " + name + " must be " + std::to_string(n) +
                                       " bytes, got ";
            QTest::newRow((row + "too short").c_str())
                << group << Bytes(n - 1, 0x42) << QByteArray::fromStdString(length + std::to_string(n - 1));
            QTest::newRow((row + "too long").c_str())
                << group << Bytes(n + 1, 0x42) << QByteArray::fromStdString(length + std::to_string(n + 1));
            QTest::newRow((row + "empty").c_str()) << group << Bytes{} << QByteArray::fromStdString(length + "0");
        }
    }
    void rejectsBadModpPeers() {
        QFETCH(DhGroup, group);
        QFETCH(Bytes, peer);
        QFETCH(QByteArray, message);
        DeterministicRandom random(1);
        const auto dh = DiffieHellman::generate(group, random);
        QVERIFY(dh);
        const auto secret = dh->sharedSecret(peer);
        QVERIFY(!secret);
        QCOMPARE(errorOf(secret.error()), message);
        // The 2 < y boundary itself is fine: 2 and p-2 are in range (groups 1/2 have no q to test).
        if (group == DhGroup::Modp768 || group == DhGroup::Modp1024) {
            Bytes two(dhGroupInfo(group).publicValueLength, 0);
            two.back() = 2;
            QVERIFY(dh->sharedSecret(two));
            QVERIFY(dh->sharedSecret(primePlus(group, -2)));
        }
    }

    // Groups 5 and 14 come with q = (p-1)/2, and OpenSSL's peer check rejects values outside the
    // order-q subgroup: p-2 = -2 is a non-residue (p = 7 mod 8), so it fails, while 2 passes.
    void rejectsModpPeerOutsideSubgroup() {
        DeterministicRandom random(1);
        const auto dh = DiffieHellman::generate(DhGroup::Modp2048, random);
        QVERIFY(dh);
        const auto secret = dh->sharedSecret(primePlus(DhGroup::Modp2048, -2));
        QVERIFY(!secret);
        QCOMPARE(errorOf(secret.error()),
                 QByteArray("peer public value for MODP-2048 is not in the subgroup of order q (y^q mod p != 1)"));
        Bytes two(256, 0);
        two.back() = 2;
        QVERIFY(dh->sharedSecret(two));
    }

    void rejectsBadEcpPeers_data() {
        QTest::addColumn<DhGroup>("group");
        QTest::addColumn<Bytes>("peer");
        QTest::addColumn<QByteArray>("message");
        for (DhGroup group : {DhGroup::Ecp256, DhGroup::Ecp384}) {
            const auto info = dhGroupInfo(group);
            const std::string name(info.shortName);
            const std::string row = name + ": ";
            const std::size_t n = info.publicValueLength;
            const QByteArray offCurve = QByteArray::fromStdString("peer public value for " + name +
                                                                  " is not a point on the curve");
            DeterministicRandom random(3);
            Bytes valid = DiffieHellman::generate(group, random)->publicValue();
            Bytes moved = valid;
            moved.back() ^= 0x01; // y changed: off the curve
            Bytes swapped(valid.begin() + std::ptrdiff_t(n / 2), valid.end());
            append(swapped, ByteView(valid).first(n / 2)); // y | x
            QTest::newRow((row + "point not on curve").c_str()) << group << moved << offCurve;
            QTest::newRow((row + "coordinates swapped").c_str()) << group << swapped << offCurve;
            QTest::newRow((row + "all-zero point").c_str()) << group << Bytes(n, 0) << offCurve;
            QTest::newRow((row + "all 0xff").c_str()) << group << Bytes(n, 0xff) << offCurve;
            const std::string length = "peer public value for " + name + " must be " + std::to_string(n) +
                                       " bytes, got ";
            QTest::newRow((row + "with 0x04 prefix").c_str()) << group << [&] {
                Bytes b{0x04};
                append(b, valid);
                return b;
            }() << QByteArray::fromStdString(length + std::to_string(n + 1));
            QTest::newRow((row + "x only").c_str())
                << group << Bytes(valid.begin(), valid.begin() + std::ptrdiff_t(n / 2))
                << QByteArray::fromStdString(length + std::to_string(n / 2));
        }
    }
    void rejectsBadEcpPeers() {
        QFETCH(DhGroup, group);
        QFETCH(Bytes, peer);
        QFETCH(QByteArray, message);
        DeterministicRandom random(1);
        const auto dh = DiffieHellman::generate(group, random);
        QVERIFY(dh);
        const auto secret = dh->sharedSecret(peer);
        QVERIFY(!secret);
        QCOMPARE(errorOf(secret.error()), message);
    }

    void rejectsBadPrivateValues() {
        auto check = [](DhGroup group, const Bytes& value, const char* message) {
            const auto dh = DiffieHellman::fromPrivateValue(group, value);
            if (dh) return QByteArray("accepted");
            return errorOf(dh.error()) == message ? QByteArray("ok") : errorOf(dh.error());
        };
        QCOMPARE(check(DhGroup::Modp1024, {}, "private value for MODP-1024 must be 1 to 128 bytes, got 0"),
                 QByteArray("ok"));
        QCOMPARE(check(DhGroup::Modp1024, Bytes(129, 1), "private value for MODP-1024 must be 1 to 128 bytes, got 129"),
                 QByteArray("ok"));
        QCOMPARE(check(DhGroup::Modp1024, Bytes(16, 0), "private value for MODP-1024 must satisfy 1 <= x <= p-2"),
                 QByteArray("ok"));
        QCOMPARE(check(DhGroup::Modp1024, primePlus(DhGroup::Modp1024, -1),
                       "private value for MODP-1024 must satisfy 1 <= x <= p-2"),
                 QByteArray("ok"));
        QVERIFY(DiffieHellman::fromPrivateValue(DhGroup::Modp1024, primePlus(DhGroup::Modp1024, -2)));
        // The P-256 order n.
        const Bytes order = hex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
        QCOMPARE(check(DhGroup::Ecp256, order, "private value for ECP-256 must satisfy 1 <= d < n (the group order)"),
                 QByteArray("ok"));
        QCOMPARE(check(DhGroup::Ecp256, Bytes(32, 0),
                       "private value for ECP-256 must satisfy 1 <= d < n (the group order)"),
                 QByteArray("ok"));
        QCOMPARE(check(DhGroup::Ecp256, Bytes(33, 1), "private value for ECP-256 must be 1 to 32 bytes, got 33"),
                 QByteArray("ok"));
        Bytes orderMinus1 = order;
        orderMinus1.back() -= 1;
        QVERIFY(DiffieHellman::fromPrivateValue(DhGroup::Ecp256, orderMinus1));
        QVERIFY(DiffieHellman::fromPrivateValue(DhGroup::Ecp256, hex("01")));
    }

    void seededDeterminism_data() { addAllGroups(); }
    void seededDeterminism() {
        QFETCH(DhGroup, group);
        DeterministicRandom r1(1234), r2(1234), r3(1235);
        const auto a = DiffieHellman::generate(group, r1);
        const auto b = DiffieHellman::generate(group, r2);
        const auto c = DiffieHellman::generate(group, r3);
        QVERIFY(a && b && c);
        QCOMPARE(hexOf(a->publicValue()), hexOf(b->publicValue()));
        QCOMPARE(hexOf(a->privateValue().view()), hexOf(b->privateValue().view()));
        QVERIFY(a->publicValue() != c->publicValue());
        // The next draw from the same stream is a different key.
        const auto a2 = DiffieHellman::generate(group, r1);
        QVERIFY(a2 && a2->publicValue() != a->publicValue());
    }

    // Private values at OpenSSL 3's lengths (DhGroupInfo::privateValueBits): at most 225 bits for
    // group 14 and 200 for group 5 (reached: the draw is not shorter than OpenSSL's), exactly
    // len(p)*8-2 for groups 1/2, at most the order's length for ECP.
    void privateValueLengths_data() {
        QTest::addColumn<DhGroup>("group");
        QTest::addColumn<int>("bits");
        QTest::addColumn<bool>("exact");
        QTest::addColumn<int>("encodedLength");
        QTest::newRow("group 1") << DhGroup::Modp768 << 766 << true << 96;
        QTest::newRow("group 2") << DhGroup::Modp1024 << 1022 << true << 128;
        QTest::newRow("group 5") << DhGroup::Modp1536 << 200 << false << 25;
        QTest::newRow("group 14") << DhGroup::Modp2048 << 225 << false << 29;
        QTest::newRow("group 19") << DhGroup::Ecp256 << 256 << false << 32;
        QTest::newRow("group 20") << DhGroup::Ecp384 << 384 << false << 48;
    }
    void privateValueLengths() {
        QFETCH(DhGroup, group);
        QFETCH(int, bits);
        QFETCH(bool, exact);
        QFETCH(int, encodedLength);
        QCOMPARE(int(dhGroupInfo(group).privateValueBits), bits);
        std::size_t longest = 0, shortest = 100000;
        for (std::uint64_t seed = 0; seed < 24; ++seed) {
            DeterministicRandom random(seed);
            const auto dh = DiffieHellman::generate(group, random);
            QVERIFY(dh);
            const SecretBytes priv = dh->privateValue();
            QCOMPARE(int(priv.size()), encodedLength);
            const std::size_t length = bitLength(priv.view());
            QVERIFY2(length <= std::size_t(bits), qPrintable(QString("private value of %1 bits").arg(length)));
            QVERIFY(length > 0);
            longest = std::max(longest, length);
            shortest = std::min(shortest, length);
        }
        QCOMPARE(int(longest), bits); // 24 draws all short: probability 2^-24
        if (exact) QCOMPARE(int(shortest), bits);
        else QVERIFY(shortest < std::size_t(bits));
    }

    // privateValueBits is what this machine's OpenSSL does itself: the longest of 40 private values
    // from EVP_PKEY_generate has exactly that many bits (all of them, for groups 1/2). Catches an
    // OpenSSL update that changes its lengths.
    void exponentLengthsMatchOpenSsl_data() {
        QTest::addColumn<DhGroup>("group");
        QTest::addColumn<QByteArray>("groupName"); // empty: OpenSSL has no name, pass p and g
        QTest::newRow("group 1") << DhGroup::Modp768 << QByteArray();
        QTest::newRow("group 2") << DhGroup::Modp1024 << QByteArray();
        QTest::newRow("group 5") << DhGroup::Modp1536 << QByteArray("modp_1536");
        QTest::newRow("group 14") << DhGroup::Modp2048 << QByteArray("modp_2048");
    }
    void exponentLengthsMatchOpenSsl() {
        QFETCH(DhGroup, group);
        QFETCH(QByteArray, groupName);
        const auto info = dhGroupInfo(group);
        EVP_PKEY* params = nullptr;
        if (groupName.isEmpty()) {
            BIGNUM* p = BN_bin2bn(info.prime.data(), int(info.prime.size()), nullptr);
            Bytes pNative(info.prime.size());
            BN_bn2nativepad(p, pNative.data(), int(pNative.size()));
            BN_free(p);
            unsigned int g = 2;
            OSSL_PARAM fields[] = {OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_FFC_P, pNative.data(), pNative.size()),
                                   OSSL_PARAM_construct_uint(OSSL_PKEY_PARAM_FFC_G, &g), OSSL_PARAM_construct_end()};
            EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "DH", nullptr);
            QVERIFY(ctx && EVP_PKEY_fromdata_init(ctx) == 1);
            QVERIFY(EVP_PKEY_fromdata(ctx, &params, EVP_PKEY_KEY_PARAMETERS, fields) == 1);
            EVP_PKEY_CTX_free(ctx);
        }
        int longest = 0, shortest = 100000;
        for (int i = 0; i < 40; ++i) {
            EVP_PKEY_CTX* ctx = params ? EVP_PKEY_CTX_new_from_pkey(nullptr, params, nullptr)
                                       : EVP_PKEY_CTX_new_from_name(nullptr, "DH", nullptr);
            QVERIFY(ctx && EVP_PKEY_keygen_init(ctx) == 1);
            if (!params) {
                OSSL_PARAM named[] = {OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, groupName.data(), 0),
                                      OSSL_PARAM_construct_end()};
                QVERIFY(EVP_PKEY_CTX_set_params(ctx, named) == 1);
            }
            EVP_PKEY* key = nullptr;
            QVERIFY(EVP_PKEY_generate(ctx, &key) == 1);
            BIGNUM* x = nullptr;
            QVERIFY(EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY, &x) == 1);
            longest = std::max(longest, BN_num_bits(x));
            shortest = std::min(shortest, BN_num_bits(x));
            BN_clear_free(x);
            EVP_PKEY_free(key);
            EVP_PKEY_CTX_free(ctx);
        }
        EVP_PKEY_free(params);
        QCOMPARE(longest, int(info.privateValueBits));
        if (groupName.isEmpty()) QCOMPARE(shortest, int(info.privateValueBits));
    }

    // The exact recipe, replayed on the same stream: groups 1/2 draw len(p)*8-2 bits and set the
    // top one; groups 5/14 take x = 1 + c for a c of 200/225 bits; ECP takes the coordinate-sized
    // draw as d (a draw >= n, which would be redrawn, has probability < 2^-32 here).
    void privateValueRecipe_data() { addAllGroups(); }
    void privateValueRecipe() {
        QFETCH(DhGroup, group);
        const auto info = dhGroupInfo(group);
        const std::size_t bits = info.privateValueBits;
        const std::size_t length = (bits + 7) / 8;
        for (std::uint64_t seed : {11u, 12u, 13u}) {
            DeterministicRandom replay(seed);
            Bytes draw = replay.bytes(length);
            draw[0] &= std::uint8_t(0xff >> (length * 8 - bits));
            BIGNUM* expected = BN_bin2bn(draw.data(), int(draw.size()), nullptr);
            if (group == DhGroup::Modp768 || group == DhGroup::Modp1024) BN_set_bit(expected, int(bits - 1));
            if (group == DhGroup::Modp1536 || group == DhGroup::Modp2048) BN_add_word(expected, 1);
            Bytes expectedBytes(length);
            BN_bn2binpad(expected, expectedBytes.data(), int(length));
            BN_free(expected);

            DeterministicRandom random(seed);
            const auto dh = DiffieHellman::generate(group, random);
            QVERIFY(dh);
            QCOMPARE(hexOf(dh->privateValue().view()), hexOf(expectedBytes));
            QCOMPARE(hexOf(random.bytes(8)), hexOf(replay.bytes(8))); // nothing else was drawn
        }
    }

    // ---- the classroom toy ----------------------------------------------------------------------
    void toyTextbook() {
        static_assert(ToyDiffieHellman::kInsecure);
        QVERIFY(QByteArray(ToyDiffieHellman::describe().data()).contains("insecure"));
        const auto alice = ToyDiffieHellman::create(23, 5, 6);
        const auto bob = ToyDiffieHellman::create(23, 5, 15);
        QVERIFY(alice && bob);
        QCOMPARE(alice->publicValue(), std::uint64_t{8});
        QCOMPARE(bob->publicValue(), std::uint64_t{19});
        QCOMPARE(alice->sharedSecret(bob->publicValue()).value_or(0), std::uint64_t{2});
        QCOMPARE(bob->sharedSecret(alice->publicValue()).value_or(0), std::uint64_t{2});
        QCOMPARE(alice->prime(), std::uint64_t{23});
        QCOMPARE(alice->generator(), std::uint64_t{5});
        QCOMPARE(alice->privateValue(), std::uint64_t{6});
    }

    // The largest 64-bit prime, 2^64 - 59: products overflow 64 bits, so this checks the 128-bit
    // multiply (expected values computed independently with Python's pow()).
    void toy64BitPrime() {
        const std::uint64_t p = 18446744073709551557ull;
        const auto a = ToyDiffieHellman::create(p, 2, 81985529216486895ull);
        const auto b = ToyDiffieHellman::create(p, 2, 18364758544493064720ull);
        QVERIFY(a && b);
        QCOMPARE(a->publicValue(), 137675594907758313ull);
        QCOMPARE(b->publicValue(), 11002756588556736433ull);
        QCOMPARE(a->sharedSecret(b->publicValue()).value_or(0), 16783712206607444839ull);
        QCOMPARE(b->sharedSecret(a->publicValue()).value_or(0), 16783712206607444839ull);
    }

    void toyPrimality() {
        for (std::uint64_t prime : {2ull, 3ull, 23ull, 2147483647ull, 2305843009213693951ull, 18446744073709551557ull})
            QVERIFY2(ToyDiffieHellman::isPrime(prime), qPrintable(QString::number(prime)));
        // 561: Carmichael; 3215031751: strong pseudoprime to bases 2, 3, 5 and 7.
        for (std::uint64_t composite : {0ull, 1ull, 21ull, 561ull, 3215031751ull, 18446744073709551555ull})
            QVERIFY2(!ToyDiffieHellman::isPrime(composite), qPrintable(QString::number(composite)));
    }

    void toyRejectsBadInput() {
        QCOMPARE(errorOf(ToyDiffieHellman::create(2, 1, 1).error()),
                 QByteArray("toy DH: p must be a prime above 2, got 2"));
        QVERIFY(!ToyDiffieHellman::create(0, 1, 1));
        QCOMPARE(errorOf(ToyDiffieHellman::create(21, 5, 6).error()), QByteArray("toy DH: p = 21 is not prime"));
        QCOMPARE(errorOf(ToyDiffieHellman::create(23, 1, 6).error()),
                 QByteArray("toy DH: g must satisfy 1 < g < p = 23, got 1"));
        QVERIFY(!ToyDiffieHellman::create(23, 23, 6));
        QVERIFY(!ToyDiffieHellman::create(23, 0, 6));
        QCOMPARE(errorOf(ToyDiffieHellman::create(23, 5, 0).error()),
                 QByteArray("toy DH: the private value must satisfy 1 <= a <= p-2 = 21, got 0"));
        QVERIFY(!ToyDiffieHellman::create(23, 5, 22));
        QVERIFY(ToyDiffieHellman::create(23, 5, 21));
        const auto alice = ToyDiffieHellman::create(23, 5, 6);
        QVERIFY(alice);
        for (std::uint64_t bad : {0ull, 1ull, 22ull, 23ull, 1000ull})
            QVERIFY2(!alice->sharedSecret(bad), qPrintable(QString::number(bad)));
        QCOMPARE(errorOf(alice->sharedSecret(1).error()),
                 QByteArray("toy DH: the peer's public value must satisfy 1 < B < p-1 = 22, got 1"));
    }
};

QTEST_APPLESS_MAIN(TestDiffieHellman)
#include "tst_diffiehellman.moc"
