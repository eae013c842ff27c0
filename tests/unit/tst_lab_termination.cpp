// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Phase 5, termination: lifetimes by time and by bytes on the virtual clock with a rekey (a new
// Quick Mode) before the hard limit and no packet lost; the IKE SA's own expiry and renewal; dead
// peer detection when one side goes silent; Delete notifications when a peer closes; expiry by
// timeout when none comes; fast-forwarding the clock.

#include <QTest>

#include "LabTestSupport.h"
#include "TestData.h"

using namespace ipseclab;
using namespace ipseclab::test;
using namespace std::chrono_literals;

namespace {

bool alive(const lab::Lab& l, lab::Site site, const std::string& name) {
    for (const auto& r : l.saReports())
        if (r.site == site && r.name == name) return r.alive;
    return false;
}

// Both events exist and `first` comes before `second`.
bool before(const lab::Lab& l, const std::string& first, const std::string& second) {
    const lab::LabEvent* a = l.timeline().find(first);
    const lab::LabEvent* b = l.timeline().find(second);
    if (!a || !b) qWarning("no event %s", (a ? second : first).c_str());
    return a && b && a->index < b->index;
}

void noPacketLost(const lab::Lab& l, std::uint32_t echoes) {
    const auto st = l.status();
    QCOMPARE(st.echoRequests, echoes);
    QCOMPARE(st.echoReplies, echoes);
    QCOMPARE(st.echoesLost, 0u);
    QCOMPARE(st.legitimateRejected, std::uint64_t{0});
    for (const auto& r : l.saReports()) QCOMPARE(r.counters.refusedToSend, std::uint64_t{0});
}

} // namespace

class TestLabTermination : public QObject {
    Q_OBJECT

private slots:
    // Child lifetime 60 s: at 54 s (90 %) A starts a new Quick Mode, the traffic moves to the new
    // pair, and the old one dies at 60 s with a Delete — while a ping a second goes on.
    void rekeyByTimeUnderTraffic() {
        auto l = makeLab(scenarioFromJson(R"({"seed": 7, "siteA": {"lifetimes": {"ipsecSeconds": 60}},
            "siteB": {"lifetimes": {"ipsecSeconds": 60}}, "traffic": {"count": 100, "intervalMs": 1000}})"));
        QVERIFY(runToEnd(*l));
        QVERIFY2(l->outcome()->asDesigned, qPrintable(story(*l)));
        noPacketLost(*l, 100);
        const lab::LabEvent* soft = firstWithPrefix(l->timeline(), "A.CHILD.");
        QVERIFY(soft && soft->id.find("soft-expiry") != std::string::npos);
        QCOMPARE(soft->time, lab::Timestamp(54s) + lab::Timestamp(8ms));
        QCOMPARE(soft->phase, lab::Phase::Termination);
        QVERIFY(before(*l, "A.QM#2.QM.established", "ESP.A2B#2.seq1.sent"));
        QVERIFY(before(*l, "B.QM#2.QM.established", "ESP.A2B#2.seq1.verdict"));
        // The old pair dies after the new one carries the traffic: a hard expiry and a Delete.
        const lab::LabEvent* hard = nullptr;
        for (const auto& e : l->timeline())
            if (e.id.rfind("A.CHILD.", 0) == 0 && e.id.find("hard-expiry") != std::string::npos && !hard) hard = &e;
        QVERIFY(hard);
        QVERIFY(l->timeline().find("A.QM#2.QM.established")->index < hard->index);
        QVERIFY(firstWithPrefix(l->timeline(), "B.delete.PROTO_IPSEC_ESP."));
        QVERIFY(!alive(*l, lab::Site::A, "A2B") && !alive(*l, lab::Site::B, "A2B"));
        QVERIFY(alive(*l, lab::Site::A, "A2B#2") || alive(*l, lab::Site::A, "A2B#3"));
    }

    // 4 KB per SA: the data plane counts the bytes; the soft limit (90 %) starts the rekey, the old
    // pair is retired once the new one carries the traffic, and the hard limit is never reached.
    void rekeyByBytesUnderTraffic() {
        auto l = makeLab(scenarioFromJson(R"({"seed": 3, "siteA": {"lifetimes": {"ipsecKilobytes": 4}},
            "siteB": {"lifetimes": {"ipsecKilobytes": 4}}, "traffic": {"count": 100, "intervalMs": 500}})"));
        QVERIFY(runToEnd(*l));
        QVERIFY2(l->outcome()->asDesigned, qPrintable(story(*l)));
        noPacketLost(*l, 100);
        QVERIFY(l->timeline().find("A.ESP.A2B.soft-limit"));
        for (const auto& e : l->timeline()) QVERIFY2(e.id.find("hard-limit") == std::string::npos, e.id.c_str());
        QVERIFY(before(*l, "A.ESP.A2B.soft-limit", "A.QM#2.QM.established"));
        QVERIFY(l->timeline().find("A.QM#3.QM.established")); // 100 pings need three pairs
        QVERIFY(!alive(*l, lab::Site::B, "A2B") && !alive(*l, lab::Site::B, "A2B#2"));
        for (const auto& r : l->saReports())
            if (!r.inbound) QVERIFY(r.counters.bytesSent <= 4096);
        // One rekey per pair, though both ends (and both directions) reached the soft limit.
        QCOMPARE(countPrefix(l->timeline(), "A.QM#2.QM.established"), 1);
        QVERIFY(!l->timeline().find("A.QM#4.QM.established"));
    }

    // The IKE SA's lifetime: a new phase 1 at the soft limit, the old IKE SA deleted at the hard one;
    // the key file then has both.
    void ikeSaExpiryAndRenewal() {
        auto l = makeLab(scenarioFromJson(R"({"seed": 1, "siteA": {"lifetimes": {"ikeSeconds": 100}},
            "siteB": {"lifetimes": {"ikeSeconds": 100}}, "traffic": {"count": 3}, "runFor": 150})"));
        QVERIFY(runToEnd(*l));
        QVERIFY2(l->outcome()->asDesigned, qPrintable(story(*l)));
        QVERIFY(l->now() >= lab::Timestamp(150s));
        QVERIFY(before(*l, "A.IKE.soft-expiry", "A.IKE#2.IKE.established"));
        // The responder, established a millisecond earlier, expires first and tells the initiator.
        QVERIFY(before(*l, "A.IKE#2.IKE.established", "B.IKE.hard-expiry"));
        QVERIFY(before(*l, "B.IKE.hard-expiry", "A.delete.ISAKMP.received"));
        QCOMPARE(l->peer(lab::Site::A).ikeSas().size(), std::size_t{1});
        QCOMPARE(l->peer(lab::Site::B).ikeSas().size(), std::size_t{1});
        auto keys = l->keys();
        QVERIFY(keys);
        QCOMPARE(keys->ikev1Lines().size(), std::size_t{2});
    }

    // B goes silent; A, idle, asks R-U-THERE, retries, and declares B dead (RFC 3706).
    void dpdDetectsASilencedPeer() {
        auto l = makeLab(scenarioFromJson(R"({"seed": 1, "siteA": {"dpdDelay": 10}, "traffic": {"count": 10},
            "actions": [{"at": 20, "do": "silence", "site": "B"}], "expect": "failure:dead-peer"})"));
        QVERIFY(runToEnd(*l));
        QVERIFY2(l->outcome()->asDesigned, qPrintable(story(*l)));
        const lab::LabEvent* dead = firstWithPrefix(l->timeline(), "A.DPD.dead");
        QVERIFY(dead);
        QCOMPARE(dead->phase, lab::Phase::Termination);
        QVERIFY(dead->time > lab::Timestamp(20s));
        QCOMPARE(countPrefix(l->timeline(), "A.DPD.R-U-THERE."), 5); // the first and four retries
        QVERIFY(firstWithPrefix(l->timeline(), "INFO."));            // lost on the wire: B is silent
        QVERIFY(l->peer(lab::Site::A).ikeSas().empty());
        QVERIFY(!alive(*l, lab::Site::A, "A2B"));
        noPacketLost(*l, 10);

        // A peer that answers: R-U-THERE, R-U-THERE-ACK, nothing fails.
        auto alivePeer = makeLab(scenarioFromJson(R"({"seed": 1, "traffic": {"count": 2},
            "actions": [{"at": 5, "do": "dpd", "site": "A"}]})"));
        QVERIFY(runToEnd(*alivePeer));
        QVERIFY2(alivePeer->outcome()->asDesigned, qPrintable(story(*alivePeer)));
        QVERIFY(firstWithPrefix(alivePeer->timeline(), "A.DPD.R-U-THERE-ACK."));
        QVERIFY(alivePeer->status().failures.empty());
    }

    // A closes the tunnel: Delete for the ESP pair, then for the IKE SA; B removes both. The next
    // ping is interesting traffic again and brings up a new tunnel.
    void deleteNotificationsWhenAPeerCloses() {
        auto l = makeLab(scenarioFromJson(R"({"seed": 1, "traffic": {"count": 8},
            "actions": [{"at": 3.5, "do": "delete-ike", "site": "A"}]})"));
        QVERIFY(runToEnd(*l));
        QVERIFY2(l->outcome()->asDesigned, qPrintable(story(*l)));
        QVERIFY(before(*l, "action.delete-ike.A", "A.delete.PROTO_IPSEC_ESP.sent"));
        QVERIFY(before(*l, "A.delete.PROTO_IPSEC_ESP.sent", "A.delete.PROTO_ISAKMP.sent"));
        QVERIFY(firstWithPrefix(l->timeline(), "B.delete.PROTO_IPSEC_ESP."));
        QVERIFY(l->timeline().find("B.delete.ISAKMP.received"));
        QVERIFY(!alive(*l, lab::Site::B, "A2B") && !alive(*l, lab::Site::B, "B2A"));
        // The fifth ping finds no SA: a new acquire, a new phase 1, and every ping is answered.
        QVERIFY(l->timeline().find("SPD.A-to-B.acquire#2"));
        QVERIFY(before(*l, "A.delete.PROTO_ISAKMP.sent", "A.IKE#2.IKE.established"));
        QVERIFY(alive(*l, lab::Site::B, "A2B#2"));
        noPacketLost(*l, 8);
    }

    // A vanishes without a word: B's SAs live on until their lifetime ends, then expire.
    void expiryByTimeoutWhenNoDeleteComes() {
        auto l = makeLab(
            scenarioFromJson(R"({"seed": 1, "siteA": {"lifetimes": {"ipsecSeconds": 60, "ikeSeconds": 120}},
            "siteB": {"lifetimes": {"ipsecSeconds": 60, "ikeSeconds": 120}}, "traffic": {"count": 3},
            "actions": [{"at": 5, "do": "silence", "site": "A"}], "runFor": 130})"));
        QVERIFY(runToEnd(*l));
        QVERIFY2(l->outcome()->asDesigned, qPrintable(story(*l)));
        const lab::LabEvent* expired = nullptr;
        for (const auto& e : l->timeline())
            if (e.id.rfind("B.CHILD.", 0) == 0 && e.id.find("hard-expiry") != std::string::npos) expired = &e;
        QVERIFY(expired);
        QVERIFY(expired->time >= lab::Timestamp(60s));
        for (const auto& e : l->timeline()) // nothing came from A
            QVERIFY2(!(e.id.rfind("B.delete.", 0) == 0 && e.id.find(".received") != std::string::npos), e.id.c_str());
        QVERIFY(firstWithPrefix(l->timeline(), "B.delete.PROTO_IPSEC_ESP.sent")); // B's own goes unheard
        QVERIFY(!alive(*l, lab::Site::B, "A2B"));
        QVERIFY(alive(*l, lab::Site::A, "A2B")); // A is frozen with its SAs
        QVERIFY(l->timeline().find("B.IKE.hard-expiry"));
        QVERIFY(l->peer(lab::Site::B).ikeSas().empty());
    }

    void fastForward() {
        auto l = makeLab(builtin("main-quick"));
        QVERIFY(runToEnd(*l));
        const lab::Timestamp end = l->now();
        QVERIFY(l->fastForward(3300s));
        QCOMPARE(l->now(), end + lab::Timestamp(3300s));
        // The child SA's soft lifetime (3240 s) passed on the way: A rekeyed.
        QVERIFY(l->timeline().find("A.QM#2.QM.established"));
        QVERIFY(!l->fastForward(0s));
    }
};

QTEST_APPLESS_MAIN(TestLabTermination)
#include "tst_lab_termination.moc"
