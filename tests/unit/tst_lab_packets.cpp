// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// What the lab's timeline keeps about each ESP packet so that views can dissect it without parsing
// on their own (lab/PacketAnnotations.h): the WAN record's ESP layout and ESN high bits, the
// receiver's decrypted part with its trailer, and the capture comment that marks an ESN packet for
// Wireshark 4.2 and older.

#include <QTest>

#include <optional>
#include <utility>
#include <vector>

#include "AnnotationTest.h"
#include "LabTestSupport.h"
#include "base/SharedBytes.h"
#include "capture/WiresharkKeys.h"
#include "lab/PacketAnnotations.h"
#include "lab/Timeline.h"

using namespace ipseclab;

using wire::findAnnotation;

class TestLabPackets : public QObject {
    Q_OBJECT

private slots:
    void espRecordsCarryWhatTheirDissectionNeeds_data() {
        QTest::addColumn<QString>("scenario");
        QTest::newRow("main-quick") << "main-quick";
        QTest::newRow("gcm") << "gcm";
        QTest::newRow("esn-wrap") << "esn-wrap";
    }
    void espRecordsCarryWhatTheirDissectionNeeds() {
        QFETCH(QString, scenario);
        const bool esn = scenario == "esn-wrap";
        const bool gcm = scenario == "gcm";
        auto lab = test::makeLab(test::builtin(scenario.toStdString()));
        QVERIFY(test::runToEnd(*lab));
        int wanEsp = 0, decrypted = 0, wrapped = 0;
        for (const lab::LabEvent& e : lab->timeline().events()) {
            if (const auto* record = e.as<lab::PacketRecord>(); record && record->interface == lab::Interface::Wan) {
                const wire::Annotations fields = lab::dissect(*record).annotations;
                if (!findAnnotation(fields, "esp")) {
                    QVERIFY(record->comment.find("ESN") == std::string::npos);
                    continue;
                }
                ++wanEsp;
                QVERIFY(record->sequenceNumber());
                const std::uint64_t seq = *record->sequenceNumber();
                QCOMPARE(record->hints().espLayout,
                         std::optional<wire::EspLayout>(gcm ? wire::EspLayout{8, 16} : wire::EspLayout{16, 12}));
                QCOMPARE(findAnnotation(fields, "esp.icv")->length, std::size_t{gcm ? 16u : 12u});
                QCOMPARE(findAnnotation(fields, "esp.sequence")->offset, std::size_t{24});
                // ESN: the high half named, on no byte; the comment says what Wireshark 4.0 shows.
                QCOMPARE(record->hints().sequenceHigh.has_value(), esn);
                QCOMPARE(findAnnotation(fields, "ipseclab.esp.sequence_high") != nullptr, esn);
                const bool marked = record->comment.find(capture::esnPacketComment(seq)) != std::string::npos;
                QCOMPARE(marked, esn);
                if (esn) {
                    QCOMPARE(*record->hints().sequenceHigh, std::uint32_t(seq >> 32));
                    QVERIFY(findAnnotation(fields, "ipseclab.esp.sequence_high")->value.find(std::to_string(seq)) !=
                            std::string::npos);
                    wrapped += seq >> 32 == 1;
                }
            }
            if (const auto* verdict = e.as<lab::DataPlaneRecord>();
                verdict && verdict->event().kind == ipsec::EventKind::Verdict &&
                verdict->event().verdict == ipsec::Verdict::Accepted) {
                ++decrypted;
                // The decrypted part: the delivered inner packet first, then the trailer.
                QVERIFY(verdict->cleartext().size() > verdict->payload().size());
                QVERIFY(std::equal(verdict->payload().begin(), verdict->payload().end(), verdict->cleartext().begin()));
                const wire::Annotations clear = lab::dissectCleartext(*verdict).annotations;
                QCOMPARE(findAnnotation(clear, "esp.protocol")->value, std::string("IPv4 (4)"));
                QCOMPARE(findAnnotation(clear, "ip")->length, std::size_t{20});
                QCOMPARE(findAnnotation(clear, "esp.pad_len")->offset, verdict->cleartext().size() - 2);
                // The packet as judged: SPI onwards, with the same hints as on the wire.
                QCOMPARE(findAnnotation(lab::dissect(*verdict).annotations, "esp.sequence")->offset, std::size_t{4});
            }
        }
        QCOMPARE(wanEsp, esn ? 8 : 6);
        QCOMPARE(decrypted, wanEsp);
        QCOMPARE(wrapped, esn ? 4 : 0);
    }

    // Issue 18: a packet's bytes are kept once. The sender's and the receiver's records of an ESP or
    // AH packet point into its WAN frame (after a NAT too: it rewrites the headers before them), and
    // the LAN packet that leaves the far gateway into what the receiver's verdict delivered.
    void packetBytesAreKeptOnce_data() {
        QTest::addColumn<QString>("scenario");
        QTest::newRow("main-quick") << "main-quick";
        QTest::newRow("nat") << "nat";
        QTest::newRow("ah") << "ah";
        QTest::newRow("transport") << "transport";
    }
    void packetBytesAreKeptOnce() {
        QFETCH(QString, scenario);
        auto lab = test::makeLab(test::builtin(scenario.toStdString()));
        QVERIFY(test::runToEnd(*lab));
        const lab::Timeline& timeline = lab->timeline();
        int wan = 0, lan = 0;
        const lab::DataPlaneRecord* lastVerdict = nullptr;
        for (const lab::LabEvent& e : timeline) {
            if (const auto* verdict = e.as<lab::DataPlaneRecord>();
                verdict && verdict->event().kind == ipsec::EventKind::Verdict)
                lastVerdict = verdict;
            const auto* record = e.as<lab::PacketRecord>();
            if (!record || record->frame == 0) continue;
            if (record->interface == lab::Interface::Wan && record->sequenceNumber()) {
                const std::string packet = (scenario == "ah" ? "AH." : "ESP.") + record->saName() + ".seq" +
                                           std::to_string(*record->sequenceNumber());
                for (const char* side : {".sent", ".verdict"}) {
                    const lab::LabEvent* judged = timeline.find(packet + side);
                    QVERIFY2(judged, (packet + side).c_str());
                    const SharedBytes& bytes = judged->as<lab::DataPlaneRecord>()->packet;
                    QVERIFY2(bytes.sharesBufferWith(record->packet), (packet + side).c_str());
                    QVERIFY(std::equal(bytes.begin(), bytes.end(), record->packet.end() - bytes.size()));
                }
                ++wan;
            } else if (record->fateText.rfind("delivered", 0) == 0 && lastVerdict) {
                // A LAN packet out of the tunnel lies inside what the verdict before it delivered (the
                // decrypted part, or the AH packet's tail).
                const ByteView delivered = lastVerdict->payload();
                QVERIFY(record->packet.data() >= delivered.data() &&
                        record->packet.end() <= delivered.data() + delivered.size());
                ++lan;
            }
        }
        QCOMPARE(wan, 6);
        QCOMPARE(lan, scenario == "transport" ? 0 : 6); // requests and replies; transport mode has no LAN frames
    }

    // The lines of the events every packet makes are made from their records when asked (issue 18):
    // the same lines the lab kept before.
    void packetEventsMakeTheirLines() {
        auto lab = test::makeLab(test::builtin("main-quick"));
        QVERIFY(test::runToEnd(*lab));
        const lab::Timeline& timeline = lab->timeline();
        const lab::LabEvent* sent = timeline.find("ESP.A2B.seq1.sent");
        const lab::LabEvent* verdict = timeline.find("ESP.A2B.seq1.verdict");
        const lab::LabEvent* request = timeline.find("echo.1.request");
        const lab::LabEvent* out = timeline.find("echo.1.request.B");
        QVERIFY(sent && verdict && request && out);
        QCOMPARE(sent->summary(), std::string("ESP seq 1"));
        const auto* sentRecord = sent->as<lab::DataPlaneRecord>();
        QVERIFY(sentRecord);
        const std::string spi = hex32(sentRecord->event().spi);
        QCOMPARE(sent->text(), "A2B protects a packet: ESP SPI " + spi + ", seq 1, " +
                                   std::to_string(sentRecord->packet.size()) + " bytes");
        QCOMPARE(verdict->summary(), std::string("ESP seq 1 · accepted"));
        QCOMPARE(verdict->text(), "A2B ESP SPI " + spi + " seq 1: accepted (window right edge 0 → 1)");
        const auto* lanA = request->as<lab::PacketRecord>();
        const auto* lanB = out->as<lab::PacketRecord>();
        QVERIFY(lanA && lanB && lanA->frame != 0 && lanB->frame > lanA->frame);
        QCOMPARE(request->summary(), std::string("echo request #1"));
        QCOMPARE(request->text(), "LAN A #" + std::to_string(lanA->frame) + ": " + lanA->comment);
        QVERIFY2(lanA->comment.rfind("echo request #1 10.1.0.10 → 10.2.0.20 from host A to gateway A", 0) == 0,
                 lanA->comment.c_str());
        QCOMPARE(out->text(), "LAN B #" + std::to_string(lanB->frame) + ": " + lanB->comment);

        // Other events keep theirs as set, each part apart.
        lab::LabEvent e;
        e.setWords("fast-forward", "60 s of silence");
        QCOMPARE(e.summary(), std::string("fast-forward"));
        QCOMPARE(e.text(), std::string("60 s of silence"));
        e.setSummary("clock");
        QCOMPARE(e.text(), std::string("60 s of silence"));
        e.setText("");
        QCOMPARE(e.summary(), std::string("clock"));
        QVERIFY(e.text().empty());
    }

    // A data-plane record keeps its event in small fields (issue 18): what it gives back is what it was given.
    void dataPlaneRecordKeepsItsEvent() {
        lab::Timeline timeline;
        ipsec::Event e;
        e.kind = ipsec::EventKind::Verdict;
        e.protocol = ipsec::IpsecProtocol::Esp;
        e.verdict = ipsec::Verdict::TooOld;
        e.limit = ipsec::LimitKind::Packets;
        e.label = "A2B#2";
        e.spi = 0xc6744e7c;
        e.sequenceNumber = 0x1'0000'0005;
        e.extendedSequenceNumbers = true;
        e.espLayout = wire::EspLayout{.ivLength = 16, .icvLength = 12};
        e.reason = "left of the window";
        e.window = ipsec::WindowDelta{.previousRightEdge = 70,
                                      .rightEdge = 80,
                                      .marked = 80,
                                      .shift = 10,
                                      .firstClearedWord = 1,
                                      .clearedWords = 2};
        const lab::DataPlaneEvent kept = lab::DataPlaneRecord::of(e, timeline).event();
        QCOMPARE(kept.kind, e.kind);
        QCOMPARE(kept.protocol, e.protocol);
        QCOMPARE(kept.verdict, e.verdict);
        QCOMPARE(kept.limit, e.limit);
        QCOMPARE(kept.label, e.label);
        QCOMPARE(kept.spi, e.spi);
        QCOMPARE(kept.sequenceNumber, e.sequenceNumber);
        QVERIFY(kept.extendedSequenceNumbers);
        QCOMPARE(kept.espLayout, e.espLayout);
        QCOMPARE(kept.reason, e.reason);
        QVERIFY(kept.window);
        QCOMPARE(kept.window->previousRightEdge, std::uint64_t{70});
        QCOMPARE(kept.window->clearedWords, std::uint32_t{2});

        e = ipsec::Event{}; // AH, sent: no layout, no reason, no window
        e.kind = ipsec::EventKind::Sent;
        e.protocol = ipsec::IpsecProtocol::Ah;
        const lab::DataPlaneEvent sent = lab::DataPlaneRecord::of(e, timeline).event();
        QCOMPARE(sent.kind, ipsec::EventKind::Sent);
        QCOMPARE(sent.protocol, ipsec::IpsecProtocol::Ah);
        QVERIFY(!sent.espLayout && !sent.window && sent.reason.empty());
        const lab::PacketRecord lan; // no WAN fields
        QVERIFY(lan.saName().empty() && lan.datagramId().empty() && !lan.sequenceNumber() && !lan.hints().espLayout);
    }

    // An accepted verdict's window change is kept inline when the small fields say it exactly, with
    // the rare parts when not (a jump past 32 bits, a bit other than the packet's): either way the
    // same change comes back, and a copy of the record keeps it.
    void dataPlaneRecordKeepsItsWindow() {
        lab::Timeline timeline;
        using W = ipsec::WindowDelta;
        const std::uint64_t big = 0x3'0000'0000;
        const std::vector<std::pair<std::uint64_t, W>> cases{
            {80, W{.previousRightEdge = 70, .rightEdge = 80, .marked = 80, .shift = 10, .clearedWords = 1}},
            {75, W{.previousRightEdge = 80, .rightEdge = 80, .marked = 75}}, // inside the window
            {big, W{.previousRightEdge = 5, .rightEdge = big, .marked = big, .shift = big - 5, .clearedWords = 65}},
            {9, W{.previousRightEdge = 9, .rightEdge = 9, .marked = 8}}, // not the packet's own number
            {1, W{.rightEdge = 1, .marked = 1, .shift = 1, .firstClearedWord = 300, .clearedWords = 1}},
        };
        for (const auto& [seq, window] : cases) {
            ipsec::Event e;
            e.kind = ipsec::EventKind::Verdict;
            e.sequenceNumber = seq;
            e.window = window;
            const lab::DataPlaneRecord record = lab::DataPlaneRecord::of(e, timeline);
            for (const lab::DataPlaneRecord& r : {record, lab::DataPlaneRecord(record)}) {
                const std::optional<W> kept = r.window();
                QVERIFY(kept);
                QCOMPARE(kept->previousRightEdge, window.previousRightEdge);
                QCOMPARE(kept->rightEdge, window.rightEdge);
                QCOMPARE(kept->marked, window.marked);
                QCOMPARE(kept->shift, window.shift);
                QCOMPARE(kept->firstClearedWord, window.firstClearedWord);
                QCOMPARE(kept->clearedWords, window.clearedWords);
                QVERIFY(r.reason().empty());
            }
        }
    }

    void sharedBytesShareAndSlice() {
        const Bytes bytes{1, 2, 3, 4, 5};
        const SharedBytes whole(bytes);
        SharedBytes copy = whole;
        QVERIFY(copy.sharesBufferWith(whole));
        QCOMPARE(copy.data(), whole.data());
        const SharedBytes tail = whole.slice(3, 10); // clamped to the bytes there are
        QCOMPARE(tail.toBytes(), (Bytes{4, 5}));
        QVERIFY(tail.sharesBufferWith(whole));
        QVERIFY(whole.slice(9, 1).empty());
        copy = SharedBytes(Bytes{1, 2, 3, 4, 5}); // equal bytes, another buffer
        QCOMPARE(copy, whole);
        QVERIFY(!copy.sharesBufferWith(whole));
        QVERIFY(SharedBytes().empty());
        QVERIFY(!SharedBytes().sharesBufferWith(SharedBytes()));
    }
};

QTEST_GUILESS_MAIN(TestLabPackets)
#include "tst_lab_packets.moc"
