// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Attacks in bulk (issue 18): flood:replay=N and flood:forge=N put N packets on the WAN
// back-to-back at the line rate. Every one gets its verdict, counted for the attack and by the
// receiving SA; replays land as duplicates or too old, forgeries fail the ICV check and never move
// the window (RFC 4303 §3.4.3), and the genuine traffic after the flood is still accepted. For
// several seeds, and at 100,000 packets. The packets are made as they are due, so a flood's memory
// does not grow with its size, and they are those the flood showed on the wire when it began.

#include <QElapsedTimer>
#include <QTest>

#include <malloc.h>

#include "LabTestSupport.h"
#include "TestData.h"
#include "lab/HeadlessRunner.h"

using namespace ipseclab;
using namespace ipseclab::test;
using ipsec::Verdict;

namespace {

std::unique_ptr<lab::Lab> flooded(const char* spec, std::uint64_t seed, std::uint32_t traffic) {
    lab::LabOptions options;
    options.seed = seed;
    options.trafficCount = traffic;
    auto parsed = lab::AttackSpec::parse(spec);
    if (!parsed) qFatal("%s", parsed.error().message.c_str());
    options.attacks.push_back(*parsed);
    return makeLab(builtin("main-quick"), options);
}

std::uint64_t count(const std::vector<Verdict>& verdicts, Verdict verdict) {
    return static_cast<std::uint64_t>(std::count(verdicts.begin(), verdicts.end(), verdict));
}

// Site B's inbound A→B SA, as the lab counts it.
lab::SaReport receiving(const lab::Lab& l) {
    for (const auto& sa : l.saReports())
        if (sa.site == lab::Site::B && sa.inbound && sa.name == "A2B") return sa;
    qFatal("no A2B at Site B");
}

// The flood's packets as they crossed the WAN: delivered events of attack 1, in order.
std::vector<const lab::LabEvent*> floodOnTheWire(const lab::Lab& l) {
    std::vector<const lab::LabEvent*> out;
    for (const auto& e : l.timeline())
        if (e.kind == lab::LabEventKind::Wire && e.attack == 1) out.push_back(&e);
    return out;
}

// Back-to-back at 100 Mbit/s: packet k leaves when the k before it have crossed the line.
void checkLineRate(const lab::Lab& l, std::size_t n) {
    const auto wire = floodOnTheWire(l);
    QCOMPARE(wire.size(), n);
    std::uint64_t bits = 0;
    for (const lab::LabEvent* e : wire) {
        QCOMPARE((e->time - wire.front()->time).count(), static_cast<Timestamp::rep>(bits / 100));
        bits += 8 * e->as<lab::PacketRecord>()->packet.size();
    }
}

void checkGenuineTrafficKept(const lab::Lab& l, std::uint32_t traffic) {
    QVERIFY2(l.outcome()->asDesigned, qPrintable(l.outcome()->sentence.c_str()));
    const auto st = l.status();
    QCOMPARE(st.legitimateRejected, std::uint64_t{0});
    QCOMPARE(st.echoRequests, traffic);
    QCOMPARE(st.echoReplies, traffic);
    QCOMPARE(receiving(l).counters.count(Verdict::Accepted), std::uint64_t{traffic});
}

// The heap in use: what malloc handed out and was not freed yet (glibc's count).
std::size_t heapInUse() {
    const struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
}

// The highest heap in use, over the heap at its start, of a `--summary` lab (nothing kept of its
// past) flooded with `spec`, looked at every 16 steps.
std::size_t floodPeakHeap(const char* spec) {
    lab::LabOptions options;
    options.seed = 4;
    options.trafficCount = 20;
    options.retention = lab::Retention{false, false};
    options.attacks.push_back(*lab::AttackSpec::parse(spec));
    auto l = makeLab(builtin("main-quick"), options);
    const std::size_t base = heapInUse();
    std::size_t peak = base;
    for (std::size_t i = 0; !l->finished(); ++i) {
        auto stepped = l->step();
        if (!stepped || !*stepped) qFatal("%s: the run stopped before its end", spec);
        if (i % 16 == 0) peak = std::max(peak, heapInUse());
    }
    return peak - base;
}

} // namespace

class TestLabFlood : public QObject {
    Q_OBJECT

private slots:
    void floodOfReplays_data() {
        QTest::addColumn<quint64>("seed");
        for (quint64 seed : {1, 2, 3}) QTest::newRow(qPrintable(QString("seed %1").arg(seed))) << seed;
    }
    // 200 packets sent, then 5,000 replays drawn from the last 128 (twice the window of 64): about
    // half inside the window (duplicates), half left of it (too old). The window stays.
    void floodOfReplays() {
        QFETCH(quint64, seed);
        auto l = flooded("flood:replay=5000", seed, 200);
        QVERIFY(runToEnd(*l));
        checkGenuineTrafficKept(*l, 200);
        const auto r = l->attackReports().at(0);
        QCOMPARE(QString::fromStdString(r.status), QString("done"));
        QCOMPARE(r.verdicts.size(), std::size_t{5000});
        const std::uint64_t duplicates = count(r.verdicts, Verdict::Duplicate);
        const std::uint64_t tooOld = count(r.verdicts, Verdict::TooOld);
        QCOMPARE(duplicates + tooOld, std::uint64_t{5000});
        QVERIFY2(duplicates > 2000 && tooOld > 2000, qPrintable(QString("%1 / %2").arg(duplicates).arg(tooOld)));
        QCOMPARE(r.rightEdgeBefore, std::optional<std::uint64_t>(200));
        QCOMPARE(r.rightEdgeAfter, std::optional<std::uint64_t>(200));
        const lab::SaReport sa = receiving(*l);
        QCOMPARE(sa.counters.count(Verdict::Duplicate), duplicates);
        QCOMPARE(sa.counters.count(Verdict::TooOld), tooOld);
        QCOMPARE(sa.rightEdge, std::optional<std::uint64_t>(200));
        checkLineRate(*l, 5000);
        // One attack event for the flood, not one per packet; every packet in the capture.
        QCOMPARE(countPrefix(l->timeline(), "attack.1.injected"), 1);
        QVERIFY(l->capture().packetCount() >= 5000 + 3 * 2 * 200);
        // The summary counts the verdicts.
        const std::string summary = lab::TextReport::attacks(*l);
        QVERIFY2(summary.find("verdicts: duplicate " + std::to_string(duplicates) + ", too old " +
                              std::to_string(tooOld) + " (5000 packets)") != std::string::npos,
                 summary.c_str());
    }

    void floodOfForgeries_data() {
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<QString>("spec");
        for (quint64 seed : {1, 2, 3}) {
            QTest::newRow(qPrintable(QString("seed %1").arg(seed))) << seed << "flood:forge=5000:at=20";
            QTest::newRow(qPrintable(QString("seed %1, spread").arg(seed)))
                << seed << "flood:forge=5000:spread=4:at=20";
        }
    }
    // During the traffic (after packet 20 of 50): every forgery fails the ICV check, the window does
    // not move for any of them, and packets 21 to 50, whose numbers the forgeries took, are accepted.
    void floodOfForgeries() {
        QFETCH(quint64, seed);
        QFETCH(QString, spec);
        auto l = flooded(qPrintable(spec), seed, 50);
        QVERIFY(runToEnd(*l));
        checkGenuineTrafficKept(*l, 50);
        const auto r = l->attackReports().at(0);
        QCOMPARE(r.verdicts.size(), std::size_t{5000});
        QCOMPARE(count(r.verdicts, Verdict::BadIcv), std::uint64_t{5000});
        QCOMPARE(r.rightEdgeBefore, std::optional<std::uint64_t>(20));
        QCOMPARE(r.rightEdgeAfter, std::optional<std::uint64_t>(20));
        const std::uint64_t spread = lab::AttackSpec::parse(spec.toStdString())->spread;
        for (const lab::LabEvent* e : floodOnTheWire(*l)) {
            const auto seq = e->as<lab::PacketRecord>()->sequenceNumber().value_or(0);
            QVERIFY2(seq > 20 && seq <= 20 + spread, e->id.c_str());
        }
        QCOMPARE(receiving(*l).counters.count(Verdict::BadIcv), std::uint64_t{5000});
        QCOMPARE(receiving(*l).rightEdge, std::optional<std::uint64_t>(50));
        checkLineRate(*l, 5000);
    }

    // The same seed, the same flood: deterministic like every other attack.
    void floodIsDeterministic() {
        auto a = flooded("flood:replay=500", 7, 100);
        auto b = flooded("flood:replay=500", 7, 100);
        QVERIFY(runToEnd(*a) && runToEnd(*b));
        QCOMPARE(a->attackReports()[0].verdicts, b->attackReports()[0].verdicts);
        QCOMPARE(a->capture().bytes(), b->capture().bytes());
    }

    // 100,000 packets of each kind: every verdict counted (the time is printed, not asserted: the
    // ASan build takes about 27 s; benchmarks measure speed).
    void floodAtScale_data() {
        QTest::addColumn<QString>("spec");
        QTest::newRow("replay") << "flood:replay=100000";
        QTest::newRow("forge") << "flood:forge=100000";
    }
    void floodAtScale() {
        QFETCH(QString, spec);
        QElapsedTimer timer;
        timer.start();
        auto l = flooded(qPrintable(spec), 5, 20);
        QVERIFY(runToEnd(*l));
        const qint64 ms = timer.elapsed();
        qInfo("%s: %lld ms, %zu events", qPrintable(spec), ms, l->timeline().size());
        checkGenuineTrafficKept(*l, 20);
        const auto r = l->attackReports().at(0);
        QCOMPARE(r.verdicts.size(), std::size_t{100000});
        const lab::SaReport sa = receiving(*l);
        std::uint64_t rejected = 0;
        for (std::size_t v = 0; v < ipsec::kVerdictCount; ++v)
            if (static_cast<Verdict>(v) != Verdict::Accepted) rejected += sa.counters.verdicts[v];
        QCOMPARE(rejected, std::uint64_t{100000});
        QCOMPARE(r.rightEdgeBefore, r.rightEdgeAfter);
    }

    // A flood's packets are made as they are due: a --summary run flooded with 100,000 packets peaks
    // at about the heap of one flooded with 1,000 (all at once, they took 0.8 KB each: 80 MB).
    void floodMemoryIsFlat_data() {
        QTest::addColumn<QString>("kind");
        QTest::newRow("replay") << "replay";
        QTest::newRow("forge") << "forge";
    }
    void floodMemoryIsFlat() {
#if defined(__SANITIZE_ADDRESS__)
        QSKIP("AddressSanitizer's allocator does not report to mallinfo2");
#endif
        QFETCH(QString, kind);
        const std::size_t small = floodPeakHeap(qPrintable("flood:" + kind + "=1000"));
        const std::size_t large = floodPeakHeap(qPrintable("flood:" + kind + "=100000"));
        qInfo("%s: peak heap growth %zu KiB (1,000 packets), %zu KiB (100,000)", qPrintable(kind), small / 1024,
              large / 1024);
        QVERIFY2(large < small + 4 * 1024 * 1024,
                 qPrintable(QString("%1 / %2 KiB").arg(large / 1024).arg(small / 1024)));
    }

    // What the wire shows of a flood when it begins (heldPackets(), every packet to come) is what
    // then crosses it, packet for packet and microsecond for microsecond, though the packets are
    // made only as they leave; a second flood and a forgery on the attacker's random stream too.
    void floodCrossesAsShown_data() {
        QTest::addColumn<QString>("spec");
        QTest::newRow("replay") << "flood:replay=3000";
        QTest::newRow("forge") << "flood:forge=3000:spread=9";
    }
    void floodCrossesAsShown() {
        QFETCH(QString, spec);
        lab::LabOptions options;
        options.seed = 11;
        options.trafficCount = 40;
        for (const QString& s : {spec + ":at=10", QString("flood:forge=500:at=10"), QString("forge:seq=+2")})
            options.attacks.push_back(*lab::AttackSpec::parse(s.toStdString()));
        auto l = makeLab(builtin("main-quick"), options);
        std::vector<lab::HeldPacketView> shown;
        while (shown.empty()) {
            auto stepped = l->step();
            QVERIFY(stepped && *stepped);
            for (const lab::HeldPacketView& v : l->heldPackets())
                if (v.attack == 1) shown.push_back(v);
        }
        QCOMPARE(shown.size(), std::size_t{3000});
        QVERIFY(runToEnd(*l));
        const auto wire = floodOnTheWire(*l);
        QCOMPARE(wire.size(), shown.size());
        for (std::size_t i = 0; i < wire.size(); ++i) {
            QCOMPARE(wire[i]->summary(), shown[i].summary);
            QCOMPARE(wire[i]->time, shown[i].arrival);
        }
        QCOMPARE(l->status().floodPackets, std::uint64_t{3500});
        QCOMPARE(l->attackReports().at(1).verdicts.size(), std::size_t{500});
    }

    // A headless run's step limit leaves room for its floods: one step per packet, beyond the
    // million steps and the echoes' (two floods of the largest size once stopped a valid run).
    void stepLimitCountsFloods() {
        lab::Scenario scenario = *lab::builtinScenario("main-quick");
        scenario.traffic.count = 10;
        const std::size_t plain = lab::headlessStepLimit(scenario);
        for (const char* spec : {"flood:replay=500000", "flood:forge=500000"})
            scenario.attacks.push_back(*lab::AttackSpec::parse(spec));
        scenario.attacks.push_back(*lab::AttackSpec::parse("replay:seq=3"));
        QCOMPARE(lab::headlessStepLimit(scenario), plain + 1000000);
    }
};

QTEST_APPLESS_MAIN(TestLabFlood)
#include "tst_lab_flood.moc"
