// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// core/crypto's per-packet contexts (Hmac, CbcContext, GcmContext): the keyed objects the ESP and
// AH data plane reuses for every packet. Known answers from the digest §8 (RFC 2202/2404, RFC 4231,
// RFC 4868, RFC 3602, the GCM spec and draft-mcgrew-gcm-test), agreement with the one-shot
// functions, reuse across packets, in-place operation, and the errors.

#include <QTest>

#include "TestData.h"
#include "crypto/Cipher.h"
#include "crypto/CipherContext.h"
#include "crypto/Gcm.h"
#include "crypto/Hmac.h"
#include "crypto/Prf.h"

using namespace ipseclab;
using namespace ipseclab::crypto;

namespace {
using test::hex;
Bytes repeat(std::uint8_t byte, std::size_t n) { return Bytes(n, byte); }
} // namespace

class TestCryptoContexts : public QObject {
    Q_OBJECT

private slots:
    void hmacKnownAnswers() {
        // RFC 2202 / RFC 2404 TC1, TC2 (SHA-1), TC6 (80-byte key, hashed first).
        Hmac sha1(HashAlgorithm::Sha1, repeat(0x0b, 20));
        QCOMPARE(toHex(sha1.mac(bytesOf("Hi There"))), std::string("b617318655057264e28bc0b6fb378c8ef146be00"));
        Hmac jefe(HashAlgorithm::Sha1, bytesOf("Jefe"));
        QCOMPARE(toHex(jefe.mac(bytesOf("what do ya want for nothing?"))),
                 std::string("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"));
        Hmac longKey(HashAlgorithm::Sha1, repeat(0xaa, 80));
        QCOMPARE(toHex(longKey.mac(bytesOf("Test Using Larger Than Block-Size Key - Hash Key First"))),
                 std::string("aa4ae5e15272d00e95705637ce8a3b55ed402112"));
        // RFC 4231 TC1 and TC2 (SHA-256).
        Hmac sha256(HashAlgorithm::Sha256, repeat(0x0b, 20));
        QCOMPARE(toHex(sha256.mac(bytesOf("Hi There"))),
                 std::string("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"));
        // RFC 4868 AUTH256-1: 32-byte key, ICV = first 16 bytes.
        Hmac auth256(HashAlgorithm::Sha256, repeat(0x0b, 32));
        auth256.begin();
        auth256.update(bytesOf("Hi There"));
        Bytes icv(16);
        auth256.finish(icv);
        QCOMPARE(toHex(icv), std::string("198a607eb44bfbc69903a0f1cf2bbdc5"));
        // RFC 2202 MD5 TC1.
        Hmac md5(HashAlgorithm::Md5, repeat(0x0b, 16));
        QCOMPARE(toHex(md5.mac(bytesOf("Hi There"))), std::string("9294727a3638bb1c13f48ef8158bfc9d"));
    }

    // The keyed context, fed in pieces and reused, gives what the one-shot prf() gives.
    void hmacMatchesOneShotAcrossReuse() {
        for (HashAlgorithm alg : {HashAlgorithm::Md5, HashAlgorithm::Sha1, HashAlgorithm::Sha256, HashAlgorithm::Sha384,
                                  HashAlgorithm::Sha512}) {
            const Bytes key = repeat(0x5c, 37);
            Hmac hmac(alg, key);
            QCOMPARE(hmac.length(), hashLength(alg));
            for (int packet = 0; packet < 5; ++packet) {
                Bytes message(100 + packet * 37);
                for (std::size_t i = 0; i < message.size(); ++i) message[i] = static_cast<std::uint8_t>(i * packet + 3);
                hmac.begin();
                hmac.update(ByteView(message).first(10));
                hmac.update(ByteView(message).subspan(10));
                Bytes out(hashLength(alg));
                hmac.finish(out);
                QCOMPARE(out, prf(alg, key, message));
            }
        }
        Hmac empty(HashAlgorithm::Sha1, {});
        QCOMPARE(empty.mac(bytesOf("x")), prf(HashAlgorithm::Sha1, {}, bytesOf("x")));
    }

    void cbcKnownAnswers() {
        struct Case {
            const char* key;
            const char* iv;
            Bytes plaintext;
            const char* ciphertext;
        };
        Bytes counting(32);
        for (std::size_t i = 0; i < 32; ++i) counting[i] = static_cast<std::uint8_t>(i);
        Bytes a0(64);
        for (std::size_t i = 0; i < 64; ++i) a0[i] = static_cast<std::uint8_t>(0xa0 + i);
        const Case cases[] = {
            {"06a9214036b8a15b512e03d534120006", "3dafba429d9eb430b422da802c9fac41", bytesOf("Single block msg"),
             "e353779c1079aeb82708942dbe77181a"},
            {"c286696d887c9aa0611bbb3e2025a45a", "562e17996d093d28ddb3ba695a2e6f58", counting,
             "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1"},
            {"6c3ea0477630ce21a2ce334aa746c2cd", "c782dc4c098c66cbd9cd27d825682c81",
             bytesOf("This is a 48-byte message (exactly 3 AES blocks)"),
             "d0a02b3836451753d493665d33f0e8862dea54cdb293abc7506939276772f8d5021c19216bad525c8579695d83ba2684"},
            {"56e47a38c5598974bc46903dba290349", "8ce82eefbea0da3c44699ed7db51b7d9", a0,
             "c30e32ffedc0774e6aff6af0869f71aa0f3af07a9a31a9c684db207eb0ef8e4e35907aa632c3ffdf868bb7b29d3d46ad"
             "83ce9f9a102ee99d49a53e87f4c3da55"},
        };
        auto encrypt = CbcContext::create(CipherAlgorithm::Aes128Cbc, hex(cases[0].key), CipherDirection::Encrypt);
        QVERIFY(encrypt.has_value());
        for (const Case& c : cases) {
            auto enc = *CbcContext::create(CipherAlgorithm::Aes128Cbc, hex(c.key), CipherDirection::Encrypt);
            auto dec = *CbcContext::create(CipherAlgorithm::Aes128Cbc, hex(c.key), CipherDirection::Decrypt);
            // Twice with the same context: the second packet must not depend on the first.
            for (int round = 0; round < 2; ++round) {
                Bytes out(c.plaintext.size());
                QVERIFY(enc.process(hex(c.iv), c.plaintext, out).has_value());
                QCOMPARE(toHex(out), std::string(c.ciphertext));
                Bytes inPlace = out;
                QVERIFY(dec.process(hex(c.iv), inPlace, inPlace).has_value());
                QCOMPARE(inPlace, c.plaintext);
            }
        }
    }

    void cbcAgreesWithOneShotFor3desAndAes256() {
        for (CipherAlgorithm alg :
             {CipherAlgorithm::TripleDesCbc, CipherAlgorithm::Aes192Cbc, CipherAlgorithm::Aes256Cbc}) {
            const Bytes key = repeat(0x17, keyLength(alg));
            const Bytes iv = repeat(0x99, blockSize(alg));
            Bytes text(blockSize(alg) * 7);
            for (std::size_t i = 0; i < text.size(); ++i) text[i] = static_cast<std::uint8_t>(i);
            auto enc = *CbcContext::create(alg, key, CipherDirection::Encrypt);
            Bytes out(text.size());
            QVERIFY(enc.process(iv, text, out).has_value());
            QCOMPARE(out, *cbcEncrypt(alg, key, iv, text));
        }
    }

    void cbcErrors() {
        QVERIFY(!CbcContext::create(CipherAlgorithm::Aes128Cbc, repeat(1, 15), CipherDirection::Encrypt).has_value());
        auto enc = *CbcContext::create(CipherAlgorithm::Aes128Cbc, repeat(1, 16), CipherDirection::Encrypt);
        Bytes buffer(48);
        QVERIFY(!enc.process(repeat(0, 8), ByteView(buffer).first(16), std::span(buffer).first(16)).has_value());
        QVERIFY(!enc.process(repeat(0, 16), ByteView(buffer).first(15), std::span(buffer).first(15)).has_value());
        QVERIFY(!enc.process(repeat(0, 16), ByteView(buffer).first(16), std::span(buffer).first(32)).has_value());
        // Partial overlap would corrupt the stream: refused; exact in place is fine.
        QVERIFY(!enc.process(repeat(0, 16), ByteView(buffer).first(32), std::span(buffer).subspan(8, 32)).has_value());
        QVERIFY(enc.process(repeat(0, 16), ByteView(buffer).first(32), std::span(buffer).first(32)).has_value());
    }

    // The GCM spec test cases 3 and 4, written as RFC 4106 salt | IV (digest §8.5 a).
    void gcmKnownAnswers() {
        const Bytes key = hex("feffe9928665731c6d6a8f9467308308");
        const Bytes nonce = hex("cafebabefacedbaddecaf888");
        const Bytes pt = hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                             "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255");
        const std::string ct3 = "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                                "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985";
        auto seal = *GcmContext::create(key, CipherDirection::Encrypt);
        auto open = *GcmContext::create(key, CipherDirection::Decrypt);
        Bytes ct(pt.size());
        Bytes tag(16);
        QVERIFY(seal.seal(nonce, {}, pt, ct, tag).has_value());
        QCOMPARE(toHex(ct), ct3);
        QCOMPARE(toHex(tag), std::string("4d5c2af327cd64a62cf35abd2ba6fab4"));
        const Bytes aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        Bytes ct4(60);
        QVERIFY(seal.seal(nonce, aad, ByteView(pt).first(60), ct4, tag).has_value());
        QCOMPARE(toHex(ct4), ct3.substr(0, 120));
        QCOMPARE(toHex(tag), std::string("5bc94fbc3221a5db94fae95ae7121a47"));
        Bytes back(60);
        QVERIFY(open.open(nonce, aad, ct4, tag, back).has_value());
        QCOMPARE(back, Bytes(pt.begin(), pt.begin() + 60));
        // Tampering with the AAD, the ciphertext or the tag: refused, and the output wiped.
        Bytes badAad = aad;
        badAad[0] ^= 1;
        auto refused = open.open(nonce, badAad, ct4, tag, back);
        QVERIFY(!refused.has_value());
        QCOMPARE(QString::fromStdString(refused.error().message), QStringLiteral("ICV (GCM tag) did not verify"));
        QCOMPARE(back, Bytes(60, 0));
        Bytes badTag = tag;
        badTag[15] ^= 0x80;
        QVERIFY(!open.open(nonce, aad, ct4, badTag, back).has_value());
        // A context keeps its direction.
        QVERIFY(!open.seal(nonce, {}, pt, ct, tag).has_value());
        QVERIFY(!seal.open(nonce, {}, ct, tag, ct).has_value());
        // Each refusal says what is wrong (the sentences are built only when something is).
        auto message = [](const Result<void>& r) { return r ? QString() : QString::fromStdString(r.error().message); };
        QCOMPARE(message(open.seal(nonce, {}, pt, ct, tag)),
                 QStringLiteral("AES-GCM: this context decrypts; it cannot seal"));
        QCOMPARE(message(seal.open(nonce, {}, ct, tag, ct)),
                 QStringLiteral("AES-GCM: this context encrypts; it cannot open"));
        QCOMPARE(message(seal.seal(ByteView(nonce).first(11), {}, pt, ct, tag)),
                 QStringLiteral("AES-GCM nonce must be 12 bytes (salt 4 + IV 8), got 11"));
        QCOMPARE(message(seal.seal(nonce, {}, pt, ct, std::span(tag).first(10))),
                 QStringLiteral("AES-GCM ICV must be 8, 12 or 16 bytes, got 10"));
        QCOMPARE(message(seal.seal(nonce, {}, pt, std::span(ct).first(10), tag)),
                 QStringLiteral("AES-GCM output must be as long as the plaintext and not overlap it partially"));
        QCOMPARE(message(open.open(nonce, aad, ct4, tag, std::span(back).first(59))),
                 QStringLiteral("AES-GCM output must be as long as the ciphertext and not overlap it partially"));
    }

    // draft-mcgrew-gcm-test ESP with ESN (digest §8.5 b): AAD = SPI | Seq high | Seq low.
    void gcmEspWithEsn() {
        const Bytes key = hex("4c80cdefbb5d10da906ac73c3613a634");
        const Bytes nonce = hex("2e443b68"
                                "4956ed7e3b244cfe");
        const Bytes aad = hex("000043218765432100000000");
        const Bytes pt = hex("45000048699a000080114db7c0a80102c0a801010a9bf15638d3010000010000"
                             "00000000045f736970045f75647003736970096379626572636974790264"
                             "6b0000210001"
                             "01020201");
        auto seal = *GcmContext::create(key, CipherDirection::Encrypt);
        Bytes ct(pt.size());
        Bytes tag(16);
        QVERIFY(seal.seal(nonce, aad, pt, ct, tag).has_value());
        QCOMPARE(toHex(ct), std::string("fecf537e729d5b07dc30df528dd22b768d1b98736696a6fd348509fa13ceac34"
                                        "cfa2436f14a3f3cf65925bf1f4a13c5d15b21e1884f5ff6247aeabb786b93bce"
                                        "61bc17d768fd9732"));
        QCOMPARE(toHex(tag), std::string("459018148f6cbe722fd04796562dfdb4"));
        // Same as the one-shot function; and 8-byte AAD (no ESN) would not match.
        auto oneShot = *gcmEncrypt(key, nonce, aad, pt);
        QCOMPARE(oneShot.tag, tag);
        Bytes shortTag(16);
        QVERIFY(seal.seal(nonce, ByteView(aad).first(8), pt, ct, shortTag).has_value());
        QVERIFY(shortTag != tag);
        QVERIFY(!GcmContext::create(repeat(1, 20), CipherDirection::Encrypt).has_value());
    }
};

QTEST_APPLESS_MAIN(TestCryptoContexts)
#include "tst_crypto_contexts.moc"
