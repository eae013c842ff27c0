// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// A teacher picks transport mode in the Scenario editor: with both sites in transport mode the lab
// works (gateway A pings gateway B, every echo answered); a LAN typed as a transport-mode selector
// is refused under its input, in the lab's words; one site alone in transport mode ends in the
// named failure (no-proposal-chosen), never in "unknown SPI" on every packet.

#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

#include <optional>

#include "InspectorTestSupport.h"
#include "ui/scenario/ScenarioEditor.h"

using namespace ipseclab;
using namespace ipseclab::ui;

namespace {

void chooseTransport(ScenarioEditor& editor, const char* site) {
    auto* combo = qobject_cast<QComboBox*>(editor.field(QString("/%1/encapsulation").arg(site)));
    QVERIFY(combo);
    const int index = combo->findText("transport");
    QVERIFY(index >= 0);
    combo->setCurrentIndex(index);
}

// Applies the editor's scenario and plays it to its end; the lab's status then.
lab::LabStatus applyAndRun(ScenarioEditor& editor, LabController& controller, bool* asDesigned) {
    std::optional<lab::Scenario> applied;
    QObject::connect(&editor, &ScenarioEditor::applied, [&applied](const lab::Scenario& s) { applied = s; });
    QTest::mouseClick(editor.applyButton(), Qt::LeftButton);
    if (!applied) qFatal("Apply did not apply");
    test::load(controller, *applied);
    if (!test::runToEnd(controller)) qFatal("the lab did not finish");
    lab::LabStatus status;
    controller.read([&](const lab::Lab& lab) {
        status = lab.status();
        *asDesigned = lab.outcome()->asDesigned;
    });
    return status;
}

} // namespace

class TestScenarioTransport : public QObject {
    Q_OBJECT
private slots:
    void bothSitesInTransportModeWork() {
        ScenarioEditor editor;
        editor.setScenario(test::scenario("main-quick"));
        editor.show();
        chooseTransport(editor, "siteA");
        chooseTransport(editor, "siteB");
        QVERIFY2(editor.errors().empty(),
                 qPrintable(editor.errors().empty() ? QString() : editor.errors().front().second));
        QVERIFY(editor.applyButton()->isEnabled());
        LabController controller;
        bool asDesigned = false;
        const lab::LabStatus st = applyAndRun(editor, controller, &asDesigned);
        QVERIFY(asDesigned);
        QCOMPARE(st.echoReplies, 3u);
        QCOMPARE(st.unknownSpiB, std::uint64_t{0});
        controller.read([](const lab::Lab& lab) {
            QVERIFY(lab.scenario().gatewaysTalk());
            QVERIFY(lab.timeline().find("echo.1.reply")->text().find("127.0.0.2 → 127.0.0.1") != std::string::npos);
        });
    }

    void aLanIsRefusedAsATransportSelector() {
        ScenarioEditor editor;
        editor.setScenario(test::scenario("main-quick"));
        editor.show();
        chooseTransport(editor, "siteA");
        auto* subnet = qobject_cast<QLineEdit*>(editor.field("/siteA/localSubnet"));
        QVERIFY(subnet);
        subnet->setText("10.1.0.0/24");
        QVERIFY2(
            editor.errorShown("/siteA/localSubnet").contains("transport mode protects only the gateways' own packets"),
            qPrintable(editor.errorShown("/siteA/localSubnet")));
        QVERIFY(!editor.applyButton()->isEnabled());
        subnet->setText("127.0.0.1/32");
        QVERIFY(editor.errorShown("/siteA/localSubnet").isEmpty());
    }

    void oneSiteAloneFailsByName() {
        ScenarioEditor editor;
        editor.setScenario(test::scenario("main-quick"));
        editor.show();
        chooseTransport(editor, "siteB");
        QVERIFY(editor.applyButton()->isEnabled());
        LabController controller;
        bool asDesigned = true;
        const lab::LabStatus st = applyAndRun(editor, controller, &asDesigned);
        QVERIFY(!asDesigned);
        QVERIFY(!st.established);
        QCOMPARE(st.unknownSpiB, std::uint64_t{0});
        bool named = false;
        for (const auto& [site, f] : st.failures) named = named || f.kind == ike::FailureKind::NoProposalChosen;
        QVERIFY(named);
    }
};

QTEST_MAIN(TestScenarioTransport)
#include "tst_scenario_transport.moc"
