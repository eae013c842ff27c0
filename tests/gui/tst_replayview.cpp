// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The Anti-replay window inspector as a class meets it, driven through the LabController like the
// window: the cells and counters follow the receiver's verdicts (and equal the lab's own SA
// counters), each attack button lands its packet as the RFC says (replay → duplicate, delay beyond
// the window → too old, bit flip → bad ICV, forged far ahead → bad ICV with the right edge
// unchanged) and no legitimate packet is rejected, the ESN state shows the high 32 bits, the
// animations settle and stay bounded in a burst, the header never contradicts the strip while
// packets fly in, the charts tick on whole numbers and start at 0, the strip and the charts tell
// a screen reader what they show; Forge Informational arms a forged Informational during a Quick
// Mode, and the dock tells it dropped and the Quick Mode completed; and screenshots that are not
// blank.

#include <QAbstractButton>
#include <QAccessible>
#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QMenu>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTest>
#include <QToolButton>

#include "InspectorTestSupport.h"
#include "lab/TextReport.h"
#include "ui/common/AppTheme.h"
#include "ui/common/EventSelection.h"
#include "ui/replay/ReplayChart.h"
#include "ui/replay/ReplayTracker.h"
#include "ui/replay/ReplayView.h"
#include "ui/replay/ReplayWindowStrip.h"

#include <QElapsedTimer>
#include <cmath>

using namespace ipseclab;
using namespace ipseclab::ui;
using ipseclab::test::load;
using ipseclab::test::runToEnd;
using ipseclab::test::scenario;
using Attack = ReplayView::Attack;

Q_DECLARE_METATYPE(ipseclab::ui::ReplayView::Attack)
Q_DECLARE_METATYPE(ipseclab::ui::VerdictClass)

namespace {

struct Rig : test::InspectorRig<ReplayView> {
    Rig() : InspectorRig({1400, 820}) {}
    // To the end, every packet landed.
    bool run() {
        const bool done = runToEnd(controller);
        view.finishAnimations();
        return done;
    }
};

lab::SaReport report(const LabController& controller, const std::string& name) {
    lab::SaReport found;
    controller.read([&](const lab::Lab& lab) {
        for (const auto& r : lab.saReports())
            if (r.inbound && r.name == name) found = r;
    });
    return found;
}

lab::LabStatus status(const LabController& controller) {
    lab::LabStatus st;
    controller.read([&](const lab::Lab& lab) { st = lab.status(); });
    return st;
}

std::vector<lab::AttackReport> attacks(const LabController& controller) {
    std::vector<lab::AttackReport> reports;
    controller.read([&](const lab::Lab& lab) { reports = lab.attackReports(); });
    return reports;
}

// What the view shows for SA `name` is what the lab counted, verdict by verdict, and its window
// ends where the SA's does.
void checkAgainstTheLab(const Rig& rig, const std::string& name) {
    const ReplaySa* sa = rig.view.tracker().sa(name);
    QVERIFY(sa);
    const lab::SaReport lab = report(rig.controller, name);
    for (std::size_t v = 0; v < ipsec::kVerdictCount; ++v) QCOMPARE(sa->counters[v], lab.counters.verdicts[v]);
    QCOMPARE(std::optional<std::uint64_t>(sa->window.rightEdge()), lab.rightEdge);
    if (QString::fromStdString(name) == rig.view.selectedSa()) {
        QCOMPARE(rig.view.strip()->state().rightEdge(), sa->window.rightEdge());
        for (const VerdictClass verdict : kVerdictClasses) {
            QCOMPARE(rig.view.counter(verdict), sa->count(verdict));
            QVERIFY(rig.view.counterText(verdict).endsWith(QString("<b>%1</b>").arg(sa->count(verdict))));
        }
    }
    // Each attack's verdicts, as the dock keeps them from the events it was shown, are the lab's.
    if (rig.controller.holdingBack()) return;
    const std::vector<lab::AttackReport> labAttacks = attacks(rig.controller);
    for (const lab::AttackReport& shown : rig.view.tracker().attacks()) {
        const auto it = std::find_if(labAttacks.begin(), labAttacks.end(),
                                     [&shown](const lab::AttackReport& r) { return r.index == shown.index; });
        QVERIFY(it != labAttacks.end());
        QVERIFY2(shown.verdicts == it->verdicts, shown.spec.toString().c_str());
    }
}

// No packet the attacker did not touch was refused: by the lab's count and on the view.
void checkNoLegitimateRejection(const Rig& rig) {
    QCOMPARE(status(rig.controller).legitimateRejected, std::uint64_t{0});
    for (const ReplaySa& sa : rig.view.tracker().sas())
        for (const ReplayArrival& arrival : sa.history)
            if (arrival.verdict != ipsec::Verdict::Accepted)
                QVERIFY2(arrival.attack, qPrintable(QString::number(arrival.sequenceNumber)));
}

// The packet attack `attack` made or touched, and the SA it arrived on (an A→B one).
const ReplayArrival* attackArrival(const Rig& rig, int attack, std::string* sa) {
    for (const ReplaySa& s : rig.view.tracker().sas())
        for (const ReplayArrival& arrival : s.history)
            if (arrival.attack == attack) {
                *sa = s.name;
                return &arrival;
            }
    return nullptr;
}

void stepOnce(Rig& rig) {
    rig.controller.step();
    rig.controller.waitForIdle();
    QCoreApplication::processEvents();
}

// No IKE failure anywhere, and the Quick Mode the forged message named installed its SAs at both sites.
void checkNoAttackFailure(const Rig& rig, std::uint32_t messageId) {
    int established = 0;
    rig.controller.read([&](const lab::Lab& lab) {
        for (const lab::LabEvent& e : lab.timeline()) {
            const ike::Event* ike = e.ike();
            if (!ike) continue;
            QVERIFY2(ike->kind != ike::EventKind::Failure, ike->text.c_str());
            if (const auto* child = ike->as<ike::ChildSaInfo>(); child && child->messageId == messageId) ++established;
        }
    });
    QCOMPARE(established, 2);
}

// Whole numbers, evenly spaced, each label once: what a sequence number or a count axis must show.
void checkIntegerTicks(QCPAxis* axis, const char* name) {
    const QVector<double> ticks = axis->tickVector();
    const QVector<QString> labels = axis->tickVectorLabels();
    const QString shown = QStringList(labels.begin(), labels.end()).join(", ");
    QVERIFY2(ticks.size() >= 2, qPrintable(QString("%1: %2").arg(name, shown)));
    for (int i = 0; i < ticks.size(); ++i) {
        QVERIFY2(std::abs(ticks[i] - std::round(ticks[i])) < 1e-9, qPrintable(QString("%1: %2").arg(name, shown)));
        if (i > 0)
            QVERIFY2(std::abs((ticks[i] - ticks[i - 1]) - (ticks[1] - ticks[0])) < 1e-9,
                     qPrintable(QString("%1: %2").arg(name, shown)));
    }
    QCOMPARE(QSet<QString>(labels.begin(), labels.end()).size(), labels.size());
}

} // namespace

class TestReplayView : public QObject {
    Q_OBJECT
private slots:
    void windowFollowsTheTraffic() {
        Rig rig;
        load(rig.controller, scenario("main-quick"));
        QVERIFY(rig.view.selectedSa().isEmpty());
        QVERIFY(rig.run());
        QCOMPARE(rig.view.selectedSa(), QString("A2B"));
        const ReplayWindowState& window = rig.view.strip()->state();
        QCOMPARE(window.size(), 64u); // the scenario's replayWindow
        QCOMPARE(window.rightEdge(), std::uint64_t{3});
        for (std::uint64_t seq = 1; seq <= 3; ++seq) {
            QVERIFY(window.cell(seq).received);
            QCOMPARE(window.cell(seq).mark, std::optional<VerdictClass>(VerdictClass::Accepted));
            QVERIFY(!rig.view.strip()->cellRect(seq).isEmpty());
        }
        QVERIFY(!window.cell(4).received);
        QCOMPARE(rig.view.counter(VerdictClass::Accepted), std::uint64_t{3});
        QVERIFY(rig.view.windowText().contains("Window 64"));
        QVERIFY(rig.view.esnText().startsWith("ESN off"));
        checkAgainstTheLab(rig, "A2B");

        // The other direction has its own window, at Site A.
        rig.view.saBox()->setCurrentIndex(rig.view.saBox()->findData("B2A"));
        QCOMPARE(rig.view.selectedSa(), QString("B2A"));
        QVERIFY(rig.view.saBox()->currentText().contains("Site A"));
        checkAgainstTheLab(rig, "B2A");
        checkNoLegitimateRejection(rig);
    }

    // Stepped message by message, B→A may be installed before A→B: the dock still shows the A→B
    // window (the one the attacks act on) until the user picks another, and then keeps that one.
    void showsTheAttackedSaUntilOneIsChosen() {
        Rig rig;
        lab::Scenario s = scenario("main-quick");
        s.traffic.count = 6;
        load(rig.controller, s);
        auto stepOnce = [&rig] {
            rig.controller.step();
            rig.controller.waitForIdle();
            QCoreApplication::processEvents();
        };
        int stepsWithA2B = 0, stepsWithOnlyB2A = 0;
        for (int i = 0; i < 200 && stepsWithA2B < 8; ++i) {
            stepOnce();
            if (rig.view.tracker().sa("A2B")) {
                QCOMPARE(rig.view.selectedSa(), QString("A2B"));
                ++stepsWithA2B;
            } else if (rig.view.tracker().sa("B2A")) {
                ++stepsWithOnlyB2A;
            }
        }
        QCOMPARE(stepsWithA2B, 8);
        qInfo() << "steps with B2A alone before A2B:" << stepsWithOnlyB2A;
        const int b2a = rig.view.saBox()->findData("B2A");
        QVERIFY(b2a >= 0);
        rig.view.saBox()->setCurrentIndex(b2a);
        emit rig.view.saBox()->activated(b2a); // as a click on the list does
        for (int i = 0; i < 6; ++i) {
            stepOnce();
            QCOMPARE(rig.view.selectedSa(), QString("B2A"));
        }
    }

    void attackButtons_data() {
        QTest::addColumn<Attack>("attack");
        QTest::addColumn<VerdictClass>("verdict");
        QTest::addColumn<QString>("spec");
        QTest::newRow("replay last") << Attack::ReplayLast << VerdictClass::Duplicate << "replay";
        QTest::newRow("replay chosen") << Attack::ReplayChosen << VerdictClass::Duplicate << "replay:seq=2";
        QTest::newRow("reorder burst") << Attack::ReorderBurst << VerdictClass::Accepted << "reorder:span=3";
        QTest::newRow("delay beyond the window") << Attack::DelayBeyondWindow << VerdictClass::TooOld << "delay";
        QTest::newRow("bit flip") << Attack::BitFlip << VerdictClass::BadIcv << "flip:payload";
        QTest::newRow("forged far ahead") << Attack::ForgeFarAhead << VerdictClass::BadIcv << "forge:seq=+100000";
        QTest::newRow("inject from outside")
            << Attack::InjectOutside << VerdictClass::Policy << "inject:src=192.0.2.66";
    }
    void attackButtons() {
        QFETCH(Attack, attack);
        QFETCH(VerdictClass, verdict);
        QFETCH(QString, spec);
        Rig rig;
        load(rig.controller, scenario("main-quick"));
        QVERIFY(rig.run());
        const std::uint64_t edgeBefore = rig.view.strip()->state().rightEdge();
        if (attack == Attack::ReplayChosen) {
            // Choose the packet by clicking its cell.
            const QRectF cell = rig.view.strip()->cellRect(2);
            QTest::mouseClick(rig.view.strip(), Qt::LeftButton, {}, cell.center().toPoint());
            QCOMPARE(rig.view.chosenSequenceBox()->value(), 2);
        }
        QCOMPARE(QString::fromStdString(rig.view.attackSpec(attack).toString()), spec);
        QTest::mouseClick(rig.view.attackButton(attack), Qt::LeftButton);
        QVERIFY(rig.run());

        const auto reports = attacks(rig.controller);
        QCOMPARE(reports.size(), std::size_t{1});
        QCOMPARE(QString::fromStdString(reports[0].spec.toString()), spec);
        QCOMPARE(QString::fromStdString(reports[0].status), QString("done"));
        QVERIFY2(rig.view.attackStatus().contains("done"), qPrintable(rig.view.attackStatus()));
        std::string attacked;
        const ReplayArrival* hit = attackArrival(rig, 1, &attacked);
        QVERIFY(hit);
        // The view shows the SA it landed on (the live A→B one: the lab may have rekeyed meanwhile).
        QVERIFY(QString::fromStdString(attacked).startsWith("A2B"));
        QCOMPARE(rig.view.selectedSa(), QString::fromStdString(attacked));
        QCOMPARE(classify(hit->verdict), verdict);
        QVERIFY2(rig.view.attackStatus().contains(verdictLabel(verdict)), qPrintable(rig.view.attackStatus()));
        if (verdict != VerdictClass::Accepted) QCOMPARE(rig.view.counter(verdict), std::uint64_t{1});
        else
            for (const VerdictClass v : {VerdictClass::Duplicate, VerdictClass::TooOld, VerdictClass::BadIcv,
                                         VerdictClass::Policy, VerdictClass::Other})
                QCOMPARE(rig.view.counter(v), std::uint64_t{0});

        // Where the packet landed in the drawn window.
        const ReplayWindowState& window = rig.view.strip()->state();
        const std::uint64_t seq = hit->sequenceNumber;
        switch (attack) {
        case Attack::ReplayLast:
        case Attack::ReplayChosen:
            QCOMPARE(seq, attack == Attack::ReplayLast ? edgeBefore : std::uint64_t{2});
            QVERIFY(window.cell(seq).received);
            QCOMPARE(window.cell(seq).mark, std::optional<VerdictClass>(VerdictClass::Duplicate));
            QVERIFY2(rig.view.strip()->cellToolTip(seq).contains("Last packet here: duplicate"),
                     qPrintable(rig.view.strip()->cellToolTip(seq)));
            break;
        case Attack::DelayBeyondWindow:
            QVERIFY(!window.inWindow(seq));
            QVERIFY(!window.leftOfWindow().empty());
            QCOMPARE(window.leftOfWindow().back().sequenceNumber, seq);
            QCOMPARE(window.leftOfWindow().back().verdict, VerdictClass::TooOld);
            QVERIFY(!window.cell(seq).received);
            break;
        case Attack::BitFlip:
            // The altered packet is refused before the window moves: its number stays unreceived.
            QCOMPARE(window.rightEdge(), seq - 1);
            QCOMPARE(window.rightOfWindow().back().sequenceNumber, seq);
            QCOMPARE(window.rightOfWindow().back().verdict, VerdictClass::BadIcv);
            break;
        case Attack::ForgeFarAhead:
            QCOMPARE(seq, edgeBefore + 100000);
            QCOMPARE(window.rightEdge(), edgeBefore); // the ICV is checked before the window moves
            QCOMPARE(reports[0].rightEdgeBefore, reports[0].rightEdgeAfter);
            QCOMPARE(window.rightOfWindow().back().sequenceNumber, seq);
            QCOMPARE(window.rightOfWindow().back().verdict, VerdictClass::BadIcv);
            QCOMPARE(rig.view.chart()->farAheadCount(), 1);
            break;
        case Attack::ReorderBurst:
            QVERIFY(window.cell(seq).received);
            QVERIFY(seq < window.rightEdge()); // it came late, inside the window
            break;
        case Attack::InjectOutside:
            // Authentic, so it took the next number of the live SA (a rekey may have brought a new
            // one since the traffic) and moved the edge; the policy dropped it after.
            QVERIFY(reports[0].rightEdgeBefore);
            QCOMPARE(seq, *reports[0].rightEdgeBefore + 1);
            QCOMPARE(reports[0].rightEdgeAfter, std::optional<std::uint64_t>(seq));
            QCOMPARE(window.rightEdge(), seq);
            QVERIFY(window.cell(seq).received);
            QCOMPARE(window.cell(seq).mark, std::optional<VerdictClass>(VerdictClass::Policy));
            break;
        case Attack::SpoofInformational: QFAIL("an IKE attack lands in no window: its own tests follow");
        case Attack::Flood: QFAIL("a flood lands many packets: its own test follows");
        }
        for (const ReplaySa& sa : rig.view.tracker().sas()) checkAgainstTheLab(rig, sa.name);
        checkNoLegitimateRejection(rig);
    }

    // Forge Informational, pressed before the Quick Mode: the attack waits for QM1; stepping shows
    // Site B dropping the forged message (it does not decrypt: the attacker has no key) while the
    // Quick Mode goes on, then that Quick Mode completing at both sites; nothing fails anywhere.
    void forgedInformationalBeforeTheQuickMode() {
        Rig rig;
        load(rig.controller, scenario("main-quick"));
        QAbstractButton* spoof = rig.view.attackButton(Attack::SpoofInformational);
        QCOMPARE(spoof->text(), QString("Forge Informational (QM1)"));
        QTest::mouseClick(spoof, Qt::LeftButton);
        stepOnce(rig);
        auto reports = attacks(rig.controller);
        QCOMPARE(reports.size(), std::size_t{1});
        QCOMPARE(QString::fromStdString(reports[0].spec.toString()), QString("spoof-info:msg=QM1"));
        QVERIFY2(rig.view.attackStatus().contains("spoof-info:msg=QM1"), qPrintable(rig.view.attackStatus()));
        QVERIFY2(rig.view.attackStatus().contains("waits for the first QM1"), qPrintable(rig.view.attackStatus()));

        int steps = 0;
        while (rig.view.tracker().ikeAttack(1).refused.empty() && ++steps < 100) stepOnce(rig);
        const IkeAttackShown dropped = rig.view.tracker().ikeAttack(1);
        QCOMPARE(dropped.refused.size(), std::size_t{1});
        const QString refusal = QString::fromStdString(dropped.refused[0]);
        QVERIFY2(refusal.startsWith("Site B dropped it: ") && refusal.contains("not authenticated"),
                 qPrintable(refusal));
        QVERIFY(dropped.messageId && *dropped.messageId != 0);
        QVERIFY(dropped.completedAt.empty()); // QM1 has just arrived: Site B waits for QM3
        QVERIFY2(rig.view.attackStatus().contains("Site B dropped it") &&
                     rig.view.attackStatus().contains("has not completed yet"),
                 qPrintable(rig.view.attackStatus()));

        while (rig.view.tracker().ikeAttack(1).completedAt.size() < 2 && ++steps < 200) stepOnce(rig);
        QCOMPARE(rig.view.tracker().ikeAttack(1).completedAt.size(), std::size_t{2});
        QVERIFY2(rig.view.attackStatus().contains("the Quick Mode completed"), qPrintable(rig.view.attackStatus()));
        QVERIFY(rig.run());
        checkNoAttackFailure(rig, *dropped.messageId);
        std::uint32_t echoes = 0;
        rig.controller.read([&](const lab::Lab& lab) { echoes = lab.scenario().traffic.count; });
        QCOMPARE(status(rig.controller).echoReplies, echoes);
        checkNoLegitimateRejection(rig);
    }

    // Its menu picks QM2 (which Site A receives). Pressed once the Quick Mode is over, the attack
    // comes with a rekey by Site A, so a next Quick Mode carries it; a step back replays both.
    void forgedInformationalStartsTheNextQuickMode() {
        Rig rig;
        load(rig.controller, scenario("main-quick"));
        QVERIFY(rig.run());
        std::uint32_t firstQuickMode = 0;
        rig.controller.read([&](const lab::Lab& lab) {
            for (const lab::LabEvent& e : lab.timeline())
                if (const auto* child = e.ike() ? e.ike()->as<ike::ChildSaInfo>() : nullptr)
                    firstQuickMode = child->messageId;
        });
        auto* qm2 = rig.view.findChild<QAction*>("spoof:QM2");
        QVERIFY(qm2);
        qm2->trigger();
        QCOMPARE(rig.view.attackButton(Attack::SpoofInformational)->text(), QString("Forge Informational (QM2)"));
        QVERIFY(rig.run());
        const IkeAttackShown shown = rig.view.tracker().ikeAttack(1);
        QCOMPARE(shown.refused.size(), std::size_t{1});
        // Behind QM2, Site A has sent QM3 and ended its Quick Mode: the Message ID is spent, so the
        // forged message is refused as a replay before any decryption.
        const QString refusal = QString::fromStdString(shown.refused[0]);
        QVERIFY2(refusal.startsWith("Site A ignored it: ") && refusal.contains("ignored without decrypting it"),
                 qPrintable(refusal));
        QVERIFY(shown.messageId && *shown.messageId != firstQuickMode);
        QCOMPARE(shown.completedAt.size(), std::size_t{2});
        QVERIFY2(rig.view.attackStatus().contains("spoof-info:msg=QM2") &&
                     rig.view.attackStatus().contains("the Quick Mode completed"),
                 qPrintable(rig.view.attackStatus()));
        checkNoAttackFailure(rig, *shown.messageId);

        // A step back rebuilds the lab from the seed and replays the logged attack and rekey.
        rig.controller.stepBack();
        rig.controller.waitForIdle();
        QCoreApplication::processEvents();
        const auto reports = attacks(rig.controller);
        QCOMPARE(reports.size(), std::size_t{1});
        QCOMPARE(QString::fromStdString(reports[0].spec.toString()), QString("spoof-info:msg=QM2"));
        bool rekeyed = false;
        rig.controller.read([&](const lab::Lab& lab) { rekeyed = lab.timeline().find("action.rekey.A") != nullptr; });
        QVERIFY(rekeyed);
    }

    // Clicking an attack while B→A is shown switches to A→B, where the attacks act.
    void attacksShowTheirWindow() {
        Rig rig;
        load(rig.controller, scenario("main-quick"));
        QVERIFY(rig.run());
        rig.view.selectSa("B2A");
        QTest::mouseClick(rig.view.attackButton(Attack::ReplayLast), Qt::LeftButton);
        QCOMPARE(rig.view.selectedSa(), QString("A2B"));
    }

    // A lesson step stops at its anchor and holds the rest of the lab step back (the controller's
    // horizon): the dock lists an SA once its "installed" event is shown, an attack the step's own
    // action armed once its "armed" event is, and an attack whose later events wait says only what
    // was shown of it.
    void showsOnlyWhatTheViewsWereShown() {
        // Where B installs its SAs (A2B is its inbound one), in a lab of the same seed.
        lab::LabOptions seed1;
        seed1.seed = 1;
        auto reference = lab::Lab::create(scenario("main-quick"), seed1);
        QVERIFY(reference);
        std::size_t steps = 0;
        const lab::LabEvent* installed = nullptr;
        while (!installed && steps < 1000) {
            QVERIFY((*reference)->step().value_or(false));
            ++steps;
            installed = (*reference)->timeline().find("B.SAD.B2A.installed");
        }
        QVERIFY(installed);

        Rig rig;
        rig.controller.load(scenario("main-quick"), 1);
        rig.controller.waitForIdle();
        const auto arm = [](lab::Lab& lab) { return lab.inject(*lab::AttackSpec::parse("replay:seq=1")); };
        rig.controller.runShowingUpTo(steps, arm, installed->index); // B's install and the arming held back
        rig.controller.waitForIdle();
        QVERIFY(rig.controller.holdingBack());
        QCOMPARE(report(rig.controller, "A2B").name, std::string("A2B")); // the lab has it...
        QCOMPARE(attacks(rig.controller).size(), std::size_t(1));
        const ReplayTracker& tracker = rig.view.tracker();
        QVERIFY(tracker.sa("B2A"));  // A installed its pair before: shown
        QVERIFY(!tracker.sa("A2B")); // ... the dock does not, yet
        QVERIFY(tracker.attacks().empty());
        QVERIFY(rig.view.attackStatus().isEmpty());

        rig.controller.step(); // the user's Step shows what was held back
        rig.controller.waitForIdle();
        QVERIFY(!rig.controller.holdingBack());
        QVERIFY(tracker.sa("A2B"));
        QCOMPARE(tracker.attacks().size(), std::size_t(1));
        QVERIFY2(rig.view.attackStatus().contains("Attack 1"), qPrintable(rig.view.attackStatus()));

        // To the end (the replay done), then the views shown only up to the injection: the attack
        // has "started" (its last step shown), with no verdict yet, not "done".
        QVERIFY(rig.run());
        QCOMPARE(attacks(rig.controller).at(0).status, std::string("done"));
        QVERIFY(!attacks(rig.controller).at(0).verdicts.empty());
        std::size_t injected = 0;
        rig.controller.read(
            [&injected](const lab::Lab& lab) { injected = lab.timeline().find("attack.1.injected")->index; });
        rig.controller.runShowingUpTo(
            0, [](lab::Lab&) -> Result<void> { return {}; }, injected);
        rig.controller.waitForIdle();
        QCOMPARE(tracker.attacks().size(), std::size_t(1));
        QVERIFY2(tracker.attacks().at(0).status == "started", tracker.attacks().at(0).status.c_str());
        QVERIFY(tracker.attacks().at(0).verdicts.empty());
        QVERIFY2(!rig.view.attackStatus().contains("done"), qPrintable(rig.view.attackStatus()));
    }

    void esnShowsTheHighBits() {
        Rig rig;
        load(rig.controller, scenario("esn-wrap"));
        QVERIFY(rig.run());
        const std::uint64_t edge = (std::uint64_t{1} << 32) + 1; // 4 packets from 2^32 - 2
        QCOMPARE(rig.view.strip()->state().rightEdge(), edge);
        QVERIFY2(rig.view.esnText().startsWith("ESN on"), qPrintable(rig.view.esnText()));
        QVERIFY2(rig.view.esnText().contains("high 32 bits 0x00000001"), qPrintable(rig.view.esnText()));
        QVERIFY2(rig.view.esnText().contains("low 32 bits 0x00000001"), qPrintable(rig.view.esnText()));
        QVERIFY(rig.view.windowText().contains("4294967297"));
        for (std::uint64_t seq = edge - 3; seq <= edge; ++seq) QVERIFY(rig.view.strip()->state().cell(seq).received);
        checkAgainstTheLab(rig, "A2B");
        QString problem;
        test::grabNotBlank(rig.view, "replayview-esn", &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    // Packets fly in and land by themselves; the drawn window then equals the model's.
    void animationsSettle() {
        Rig rig;
        QVERIFY(QTest::qWaitForWindowExposed(&rig.view));
        load(rig.controller, scenario("main-quick"));
        rig.controller.runToEnd();
        rig.controller.waitForIdle();
        QVERIFY(rig.view.animating());
        QVERIFY(rig.view.strip()->state().rightEdge() < 3); // still in flight
        QTRY_VERIFY_WITH_TIMEOUT(!rig.view.animating(), 10000);
        QCOMPARE(rig.view.strip()->state().rightEdge(), std::uint64_t{3});
        QVERIFY(rig.view.frameStatistics().frames > 5);
        checkAgainstTheLab(rig, "A2B");
    }

    // A burst: thousands of packets while the view is shown. The animation queue stays bounded,
    // the counters stay exact, and each frame's cost is reported (the GUI benchmark's figure).
    void burstStaysBoundedAndExact() {
        Rig rig;
        QVERIFY(QTest::qWaitForWindowExposed(&rig.view));
        lab::Scenario s = scenario("main-quick");
        s.traffic.count = 2500;
        s.traffic.interval = std::chrono::milliseconds(1);
        s.attacks = {*lab::AttackSpec::parse("replay:seq=395:at=400"), *lab::AttackSpec::parse("flip:payload:at=900"),
                     *lab::AttackSpec::parse("delay:seq=1500")};
        load(rig.controller, s);
        QElapsedTimer wall;
        wall.start();
        rig.controller.runToEnd();
        std::size_t worstQueue = 0;
        bool finished = false;
        while (!finished && wall.elapsed() < 50000) {
            QTest::qWait(5);
            worstQueue = std::max(worstQueue, rig.view.strip()->queued());
            rig.controller.read([&finished](const lab::Lab& lab) { finished = lab.finished(); });
        }
        rig.controller.waitForIdle();
        QVERIFY(finished);
        const double seconds = double(wall.elapsed()) / 1000;
        QVERIFY(worstQueue <= ReplayWindowStrip::kQueueLimit);
        rig.view.finishAnimations();
        const ReplaySa* sa = rig.view.tracker().sa("A2B");
        QVERIFY(sa->arrivals >= 2500);
        QVERIFY(rig.view.chart()->pointCount(VerdictClass::Accepted) <= ReplayChart::kPointLimit);
        checkAgainstTheLab(rig, "A2B");
        checkNoLegitimateRejection(rig);
        QCOMPARE(rig.view.counter(VerdictClass::Duplicate), std::uint64_t{1});
        QCOMPARE(rig.view.counter(VerdictClass::BadIcv), std::uint64_t{1});
        QCOMPARE(rig.view.counter(VerdictClass::TooOld), std::uint64_t{1});
        const auto frames = rig.view.frameStatistics();
        const auto batches = rig.view.batchStatistics();
        qInfo("burst: %llu packets in %.2f s (%.0f packets/s); %d frames, paint mean %.2f ms, max %.2f ms; "
              "%d batches, read mean %.2f ms, max %.2f ms (budget 16.7 ms)",
              static_cast<unsigned long long>(sa->arrivals + rig.view.tracker().sa("B2A")->arrivals), seconds,
              double(sa->arrivals + rig.view.tracker().sa("B2A")->arrivals) / seconds, frames.frames, frames.meanMs(),
              frames.maxMs, batches.frames, batches.meanMs(), batches.maxMs);
        QVERIFY(frames.frames > 0);
        // One frame with the chart full: measured on demand as the benchmark does.
        const double frame = rig.view.paintFrame();
        qInfo("one full frame on demand: %.2f ms", frame);
        QVERIFY(frame > 0);
    }

    // The flood button (issue 18): 100,000 replays pressed in before the run (they follow the
    // traffic), then forgeries from its menu at the end (the lab rekeyed by then: they follow the
    // new SA's first packet). The dock keeps up — it reads batches, not packets: far fewer frames
    // than packets, the animation queue and the charts bounded — and its counters end equal to the
    // lab's, N for each flood; the forgeries leave the right edge where it was.
    void floodButton() {
        Rig rig;
        QVERIFY(QTest::qWaitForWindowExposed(&rig.view));
        lab::Scenario s = scenario("main-quick");
        s.traffic.count = 200;
        s.traffic.interval = std::chrono::milliseconds(1);
        load(rig.controller, s);

        // Runs the flood pressed in until the view has read every packet on SA `name` (`arrivals`
        // in all), watching the animation queue on the way.
        const auto flood = [&rig](int count, const char* name, std::uint64_t arrivals) {
            rig.view.resetStatistics();
            QElapsedTimer wall;
            wall.start();
            std::size_t worstQueue = 0;
            rig.controller.runToEnd();
            const auto read = [&rig, name] {
                const ReplaySa* sa = rig.view.tracker().sa(name);
                return sa ? sa->arrivals : 0;
            };
            while (read() < arrivals && wall.elapsed() < 120000) {
                QTest::qWait(5);
                worstQueue = std::max(worstQueue, rig.view.strip()->queued());
            }
            rig.controller.waitForIdle();
            QCoreApplication::processEvents();
            rig.view.finishAnimations();
            const auto frames = rig.view.frameStatistics();
            const auto batches = rig.view.batchStatistics();
            qInfo("flood of %d: %.2f s; %d frames, paint mean %.2f ms, max %.2f ms; %d batches, read mean %.2f ms, "
                  "max %.2f ms",
                  count, double(wall.elapsed()) / 1000, frames.frames, frames.meanMs(), frames.maxMs, batches.frames,
                  batches.meanMs(), batches.maxMs);
            QCOMPARE(read(), arrivals);
            QVERIFY(worstQueue <= ReplayWindowStrip::kQueueLimit);
            QVERIFY2(frames.frames < count / 10, qPrintable(QString::number(frames.frames)));
            QVERIFY2(batches.frames < count / 10, qPrintable(QString::number(batches.frames)));
            QCOMPARE(rig.view.selectedSa(), QString(name));
            checkAgainstTheLab(rig, name);
            checkNoLegitimateRejection(rig);
            for (const VerdictClass verdict : kVerdictClasses)
                QVERIFY(rig.view.chart()->pointCount(verdict) <= ReplayChart::kPointLimit);
            QVERIFY(rig.view.attackStatus().size() < 1000); // counted, not 100,000 names
        };

        QCOMPARE(rig.view.floodCountBox()->value(), 10000);
        rig.view.floodCountBox()->setValue(100000);
        QCOMPARE(QString::fromStdString(rig.view.attackSpec(Attack::Flood).toString()), QString("flood:replay=100000"));
        QTest::mouseClick(rig.view.attackButton(Attack::Flood), Qt::LeftButton);
        flood(100000, "A2B", 200 + 100000);
        auto reports = attacks(rig.controller);
        QCOMPARE(reports.size(), std::size_t{1});
        QCOMPARE(reports[0].verdicts.size(), std::size_t{100000});
        const std::uint64_t duplicates = rig.view.counter(VerdictClass::Duplicate);
        const std::uint64_t tooOld = rig.view.counter(VerdictClass::TooOld);
        QCOMPARE(duplicates + tooOld, std::uint64_t{100000});
        QVERIFY(duplicates > 0 && tooOld > 0);
        QCOMPARE(rig.view.strip()->state().rightEdge(), std::uint64_t{200});
        QVERIFY2(rig.view.attackStatus().contains(
                     QString("duplicate %1, too old %2 (100000 packets)").arg(duplicates).arg(tooOld)),
                 qPrintable(rig.view.attackStatus()));

        // Forgeries, from the menu.
        rig.view.floodCountBox()->setValue(5000);
        auto* button = static_cast<QToolButton*>(rig.view.attackButton(Attack::Flood));
        QAction* forge = button->menu()->findChild<QAction*>("flood:forge");
        QVERIFY(forge);
        forge->trigger();
        QCOMPARE(button->text(), QString("Flood (forgeries)"));
        flood(5000, "A2B#2", 1 + 5000);
        reports = attacks(rig.controller);
        QCOMPARE(reports.size(), std::size_t{2});
        QCOMPARE(QString::fromStdString(reports[1].spec.toString()), QString("flood:forge=5000"));
        QCOMPARE(reports[1].verdicts.size(), std::size_t{5000});
        QCOMPARE(rig.view.counter(VerdictClass::BadIcv), std::uint64_t{5000});
        QCOMPARE(rig.view.strip()->state().rightEdge(), std::uint64_t{1}); // the ICV is checked before the window moves
        QVERIFY2(rig.view.attackStatus().contains("bad ICV 5000 (5000 packets)"), qPrintable(rig.view.attackStatus()));
    }

    // With one packet, with a few, with many: integer ticks on the sequence and count axes, and a
    // time axis that starts at 0 (never -1 to 0 for one packet at 0 s).
    void chartAxesMakeSense_data() {
        QTest::addColumn<int>("pings");
        QTest::newRow("one") << 1;
        QTest::newRow("three") << 3;
        QTest::newRow("seven") << 7;
        QTest::newRow("forty") << 40;
    }
    void chartAxesMakeSense() {
        QFETCH(int, pings);
        Rig rig;
        QVERIFY(QTest::qWaitForWindowExposed(&rig.view));
        lab::Scenario s = scenario("main-quick");
        s.traffic.count = static_cast<std::uint32_t>(pings);
        load(rig.controller, s);
        QVERIFY(rig.run());
        ReplayChart* chart = rig.view.chart();
        QCOMPARE(chart->axisRectCount(), 2);
        QCPAxisRect* seq = chart->axisRect(0);
        QCPAxisRect* counts = chart->axisRect(1);
        checkIntegerTicks(seq->axis(QCPAxis::atLeft), "sequence number");
        checkIntegerTicks(counts->axis(QCPAxis::atLeft), "rejected");
        checkIntegerTicks(counts->axis(QCPAxis::atRight), "accepted");
        for (QCPAxisRect* rect : {seq, counts}) {
            const QCPRange time = rect->axis(QCPAxis::atBottom)->range();
            QVERIFY2(time.lower >= 0, qPrintable(QString::number(time.lower)));
            QVERIFY(time.size() >= 1.0);
        }
        // Every packet's number is on the scale, and so is the last packet's time.
        const ReplaySa* sa = rig.view.tracker().sa("A2B");
        QVERIFY(sa && !sa->history.empty());
        QVERIFY(seq->axis(QCPAxis::atLeft)->range().contains(double(sa->history.back().sequenceNumber)));
        QVERIFY(seq->axis(QCPAxis::atBottom)->range().contains(sa->history.back().time));
        QVERIFY(seq->axis(QCPAxis::atBottom)->range().contains(sa->history.front().time));
    }

    // A jump of 38 packets: while they fly in, the header's right edge is the strip's and the
    // counters count what has landed; once settled, both are the lab's.
    void headerAgreesWithTheStripDuringAJump() {
        Rig rig;
        QVERIFY(QTest::qWaitForWindowExposed(&rig.view));
        lab::Scenario s = scenario("main-quick");
        s.traffic.count = 40;
        s.traffic.interval = std::chrono::milliseconds(1);
        load(rig.controller, s);
        rig.controller.runToEnd();
        rig.controller.waitForIdle();
        static const QRegularExpression edgeText(QStringLiteral("right edge (\\d+)"));
        int checks = 0, midJump = 0;
        QElapsedTimer wall;
        wall.start();
        do {
            const ReplaySa* sa = rig.view.tracker().sa("A2B");
            if (sa && rig.view.selectedSa() == "A2B") {
                const auto match = edgeText.match(rig.view.windowText());
                QVERIFY2(match.hasMatch(), qPrintable(rig.view.windowText()));
                QCOMPARE(match.captured(1).toULongLong(), rig.view.strip()->state().rightEdge());
                const auto pending = rig.view.strip()->pendingVerdicts();
                for (const VerdictClass verdict : kVerdictClasses) {
                    QCOMPARE(rig.view.counter(verdict) + pending[std::size_t(verdict)], sa->count(verdict));
                    QVERIFY(
                        rig.view.counterText(verdict).endsWith(QString("<b>%1</b>").arg(rig.view.counter(verdict))));
                }
                // The strip's own words (its accessible description) name the same edge.
                QVERIFY(rig.view.strip()->accessibleDescription().contains(
                    QString("right edge %1").arg(rig.view.strip()->state().rightEdge())));
                ++checks;
                if (rig.view.strip()->pending() > 0 && rig.view.strip()->state().rightEdge() < sa->window.rightEdge())
                    ++midJump;
            }
            QTest::qWait(15);
        } while (rig.view.animating() && wall.elapsed() < 20000);
        QVERIFY(!rig.view.animating());
        QVERIFY2(midJump >= 3, qPrintable(QString("%1 checks, %2 in mid-jump").arg(checks).arg(midJump)));
        checkAgainstTheLab(rig, "A2B");
        QVERIFY(rig.view.windowText().endsWith("right edge 40"));
    }

    // What a screen reader hears: the strip, the charts and their state in words.
    void stripAndChartsAreAccessible() {
        Rig rig;
        load(rig.controller, scenario("main-quick"));
        QVERIFY(rig.run());
        QAccessibleInterface* strip = QAccessible::queryAccessibleInterface(rig.view.strip());
        QVERIFY(strip);
        QCOMPARE(strip->text(QAccessible::Name), QStringLiteral("Anti-replay window"));
        const QString state = strip->text(QAccessible::Description);
        QVERIFY2(state.contains("right edge 3") && state.contains("Received: 1–3 (3 of them)"), qPrintable(state));
        QAccessibleInterface* chart = QAccessible::queryAccessibleInterface(rig.view.chart());
        QVERIFY(chart);
        QCOMPARE(chart->text(QAccessible::Name), QStringLiteral("Anti-replay charts"));
        const QString charts = chart->text(QAccessible::Description);
        QVERIFY2(charts.contains("sequence numbers 1 to 3") && charts.contains("accepted 3"), qPrintable(charts));
        // A replay shows in words too: the duplicate, and where it landed.
        QTest::mouseClick(rig.view.attackButton(Attack::ReplayLast), Qt::LeftButton);
        QVERIFY(rig.run());
        rig.view.paintFrame();
        QVERIFY2(rig.view.chart()->accessibleDescription().contains("duplicate 1"),
                 qPrintable(rig.view.chart()->accessibleDescription()));
    }

    // A projector's text size reaches the header and the counters (they are a bit larger than the
    // text around them, whatever its size).
    void headerAndCountersFollowTheTextSize() {
        Rig rig;
        load(rig.controller, scenario("main-quick"));
        QVERIFY(rig.run());
        auto labelShowing = [&rig](const QString& text) {
            for (QLabel* label : rig.view.findChildren<QLabel*>())
                if (label->text() == text) return label;
            return static_cast<QLabel*>(nullptr);
        };
        QLabel* header = labelShowing(rig.view.windowText());
        QLabel* accepted = labelShowing(rig.view.counterText(VerdictClass::Accepted));
        QVERIFY(header && accepted);
        AppTheme::apply(Theme::Light, 20); // View › Larger text, as the window sets it
        QCOMPARE(header->font().pointSizeF(), 20 * 1.1);
        QVERIFY(header->font().bold());
        QCOMPARE(accepted->font().pointSizeF(), 20 * 1.15);
        AppTheme::apply(Theme::Light);
        QCOMPARE(accepted->font().pointSizeF(), AppTheme::defaultPointSize() * 1.15);
    }

    void screenshots() {
        Rig rig;
        QVERIFY(QTest::qWaitForWindowExposed(&rig.view));
        // Every verdict once, all during the traffic (one SA, no rekey).
        lab::Scenario s = scenario("main-quick");
        s.traffic.count = 90;
        s.attacks = {*lab::AttackSpec::parse("delay:seq=8"), *lab::AttackSpec::parse("forge:at=40"),
                     *lab::AttackSpec::parse("reorder:seq=60"), *lab::AttackSpec::parse("replay:seq=80:at=84"),
                     *lab::AttackSpec::parse("flip:payload:seq=87")};
        load(rig.controller, s);
        QVERIFY(rig.run());
        QString problem;
        const QString settled = test::grabNotBlank(rig.view, "replayview", &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // Mid-flight: a replay and a few packets on their way in.
        QTest::mouseClick(rig.view.attackButton(Attack::ReplayLast), Qt::LeftButton);
        rig.controller.runToEnd();
        rig.controller.waitForIdle();
        QTest::qWait(250);
        const QString flying = test::grabNotBlank(rig.view, "replayview-flying", &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        rig.view.finishAnimations();
        AppTheme::apply(Theme::Dark);
        const QString dark = test::grabNotBlank(rig.view, "replayview-dark", &problem);
        AppTheme::apply(Theme::Light);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // Projector text in a dock a third of a small screen wide: a forged Informational refused,
        // and its Quick Mode completed.
        AppTheme::apply(Theme::Light, 16);
        Rig spoofed;
        spoofed.view.resize(460, 1000);
        load(spoofed.controller, scenario("main-quick"));
        QTest::mouseClick(spoofed.view.attackButton(Attack::SpoofInformational), Qt::LeftButton);
        QVERIFY(spoofed.run());
        const QString spoof = test::grabNotBlank(spoofed.view, "replayview-spoof-16", &problem);
        AppTheme::apply(Theme::Light);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        qInfo("screenshots: %s %s %s %s", qPrintable(settled), qPrintable(flying), qPrintable(dark), qPrintable(spoof));
    }
};

QTEST_MAIN(TestReplayView)
#include "tst_replayview.moc"
