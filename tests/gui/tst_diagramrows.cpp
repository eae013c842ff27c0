// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The sequence diagram's model as the lane headers read it: each site's badge follows its SAs —
// the IPsec SAs deleted, then the IKE SA — by what the SA-deleted events carry (the child SA's
// SPI, the IKE SA's cookies), not by reading event ids.

#include <QTest>

#include "InspectorTestSupport.h"
#include "ui/common/DiagramRows.h"

using namespace ipseclab;
using namespace ipseclab::ui;
using namespace std::chrono_literals;

namespace {

// The badges a site's lane header showed, in order: the state marks the rows carry for it.
QStringList badgesOf(const DiagramRows& diagram, lab::Origin site) {
    QStringList badges;
    for (const DiagramRow& row : diagram.rows())
        for (const DiagramMark& mark : row.marks)
            if (mark.kind == DiagramMark::Kind::State && mark.site == site) badges << mark.text;
    return badges;
}

} // namespace

class TestDiagramRows : public QObject {
    Q_OBJECT
private slots:
    void badgesFollowTheDeletes() {
        LabController controller;
        DiagramRows diagram;
        diagram.follow(controller);
        lab::Scenario s = test::scenario("main-quick");
        s.actions = {{lab::Timestamp(10s), lab::ActionKind::DeleteChild, lab::Site::A},
                     {lab::Timestamp(12s), lab::ActionKind::DeleteIke, lab::Site::A}};
        test::load(controller, s);
        QVERIFY(test::runToEnd(controller));
        for (const lab::Origin site : {lab::Origin::SiteA, lab::Origin::SiteB}) {
            const QStringList badges = badgesOf(diagram, site);
            const qsizetype ipsec = badges.indexOf("IPsec SAs deleted");
            QVERIFY2(ipsec >= 0 && badges.indexOf("tunnel deleted") > ipsec, qPrintable(badges.join(" | ")));
            QVERIFY(diagram.currentState(site));
            QCOMPARE(diagram.currentState(site)->text, QString("tunnel deleted"));
            QVERIFY(diagram.currentState(site)->detail.startsWith("DELETED"));
        }
    }
};

QTEST_MAIN(TestDiagramRows)
#include "tst_diagramrows.moc"
