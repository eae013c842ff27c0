// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The Keys inspector as a class meets it, driven through the LabController like the window: the
// values shown are the lab's own (SKEYID, SKEYID_a, KEYMAT per SPI, equal at both sites), nodes
// appear step by step and go on a reset, an input of HASH_I leads to the KE field of MM3, the DH
// panel keeps the private values hidden until revealed, the toy example's arithmetic is right, a
// wrong PSK shows as disagreeing keys; and a screenshot that is not blank.

#include <QComboBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include "InspectorTestSupport.h"
#include "ui/common/AppTheme.h"
#include "ui/common/EventSelection.h"
#include "ui/common/HexText.h"
#include "ui/keys/DerivationDetails.h"
#include "ui/keys/DerivationGraph.h"
#include "ui/keys/DerivationTracker.h"
#include "ui/keys/DhPanel.h"
#include "ui/keys/DhToyPanel.h"
#include "ui/keys/KeysView.h"

using namespace ipseclab;
using namespace ipseclab::ui;
using ipseclab::test::load;
using ipseclab::test::runToEnd;
using ipseclab::test::scenario;

namespace {

struct Rig : test::InspectorRig<KeysView> {
    Rig() : InspectorRig({1500, 950}) {}
};

// The value of Derived event `id` at `site`, as the timeline holds it.
Bytes derivedValue(const LabController& controller, lab::Origin site, const std::string& id) {
    Bytes value;
    controller.read([&](const lab::Lab& lab) {
        if (const lab::LabEvent* e = lab.timeline().derived(site, id))
            if (const auto* d = e->ike()->as<ike::Derivation>())
                value.assign(d->value.view().begin(), d->value.view().end());
    });
    return value;
}

// The KEYMAT ids the sites derived ("KEYMAT.ESP.0x8411fbcc", without the K steps).
QStringList keymatIds(const LabController& controller) {
    QStringList ids;
    controller.read([&](const lab::Lab& lab) {
        for (const auto& e : lab.timeline())
            if (const ike::Event* ev = e.ike();
                ev && ev->kind == ike::EventKind::Derived && ev->id.rfind("KEYMAT.", 0) == 0 &&
                ev->id.find(".K", 7) == std::string::npos && !ids.contains(QString::fromStdString(ev->id)))
                ids << QString::fromStdString(ev->id);
    });
    return ids;
}

// Derived ids on the timeline so far that the graph should show (NAT-D hashes are not keys).
QSet<QString> derivedIds(const LabController& controller) {
    QSet<QString> ids;
    controller.read([&](const lab::Lab& lab) {
        for (const auto& e : lab.timeline())
            if (const ike::Event* ev = e.ike();
                ev && (ev->kind == ike::EventKind::Derived || ev->kind == ike::EventKind::DhComputed) &&
                ev->id.find("NAT-D") == std::string::npos)
                ids.insert(QString::fromStdString(ev->id));
    });
    return ids;
}

bool quickModeDone(const LabController& controller) {
    bool done = false;
    controller.read([&](const lab::Lab& lab) { done = lab.timeline().find("B.QM.established") != nullptr; });
    return done;
}

} // namespace

class TestKeysView : public QObject {
    Q_OBJECT
private slots:
    // Step by step to the end of Quick Mode: each node appears with the step that derives it.
    void nodesAppearStepByStep() {
        Rig rig;
        load(rig.controller, scenario("main-quick"));
        QCOMPARE(rig.view.graph()->nodeCount(), 0);
        int steps = 0;
        int grew = 0;
        while (!quickModeDone(rig.controller) && steps < 200) {
            const int before = rig.view.graph()->nodeCount();
            rig.controller.step();
            rig.controller.waitForIdle();
            ++steps;
            const QSet<QString> expected = derivedIds(rig.controller);
            QCOMPARE(rig.view.graph()->nodeCount(), int(expected.size()));
            for (const QString& id : expected) QVERIFY2(rig.view.graph()->item(id), qPrintable(id));
            if (rig.view.graph()->nodeCount() > before) ++grew;
        }
        QVERIFY(quickModeDone(rig.controller));
        QVERIFY2(grew >= 4, "nodes should appear over several steps, not all at once");
        // SKEYID, SKEYID_d/a/e, Ka, IV.phase1, HASH_I/R, IV.QM1, HASH(1..3), 2 × KEYMAT (+ K1, K2), g^xy
        QVERIFY(rig.view.graph()->nodeCount() >= 19);

        // Step back: the lab is rebuilt; the graph starts over and shows one step less.
        rig.controller.stepBack();
        rig.controller.waitForIdle();
        QCOMPARE(rig.view.graph()->nodeCount(), int(derivedIds(rig.controller).size()));
        rig.controller.load(scenario("main-quick"));
        rig.controller.waitForIdle();
        QCOMPARE(rig.view.graph()->nodeCount(), 0);
    }

    // What was derived while the graph was hidden comes in whole when it is shown: the fade marks
    // only a value derived as the class watches.
    void hiddenGraphCatchesUpWithoutFading() {
        Rig rig;
        rig.view.graph()->hide();
        load(rig.controller, scenario("main-quick"));
        QVERIFY(runToEnd(rig.controller));
        rig.view.graph()->show();
        const QSet<QString> ids = derivedIds(rig.controller);
        QVERIFY(!ids.isEmpty());
        QCOMPARE(rig.view.graph()->nodeCount(), int(ids.size()));
        for (const QString& id : ids) QCOMPARE(rig.view.graph()->item(id)->opacity(), 1.0);
    }

    // The values shown are the Derived events' values, the same at A and B.
    void valuesMatchTheLabAndAgree() {
        Rig rig;
        load(rig.controller, scenario("main-quick"));
        QVERIFY(runToEnd(rig.controller));
        const QStringList keymats = keymatIds(rig.controller);
        QCOMPARE(keymats.size(), 2); // one per SPI: A→B and B→A
        QStringList ids{"SKEYID", "SKEYID_a", "SKEYID_d", "SKEYID_e", "Ka", "HASH_I", "HASH(3)"};
        ids << keymats;
        for (const QString& id : ids) {
            const DerivationNode* node = rig.view.tracker().node(id.toStdString());
            QVERIFY2(node, qPrintable(id));
            const Bytes a = derivedValue(rig.controller, lab::Origin::SiteA, id.toStdString());
            const Bytes b = derivedValue(rig.controller, lab::Origin::SiteB, id.toStdString());
            QVERIFY(!a.empty());
            QCOMPARE(a, b);
            QCOMPARE(node->at(lab::Site::A)->value, a);
            QCOMPARE(node->at(lab::Site::B)->value, b);
            // On screen: both sites' lines start with the value's first bytes; the badge says they agree.
            DerivationNodeItem* item = rig.view.graph()->item(id);
            const QString head = groupedHex(ByteView(a).first(std::min<std::size_t>(a.size(), 16)));
            const QStringList lines = item->valueLines();
            QVERIFY2(lines.filter(QRegularExpression("^A ")).value(0).endsWith(head), qPrintable(lines.join('|')));
            QVERIFY2(lines.filter(QRegularExpression("^B ")).value(0).endsWith(head), qPrintable(lines.join('|')));
            QCOMPARE(item->badge(), QString("A = B ✓"));
        }
        // Each KEYMAT row says which direction it keys.
        QStringList directions;
        for (const QString& id : keymats) directions << rig.view.tracker().node(id.toStdString())->caption;
        directions.sort();
        QCOMPARE(directions, (QStringList{"A→B", "B→A"}));

        // Site A only: B's lines go.
        rig.view.sitesBox()->setCurrentIndex(rig.view.sitesBox()->findText("Site A only"));
        QVERIFY(rig.view.graph()->item("SKEYID")->valueLines().filter(QRegularExpression("^B ")).isEmpty());
        QVERIFY(!rig.view.graph()->item("SKEYID")->valueLines().filter(QRegularExpression("^A ")).isEmpty());
    }

    // Clicking the g^xi input of HASH_I selects MM3's KE data, where the packet's own annotation puts it.
    void hashInputLeadsToTheKeField() {
        Rig rig;
        load(rig.controller, scenario("main-quick"));
        QVERIFY(runToEnd(rig.controller));
        QSignalSpy fields(&rig.selection, &EventSelection::fieldSelected);
        const QRect chip = rig.view.graph()->inputRect("HASH_I", "g^xi");
        QVERIFY(!chip.isEmpty());
        QTest::mouseClick(rig.view.graph()->viewport(), Qt::LeftButton, {}, chip.center());
        QCOMPARE(fields.count(), 1);

        qsizetype mm3 = -1;
        wire::Annotation ke{};
        std::size_t isakmpOffset = 0;
        rig.controller.read([&](const lab::Lab& lab) {
            const lab::LabEvent* sent = lab.timeline().datagram(lab::Origin::SiteA, "MM3");
            mm3 = qsizetype(sent->index);
            const auto* info = sent->ike()->as<ike::DatagramInfo>();
            isakmpOffset = info->isakmpOffset;
            const wire::Annotations annotations = info->annotations(); // built on demand: keep it alive
            if (const wire::Annotation* a = wire::findAnnotation(annotations, "isakmp.key_exchange.data")) ke = *a;
        });
        QVERIFY(ke.length == 256); // MODP-2048
        const QList<QVariant> args = fields.first();
        QCOMPARE(args[0].value<qsizetype>(), mm3);
        QCOMPARE(args[1].toBool(), false);
        // Offsets count in the ISAKMP message (ike::Source); the annotation's in the UDP payload.
        QCOMPARE(args[2].value<std::size_t>() + isakmpOffset, ke.offset);
        QCOMPARE(args[3].value<std::size_t>(), ke.length);
        QCOMPARE(rig.selection.current(), mm3);

        // A derived input leads to its node instead: HASH(1)'s key is SKEYID_a.
        const QRect key = rig.view.graph()->inputRect("HASH(1)", "SKEYID_a");
        QVERIFY(!key.isEmpty());
        QTest::mouseClick(rig.view.graph()->viewport(), Qt::LeftButton, {}, key.center());
        QCOMPARE(rig.view.graph()->selectedNode(), QString("SKEYID_a"));
        QCOMPARE(rig.view.details()->shownNode(), QString("SKEYID_a"));
        QCOMPARE(fields.count(), 1);
        const DerivationNode* skeyidA = rig.view.tracker().node("SKEYID_a");
        QCOMPARE(rig.selection.current(), skeyidA->at(lab::Site::A)->index);
        QVERIFY(rig.view.details()->toPlainText().contains(groupedHex(skeyidA->at(lab::Site::A)->value)));
    }

    void dhPanelShowsTheExchange() {
        Rig rig;
        load(rig.controller, scenario("main-quick"));
        DhPanel* dh = rig.view.dhPanel();
        QVERIFY(!dh->revealButton(lab::Site::A)->isEnabled()); // nothing yet
        QVERIFY(runToEnd(rig.controller));
        Bytes privateA, publicA, secret, peerOfB;
        rig.controller.read([&](const lab::Lab& lab) {
            const auto* a = lab.timeline().derived(lab::Origin::SiteA, "g^xy")->ike()->as<ike::DhInfo>();
            const auto* b = lab.timeline().derived(lab::Origin::SiteB, "g^xy")->ike()->as<ike::DhInfo>();
            privateA.assign(a->privateValue.view().begin(), a->privateValue.view().end());
            publicA = a->ourPublic;
            secret.assign(a->sharedSecret.view().begin(), a->sharedSecret.view().end());
            peerOfB = b->peerPublic;
        });
        QVERIFY(dh->groupText().contains("MODP-2048"));
        QCOMPARE(publicA, peerOfB);
        QCOMPARE(dh->publicText(lab::Site::A), elidedHex(publicA, 16, 4));
        QCOMPARE(dh->secretText(lab::Site::A), elidedHex(secret, 16, 4));
        QCOMPARE(dh->secretText(lab::Site::B), dh->secretText(lab::Site::A));
        // Hidden until revealed, and hidden again.
        QVERIFY(dh->privateText(lab::Site::A).contains("hidden"));
        QVERIFY(!dh->privateText(lab::Site::A).contains(groupedHex(ByteView(privateA).first(4))));
        QTest::mouseClick(dh->revealButton(lab::Site::A), Qt::LeftButton);
        QCOMPARE(dh->privateText(lab::Site::A), groupedHex(privateA));
        QVERIFY(dh->privateText(lab::Site::B).contains("hidden"));
        QTest::mouseClick(dh->revealButton(lab::Site::A), Qt::LeftButton);
        QVERIFY(dh->privateText(lab::Site::A).contains("hidden"));
    }

    void toyExampleByHand() {
        Rig rig;
        DhPanel* dh = rig.view.dhPanel();
        dh->setToyMode(true);
        DhToyPanel* toy = dh->toyPanel();
        toy->setNumbers(23, 5, 6, 15);
        QCOMPARE(toy->publicA(), std::optional<std::uint64_t>(8));
        QCOMPARE(toy->publicB(), std::optional<std::uint64_t>(19));
        QCOMPARE(toy->secretA(), std::optional<std::uint64_t>(2));
        QCOMPARE(toy->secretB(), std::optional<std::uint64_t>(2));
        QCOMPARE(toy->steps(), (QStringList{"A = g^a mod p = 5^6 mod 23 = 15625 mod 23 = 8",
                                            "B = g^b mod p = 5^15 mod 23 = 30517578125 mod 23 = 19",
                                            "s = B^a mod p = 19^6 mod 23 = 47045881 mod 23 = 2",
                                            "s = A^b mod p = 8^15 mod 23 = 35184372088832 mod 23 = 2"}));
        QVERIFY(toy->error().isEmpty());
        // Typing a p that is not prime: explained, nothing computed.
        QSpinBox* p = toy->primeBox();
        p->selectAll();
        QTest::keyClicks(p, "24");
        QCOMPARE(p->value(), 24);
        QVERIFY2(toy->error().contains("not prime"), qPrintable(toy->error()));
        QVERIFY(!toy->secretA());
        // A big power is not written out, only its remainder.
        toy->setNumbers(1000003, 2, 500000, 777777);
        QVERIFY(toy->error().isEmpty());
        QVERIFY(toy->steps().first().startsWith("A = g^a mod p = 2^500000 mod 1000003 = "));
        QCOMPARE(toy->secretA(), toy->secretB());
    }

    // A wrong pre-shared key: the DH secret agrees, SKEYID does not — the graph says so.
    void wrongPskShowsDisagreement() {
        Rig rig;
        load(rig.controller, scenario("wrong-psk-main"));
        QVERIFY(runToEnd(rig.controller));
        QCOMPARE(rig.view.tracker().node("g^xy")->agrees(), std::optional<bool>(true));
        QCOMPARE(rig.view.tracker().node("SKEYID")->agrees(), std::optional<bool>(false));
        QCOMPARE(rig.view.graph()->item("SKEYID")->badge(), QString("A ≠ B ✗"));
    }

    void screenshots() {
        Rig rig;
        load(rig.controller, scenario("main-quick"));
        QVERIFY(runToEnd(rig.controller));
        QVERIFY(QTest::qWaitForWindowExposed(&rig.view));
        QTest::qWait(600); // the last nodes' fade-in
        QTest::mouseClick(rig.view.graph()->viewport(), Qt::LeftButton, {},
                          rig.view.graph()->inputRect("HASH_I", "g^xi").center());
        const QRect skeyidA = rig.view.graph()->inputRect("SKEYID_e", "SKEYID_a");
        QTest::mouseClick(rig.view.graph()->viewport(), Qt::LeftButton, {}, skeyidA.center());
        rig.view.graph()->centerOn(rig.view.graph()->item("SKEYID_a"));
        QString problem;
        const QString keys = test::grabNotBlank(rig.view, "keysview", &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        rig.view.dhPanel()->setToyMode(true);
        const QString toy = test::grabNotBlank(*rig.view.dhPanel(), "keysview-toy", &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // Docked beside the diagram (narrow, short): the graph and the DH panel are two tabs, each
        // with the whole view; selecting a derived key shows the graph, a DH computation the panel.
        rig.view.resize(460, 600);
        QCoreApplication::processEvents();
        QVERIFY(rig.view.tabbed());
        rig.selection.select(rig.view.tracker().node("SKEYID_a")->first()->index);
        QVERIFY(rig.view.graph()->isVisible() && !rig.view.dhPanel()->isVisible());
        QVERIFY(rig.view.graph()->width() > 400 && rig.view.graph()->height() > 300);
        const QString docked = test::grabNotBlank(rig.view, "keysview-docked", &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        rig.selection.select(rig.view.tracker().dhExchanges().front().first()->index);
        QVERIFY(rig.view.dhPanel()->isVisible() && !rig.view.graph()->isVisible());
        QVERIFY(rig.view.dhPanel()->height() > 500);
        const QString dockedDh = test::grabNotBlank(rig.view, "keysview-docked-dh", &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        rig.view.resize(1500, 950);
        QCoreApplication::processEvents();
        QVERIFY(!rig.view.tabbed() && rig.view.graph()->isVisible() && rig.view.dhPanel()->isVisible());

        // The dark palette, as a class projects it: the same views, redrawn in its colours.
        AppTheme::apply(Theme::Dark);
        rig.view.dhPanel()->setToyMode(false);
        const QString dark = test::grabNotBlank(rig.view, "keysview-dark", &problem);
        AppTheme::apply(Theme::Light);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        qInfo("screenshots: %s %s %s %s %s", qPrintable(keys), qPrintable(toy), qPrintable(docked),
              qPrintable(dockedDh), qPrintable(dark));
    }
};

QTEST_MAIN(TestKeysView)
#include "tst_keysview.moc"
