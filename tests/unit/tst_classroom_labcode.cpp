// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Lab codes (classroom/LabCode.h): every typo of one character and every swap is caught, the forms a
// student types are forgiven, look-alike letters are named with their position, seeds round-trip.

#include <QTest>

#include <random>

#include "classroom/LabCode.h"

using namespace ipseclab;
using namespace ipseclab::classroom;

namespace {

// A spread of codes: the ends of the range and pseudo-random seeds between.
std::vector<std::uint64_t> sampleSeeds() {
    std::vector<std::uint64_t> seeds = {0, 1, 31, 32, kLabSeedLimit - 1, kLabSeedLimit / 2};
    std::mt19937_64 random(16);
    for (int i = 0; i < 300; ++i) seeds.push_back(random() % kLabSeedLimit);
    return seeds;
}

// The code without its dash, the form positions count in.
std::string plain(std::string code) {
    code.erase(4, 1);
    return code;
}

} // namespace

class TestLabCode : public QObject {
    Q_OBJECT
private slots:
    void roundTrip() {
        for (const std::uint64_t seed : sampleSeeds()) {
            const std::string code = encodeLabCode(seed);
            QCOMPARE(code.size(), std::size_t{9});
            QCOMPARE(code[4], '-');
            const auto back = decodeLabCode(code);
            QVERIFY2(back.has_value(), code.c_str());
            QCOMPARE(*back, seed);
        }
    }

    void everySubstitutionIsCaught() {
        for (const std::uint64_t seed : sampleSeeds()) {
            const std::string code = plain(encodeLabCode(seed));
            for (std::size_t i = 0; i < code.size(); ++i)
                for (const char other : kLabCodeAlphabet) {
                    if (other == code[i]) continue;
                    std::string typo = code;
                    typo[i] = other;
                    const auto decoded = decodeLabCode(typo);
                    QVERIFY2(!decoded.has_value(), (code + " -> " + typo).c_str());
                    QVERIFY(decoded.error().message.find("check character") != std::string::npos);
                }
        }
    }

    void everySwapIsCaught() {
        for (const std::uint64_t seed : sampleSeeds()) {
            const std::string code = plain(encodeLabCode(seed));
            for (std::size_t i = 0; i + 1 < code.size(); ++i)
                for (std::size_t j = i + 1; j < code.size(); ++j) {
                    if (code[i] == code[j]) continue;
                    std::string swapped = code;
                    std::swap(swapped[i], swapped[j]);
                    QVERIFY2(!decodeLabCode(swapped).has_value(), (code + " -> " + swapped).c_str());
                }
        }
    }

    // The pair Luhn mod 32 would miss: 0 and Z side by side.
    void zeroAndZSwapIsCaught() {
        for (std::uint64_t seed = 0; seed < 4096; ++seed) {
            const std::string code = plain(encodeLabCode(seed));
            for (std::size_t i = 0; i + 1 < code.size(); ++i)
                if ((code[i] == '0' && code[i + 1] == 'Z') || (code[i] == 'Z' && code[i + 1] == '0')) {
                    std::string swapped = code;
                    std::swap(swapped[i], swapped[i + 1]);
                    QVERIFY2(!decodeLabCode(swapped).has_value(), swapped.c_str());
                }
        }
    }

    void typedFormsAreForgiven() {
        const std::string code = encodeLabCode(123456789);
        std::string lower = code;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const std::string spaced = " " + code.substr(0, 4) + " " + code.substr(5) + " ";
        for (const std::string& typed : {lower, spaced, plain(code), code.substr(0, 2) + "-" + code.substr(2)}) {
            const auto normal = normalizeLabCode(typed);
            QVERIFY2(normal.has_value(), typed.c_str());
            QCOMPARE(*normal, code);
        }
    }

    void lookalikesAreNamedWithTheirPosition_data() {
        QTest::addColumn<char>("letter");
        QTest::addColumn<QString>("hint");
        QTest::newRow("O") << 'O' << "did you mean 0?";
        QTest::newRow("I") << 'I' << "did you mean 1?";
        QTest::newRow("L") << 'L' << "did you mean 1?";
        QTest::newRow("U") << 'U' << "did you mean V?";
        QTest::newRow("o lower") << 'o' << "did you mean 0?";
        QTest::newRow("punctuation") << '.' << "not a lab code character";
        QTest::newRow("control") << '\x1b' << ": a control character (";
        QTest::newRow("non-ASCII byte") << '\xc3' << ": a character outside the alphabet (";
    }
    void lookalikesAreNamedWithTheirPosition() {
        QFETCH(char, letter);
        QFETCH(QString, hint);
        std::string typed = encodeLabCode(42);
        typed[6] = letter;
        const auto decoded = decodeLabCode(typed);
        QVERIFY(!decoded.has_value());
        const QString message = QString::fromStdString(decoded.error().message);
        QVERIFY2(message.startsWith("character 7: "), qPrintable(message));
        QVERIFY2(message.contains(hint), qPrintable(message));
    }

    void wrongLengthIsRefused() {
        QVERIFY(!decodeLabCode("K7QF-92X").has_value());
        QVERIFY(!decodeLabCode("K7QF-92XDD").has_value());
        QVERIFY(!decodeLabCode("").has_value());
        QVERIFY(QString::fromStdString(decodeLabCode("K7QF-92X").error().message).contains("has 7"));
    }

    void seedsAreKeyedByTheSecret() {
        const Bytes a(32, 1), b(32, 2);
        QCOMPARE(studentSeed(a, "s1"), studentSeed(a, "s1"));
        QVERIFY(studentSeed(a, "s1") != studentSeed(b, "s1"));
        QVERIFY(studentSeed(a, "s1") != studentSeed(a, "s2"));
        QVERIFY(studentSeed(a, "s1", 0) != studentSeed(a, "s1", 1));
        QVERIFY(studentSeed(a, "s1") < kLabSeedLimit);
    }
};

QTEST_GUILESS_MAIN(TestLabCode)
#include "tst_classroom_labcode.moc"
