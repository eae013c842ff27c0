// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The scenario editor as a teacher meets it while scrolling and switching: the wheel scrolls the
// form and changes no value until an input has the focus; each ready-made scenario is listed
// with its description; a site that lists no IKE proposal says what it takes instead and stays
// not listed; and edits not applied are never dropped without asking (save, discard, or stay).

#include <QAbstractItemView>
#include <QComboBox>
#include <QLineEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>

#include "DialogTestSupport.h"
#include "lab/BuiltinScenarios.h"
#include "ui/scenario/ScenarioEditor.h"

using namespace ipseclab;
using namespace ipseclab::ui;

namespace {

// One notch of the wheel over `widget`, as the mouse sends it (spontaneous: it propagates to the
// parents when the widget leaves it).
bool wheel(QWidget* widget, int notches = -1) {
    const QPointF at = QPointF(widget->rect().center());
    QWheelEvent event(at, widget->mapToGlobal(at), QPoint(), QPoint(0, 120 * notches), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QSpontaneKeyEvent::setSpontaneous(&event);
    qApp->notify(widget, &event); // not sendEvent(), which makes it a synthesized event that stays put
    return event.isAccepted();
}

void choose(ScenarioEditor& editor, const QString& name) {
    const int index = editor.chooser()->findData(name);
    QVERIFY(index >= 0);
    editor.chooser()->setCurrentIndex(index);
    emit editor.chooser()->activated(index); // as a click in its list does
}

} // namespace

class TestScenarioEditor : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
    }

    // Traffic "ms apart" 1000 must stay 1000 while the form scrolls over it.
    void theWheelScrollsTheFormAndChangesNoValue() {
        ScenarioEditor editor;
        editor.resize(700, 420); // shorter than the form: it scrolls
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        auto* interval = qobject_cast<QSpinBox*>(editor.field(QStringLiteral("/traffic/intervalMs")));
        auto* mode = qobject_cast<QComboBox*>(editor.field(QStringLiteral("/siteA/mode")));
        QVERIFY(interval && mode);
        QCOMPARE(interval->value(), 1000);
        const int modeIndex = mode->currentIndex();
        QScrollBar* scroll = editor.findChild<QScrollArea*>()->verticalScrollBar();
        QVERIFY(scroll->maximum() > 0);
        editor.setFocus();
        for (QWidget* input : {static_cast<QWidget*>(interval), static_cast<QWidget*>(mode)}) {
            QVERIFY(!input->hasFocus());
            scroll->setValue(0);
            QCOMPARE(input->focusPolicy(), Qt::StrongFocus);
            wheel(input);
            QCOMPARE(interval->value(), 1000);
            QCOMPARE(mode->currentIndex(), modeIndex);
        }
        // The wheel went on to the form, which scrolled.
        scroll->setValue(0);
        wheel(interval);
        QVERIFY2(scroll->value() > 0, "the form did not scroll");
        // Clicked (focused), the input takes the wheel as usual.
        interval->setFocus();
        QTRY_VERIFY(interval->hasFocus());
        wheel(interval, 1);
        QCOMPARE(interval->value(), 1001);
        // And so does the toolbar's chooser: a wheel over it does not start another scenario.
        QSignalSpy chosen(&editor, &ScenarioEditor::scenarioChosen);
        wheel(editor.chooser());
        QCOMPARE(chosen.count(), 0);
    }

    void everyReadyMadeScenarioIsDescribed() {
        ScenarioEditor editor;
        for (const lab::BuiltinScenarioInfo& info : lab::builtinScenarios()) {
            const int index = editor.chooser()->findData(QString::fromStdString(info.name));
            QVERIFY(index >= 0);
            QVERIFY(!info.description.empty());
            QCOMPARE(editor.chooser()->itemData(index, Qt::ToolTipRole).toString(),
                     QString::fromStdString(info.description));
            // The list shows it under the name: a row of two lines.
            QAbstractItemView* list = editor.chooser()->view();
            const QModelIndex item = list->model()->index(index, 0);
            QStyleOptionViewItem option;
            option.initFrom(list);
            QVERIFY(list->itemDelegate()->sizeHint(option, item).height() >= 2 * list->fontMetrics().height());
            // Loaded, it is the chooser's tooltip and the editor's first line.
            editor.setScenario(*lab::builtinScenario(info.name));
            QVERIFY(editor.chooser()->toolTip().contains(QString::fromStdString(info.description).toHtmlEscaped()));
            QVERIFY(!editor.hasUnappliedEdits()); // shown as loaded: nothing to ask about
        }
    }

    // A site that lists no IKE proposal shows an empty field whose placeholder names the role's
    // default (charon's set for Site B, the lab's suite for Site A), and the scenario read back
    // keeps it not listed; typing a proposal lists it, clearing the field unlists it again.
    void unlistedIkeProposalsShowTheirDefault() {
        ScenarioEditor editor;
        lab::Scenario unlisted = *lab::builtinScenario("main-quick");
        unlisted.siteA.ikeProposals.clear();
        unlisted.siteB.ikeProposals.clear();
        editor.setScenario(unlisted);
        auto* a = qobject_cast<QLineEdit*>(editor.field(QStringLiteral("/siteA/ike")));
        auto* b = qobject_cast<QLineEdit*>(editor.field(QStringLiteral("/siteB/ike")));
        QVERIFY(a && b);
        QVERIFY(a->text().isEmpty() && b->text().isEmpty());
        QCOMPARE(b->placeholderText(), QStringLiteral("charon's default (48 suites)"));
        QCOMPARE(a->placeholderText(), QStringLiteral("default: aes128-sha1-modp2048"));
        QVERIFY(b->toolTip().contains("charon 5.9's IKEv1 default"));
        // The placeholder reads whole in the dock at 1366×768 (its fields are about 210 pixels wide).
        for (QLineEdit* field : {a, b})
            QVERIFY2(field->fontMetrics().horizontalAdvance(field->placeholderText()) < 200,
                     qPrintable(field->placeholderText()));
        QCOMPARE(editor.scenario(), unlisted);
        QVERIFY(editor.scenario().toJson().find("\"ike\"") == std::string::npos);

        b->setText(QStringLiteral("aes256-sha256-modp2048"));
        QCOMPARE(editor.scenario().siteB.ikeProposals, std::vector<std::string>{"aes256-sha256-modp2048"});
        b->clear();
        QVERIFY(editor.scenario().siteB.ikeProposals.empty());
    }

    void switchingAsksBeforeDroppingEdits() {
        ScenarioEditor editor;
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QSignalSpy chosen(&editor, &ScenarioEditor::scenarioChosen);
        auto* count = qobject_cast<QSpinBox*>(editor.field(QStringLiteral("/traffic/count")));
        count->setValue(20);
        QVERIFY(editor.hasUnappliedEdits());

        // Cancel: nothing changes, the chooser goes back to the scenario being edited.
        QString asked;
        test::answerMessageBox(QMessageBox::Cancel, &asked);
        choose(editor, "pfs");
        QVERIFY2(asked.contains("main-quick") && asked.contains("pfs"), qPrintable(asked));
        QCOMPARE(chosen.count(), 0);
        QCOMPARE(count->value(), 20);
        QCOMPARE(editor.chooser()->currentData().toString(), QStringLiteral("main-quick"));

        // Save: the edits go to a file, then the switch.
        QTemporaryDir dir;
        test::answerMessageBox(QMessageBox::Save, nullptr);
        test::answerFileDialog(dir.filePath("twenty.json"));
        choose(editor, "pfs");
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(editor.scenario().name, std::string("pfs"));
        auto saved = lab::Scenario::load(dir.filePath("twenty.json").toStdString());
        QVERIFY(saved);
        QCOMPARE(saved->traffic.count, 20u);
        QCOMPARE(saved->name, std::string("main-quick"));

        // Discard: the switch, the edits gone.
        count->setValue(7);
        test::answerMessageBox(QMessageBox::Discard, nullptr);
        choose(editor, "nat");
        QCOMPARE(chosen.count(), 2);
        QCOMPARE(editor.scenario(), *lab::builtinScenario("nat"));

        // Without edits, no question.
        choose(editor, "ah");
        QCOMPARE(chosen.count(), 3);
        // Applied edits are not pending edits either.
        count->setValue(9);
        editor.applyButton()->click();
        QVERIFY(!editor.hasUnappliedEdits());
        choose(editor, "gcm");
        QCOMPARE(chosen.count(), 4);
    }

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestScenarioEditor)
#include "tst_scenarioeditor.moc"
