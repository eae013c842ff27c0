// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The main window driven as a user drives it — keys for the transport, clicks on the diagram's
// arrows, typing into the scenario editor — and checked against what the lab's own events say:
// the arrows and their textbook labels, the selected packet's fields, the state after stepping
// back and forth, each mis-configuration's red failure and its sentence, the inline errors of an
// invalid scenario, the exports, and a picture of every view that is not blank.

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTextFrame>
#include <QToolBar>
#include <QTreeView>
#include <QWidgetAction>

#include <set>

#include "lab/AttackSpec.h"
#include "lab/BuiltinScenarios.h"
#include "ui/common/DiagramRows.h"
#include "ui/common/EventSelection.h"
#include "ui/common/HexView.h"
#include "ui/common/LabController.h"
#include "ui/common/SequenceDiagramPainter.h"
#include "ui/diagram/SequenceDiagramView.h"
#include "ui/keys/DerivationTracker.h"
#include "ui/keys/KeysView.h"
#include "ui/lesson/LessonPanel.h"
#include "ui/log/LogModel.h"
#include "ui/log/LogView.h"
#include "ui/packet/PacketDock.h"
#include "ui/packet/PacketView.h"
#include "ui/scenario/ScenarioEditor.h"
#include "ui/window/MainWindow.h"
#include "ui/window/TransportControls.h"

using namespace ipseclab;
using namespace ipseclab::ui;

namespace {

// What a student sees in a textbook, and so on the arrows of main-quick up to the end of Quick Mode.
const QStringList kMainQuickMessages = {
    "MM1 · SA proposals",
    "MM2 · SA (the chosen proposal)",
    "MM3 · KE, Ni, NAT-D",
    "MM4 · KE, Nr, NAT-D",
    "MM5 · IDii, HASH_I 🔒",
    "MM6 · IDir, HASH_R 🔒",
    "QM1 · HASH(1), SA, Ni, IDci, IDcr 🔒",
    "QM2 · HASH(2), SA, Nr, IDci, IDcr 🔒",
    "QM3 · HASH(3) 🔒",
};

void settle(MainWindow& window) {
    window.controller().waitForIdle();
    QCoreApplication::processEvents();
}

// The window as a user has it: shown, active, the lab loaded.
void open(MainWindow& window, const std::string& scenario, std::uint64_t seed = 1) {
    window.fitTo({1600, 960});
    window.start(*lab::builtinScenario(scenario), seed);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    settle(window);
}

void pressStep(MainWindow& window) {
    QTest::keyClick(&window, Qt::Key_Right, Qt::ControlModifier);
    settle(window);
}

// Replaces what `edit` holds by typing, as a user selects all and types over it.
void retype(QLineEdit* edit, const QString& text) {
    edit->setFocus();
    edit->selectAll();
    QTest::keyClicks(edit, text);
}

QStringList wanCaptions(const DiagramRows& diagram) {
    QStringList captions;
    for (const DiagramRow& row : diagram.rows())
        if (row.kind == DiagramRow::Kind::Packet && !row.lan) captions << row.caption();
    return captions;
}

qsizetype rowLabelled(const DiagramRows& diagram, const QString& label) {
    for (qsizetype r = 0; r < diagram.rowCount(); ++r)
        if (diagram.row(r).kind == DiagramRow::Kind::Packet && diagram.row(r).label.startsWith(label)) return r;
    return -1;
}

void clickRow(SequenceDiagramView& view, qsizetype row) {
    view.scrollToRow(row);
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.rowRect(row).center());
}

// The diagram as a user would compare it: every row's words, ends and fate.
QStringList describe(const DiagramRows& diagram) {
    QStringList rows;
    for (const DiagramRow& r : diagram.rows())
        rows << QStringLiteral("%1|%2>%3|%4|%5")
                    .arg(r.caption())
                    .arg(int(r.from))
                    .arg(int(r.to))
                    .arg(int(r.fate))
                    .arg(r.reason);
    return rows;
}

bool quickModeDone(const DiagramRows& diagram) {
    const qsizetype qm3 = rowLabelled(diagram, "QM3");
    return qm3 >= 0 && diagram.row(qm3).fate == DiagramRow::Fate::Delivered;
}

// Pixels of `color` (give or take) inside `rect` of `image`.
int pixelsLike(const QImage& image, const QRect& rect, const QColor& color) {
    int count = 0;
    const QRect area = rect.intersected(image.rect());
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - color.red()) + std::abs(c.green() - color.green()) +
                    std::abs(c.blue() - color.blue()) <
                60)
                ++count;
        }
    return count;
}

// A picture is "not blank" when it has some variety: text, lines, colours.
int distinctColors(const QImage& image) {
    std::set<QRgb> colors;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2) colors.insert(image.pixel(x, y));
    return static_cast<int>(colors.size());
}

QString screensDir() { return QCoreApplication::applicationDirPath() + QStringLiteral("/tst_mainwindow-screens"); }

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        // Never the user's settings.
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QDir().mkpath(screensDir());
    }

    void stepsMainQuickToTheEndOfQuickMode() {
        MainWindow window;
        open(window, "main-quick");
        for (int i = 0; i < 60 && !quickModeDone(window.diagram()); ++i) pressStep(window);
        QVERIFY(quickModeDone(window.diagram()));

        // One arrow per datagram, in the order sent, labelled as the textbook does.
        QCOMPARE(wanCaptions(window.diagram()).mid(0, kMainQuickMessages.size()), kMainQuickMessages);
        // ... each going the right way, each an event of the lab whose summary it shows.
        window.controller().read([&](const lab::Lab& lab) {
            for (const QString& message : kMainQuickMessages) {
                const DiagramRow& row = window.diagram().row(rowLabelled(window.diagram(), message.left(3)));
                const bool initiator = message.startsWith("MM1") || message.startsWith("MM3") ||
                                       message.startsWith("MM5") || message.startsWith("QM1") ||
                                       message.startsWith("QM3");
                QCOMPARE(row.from, initiator ? Lane::SiteA : Lane::SiteB);
                QCOMPARE(row.to, initiator ? Lane::SiteB : Lane::SiteA);
                QCOMPARE(row.fate, DiagramRow::Fate::Delivered);
                const lab::LabEvent& sent = lab.timeline().at(static_cast<std::size_t>(row.event));
                QVERIFY(sent.ike() && sent.ike()->kind == ike::EventKind::DatagramSent);
                QVERIFY2(QString::fromStdString(sent.summary()).startsWith(row.label), qPrintable(row.label));
                QCOMPARE(row.encrypted, sent.ike()->as<ike::DatagramInfo>()->encrypted);
            }
        });
        // Each site's state beside its lane: both ended phase 1 in QM_IDLE (the tooltip's name).
        QVERIFY(window.diagram().currentState(lab::Origin::SiteA));
        const qsizetype mm6 = rowLabelled(window.diagram(), "MM6");
        bool idle = false;
        for (const DiagramMark& mark : window.diagram().row(mm6).marks)
            idle = idle || mark.detail.startsWith("QM_IDLE");
        QVERIFY(idle);

        // Click QM1's arrow: the Packet dock shows its bytes and fields exactly as the lab's event has them.
        SequenceDiagramView* view = window.diagramView();
        const qsizetype qm1 = rowLabelled(window.diagram(), "QM1");
        clickRow(*view, qm1);
        QCOMPARE(window.selection().current(), window.diagram().row(qm1).event);
        PacketView* packet = window.packetDock()->packetView();
        window.controller().read([&](const lab::Lab& lab) {
            const auto* sent = lab.timeline()
                                   .at(static_cast<std::size_t>(window.diagram().row(qm1).event))
                                   .ike()
                                   ->as<ike::DatagramInfo>();
            const auto& layers = packet->model()->layers();
            QCOMPARE(layers.size(), std::size_t{2}); // on the wire, and decrypted beside it
            // The whole captured packet: its outer IPv4 and UDP headers, then the datagram's own
            // fields at the same paths, shifted to where the UDP payload starts.
            const auto* captured = lab.timeline()
                                       .at(static_cast<std::size_t>(window.diagram().row(qm1).wireEvent))
                                       .as<lab::PacketRecord>();
            QVERIFY(captured);
            QCOMPARE(layers[0].bytes, captured->packet);
            const std::size_t udpPayloadAt = captured->packet.size() - sent->udpPayload.size();
            QCOMPARE(Bytes(layers[0].bytes.begin() + static_cast<std::ptrdiff_t>(udpPayloadAt), layers[0].bytes.end()),
                     sent->udpPayload);
            const wire::Annotations datagramFields = sent->annotations();
            const auto firstIsakmp = std::find_if(layers[0].annotations.begin(), layers[0].annotations.end(),
                                                  [](const wire::Annotation& a) { return a.path == "ISAKMP Header"; });
            QCOMPARE(static_cast<std::size_t>(layers[0].annotations.end() - firstIsakmp), datagramFields.size());
            QCOMPARE(firstIsakmp->offset, udpPayloadAt + datagramFields.front().offset);
            QCOMPARE(layers[1].bytes, sent->plaintext);
            const wire::Annotations plaintextFields = sent->plaintextAnnotations();
            QCOMPARE(layers[1].annotations.size(), plaintextFields.size());
            QCOMPARE(packet->hexView(1)->bytes(), sent->plaintext);
            // The nonce field of the plaintext, selected as a key's input would select it: its bytes light up.
            const auto nonce = std::find_if(plaintextFields.begin(), plaintextFields.end(),
                                            [](const wire::Annotation& a) {
                                                return QString::fromStdString(a.path).endsWith("/Nonce Data");
                                            });
            QVERIFY(nonce != plaintextFields.end());
            window.selection().selectField(window.diagram().row(qm1).event, true, nonce->offset, nonce->length);
            QCOMPARE(packet->hexView(1)->highlightOffset(), nonce->offset);
            QCOMPARE(packet->hexView(1)->highlightLength(), nonce->length);
            QCOMPARE(packet->tree()->currentIndex().data().toString(), QStringLiteral("Nonce Data"));
        });
        // The log follows the selection.
        QCOMPARE(window.logView()->table()->currentIndex().data().toString().isEmpty(), false);

        // Down walks to the next arrow, QM2.
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Down);
        QCOMPARE(window.diagram().rowOfEvent(window.selection().current()), rowLabelled(window.diagram(), "QM2"));

        QImage shot = view->grab().toImage();
        QVERIFY(shot.save(screensDir() + "/diagram-main-quick.png"));
        QVERIFY(distinctColors(shot) > 20);
    }

    void steppingBackAndForthGivesTheSameState() {
        MainWindow window;
        open(window, "main-quick");
        for (int i = 0; i < 60 && !quickModeDone(window.diagram()); ++i) pressStep(window);
        const QStringList before = describe(window.diagram());
        const int rows = static_cast<int>(window.diagram().rowCount());

        QTest::keyClick(&window, Qt::Key_Left, Qt::ControlModifier); // step back
        settle(window);
        QVERIFY(!quickModeDone(window.diagram())); // QM3 is on the wire again
        QVERIFY(describe(window.diagram()) != before);
        QVERIFY(window.diagram().rowCount() <= rows);

        pressStep(window);
        QCOMPARE(describe(window.diagram()), before);

        // Twice back, twice forward, through the toolbar this time.
        window.transport()->stepBackAction()->trigger();
        window.transport()->stepBackAction()->trigger();
        settle(window);
        pressStep(window);
        pressStep(window);
        QCOMPARE(describe(window.diagram()), before);
    }

    void everyMisconfigurationFailsInRedWithItsSentence_data() {
        QTest::addColumn<QString>("scenario");
        for (const lab::BuiltinScenarioInfo& info : lab::builtinScenarios())
            if (lab::builtinScenario(info.name)->expect.failure)
                QTest::newRow(info.name.c_str()) << QString::fromStdString(info.name);
    }

    void everyMisconfigurationFailsInRedWithItsSentence() {
        QFETCH(QString, scenario);
        MainWindow window;
        open(window, "main-quick");
        // Chosen as a teacher does: from the toolbar's scenario list.
        QComboBox* chooser = window.scenarioEditor()->chooser();
        const int index = chooser->findData(scenario);
        QVERIFY(index >= 0);
        chooser->setCurrentIndex(index);
        emit chooser->activated(index);
        settle(window);
        QCOMPARE(window.scenario().name, scenario.toStdString());
        // Played at full speed to the designed end.
        window.transport()->setSpeed(500);
        window.transport()->playAction()->trigger();
        auto finished = [&window] {
            bool done = false;
            window.controller().read([&done](const lab::Lab& lab) { done = lab.finished(); });
            return done;
        };
        QTRY_VERIFY_WITH_TIMEOUT(finished(), 30000);
        settle(window);

        // The designed failure, as the lab worded it, is on a red row of the diagram.
        std::string sentence;
        ike::FailureKind expected{};
        window.controller().read([&](const lab::Lab& lab) {
            expected = *lab.scenario().expect.failure;
            for (const lab::LabEvent& e : lab.timeline())
                if (const auto* f = e.ike() ? e.ike()->as<ike::FailureInfo>() : nullptr;
                    f && f->kind == expected && sentence.empty())
                    sentence = f->sentence;
        });
        QVERIFY2(!sentence.empty(), "the lab reported the designed failure");
        qsizetype red = -1;
        for (qsizetype r = 0; r < window.diagram().rowCount() && red < 0; ++r)
            if (window.diagram().row(r).fate == DiagramRow::Fate::Failed &&
                window.diagram().row(r).reason == QString::fromStdString(sentence))
                red = r;
        QVERIFY2(red >= 0, sentence.c_str());

        // ... and painted red.
        SequenceDiagramView* view = window.diagramView();
        view->scrollToRow(red);
        const QImage shot = view->viewport()->grab().toImage();
        const QColor failure = view->diagramPainter().colors().failure;
        QCOMPARE(view->diagramPainter().colorOf(window.diagram().row(red)), failure);
        QVERIFY(pixelsLike(shot, view->rowRect(red), failure) > 40);
        QVERIFY(shot.save(screensDir() + "/diagram-" + scenario + ".png"));
    }

    // Each attack's packets are drawn in the attack colour with its badge, and a packet the
    // receiver refused carries the receiver's verdict as its sentence, in red.
    void attacksAreMarkedWithTheReceiversVerdict() {
        lab::Scenario attacked = *lab::builtinScenario("main-quick");
        attacked.traffic.count = 6;
        for (const char* spec : {"replay:seq=2", "flip:payload:at=4", "forge:seq=+100000"})
            attacked.attacks.push_back(*lab::AttackSpec::parse(spec));
        MainWindow window;
        window.fitTo({1600, 960});
        window.start(attacked, 1);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.transport()->runToEndAction()->trigger();
        settle(window);

        const SequenceDiagramPainter& painter = window.diagramView()->diagramPainter();
        std::set<int> refused;
        window.controller().read([&](const lab::Lab& lab) {
            for (const lab::LabEvent& e : lab.timeline()) {
                const auto* record = e.as<lab::DataPlaneRecord>();
                if (!e.attack || !record || record->event().kind != ipsec::EventKind::Verdict ||
                    record->event().verdict == ipsec::Verdict::Accepted)
                    continue;
                const qsizetype r = window.diagram().rowOfEvent(static_cast<qsizetype>(e.index));
                QVERIFY2(r >= 0, e.id.c_str());
                const DiagramRow& row = window.diagram().row(r);
                QCOMPARE(row.attack, e.attack);
                QCOMPARE(row.fate, DiagramRow::Fate::Rejected);
                QVERIFY2(row.reason.startsWith(
                             QString::fromStdString(std::string(ipsec::verdictName(record->event().verdict)))),
                         qPrintable(row.reason));
                QCOMPARE(painter.colorOf(row), painter.colors().failure);
                refused.insert(*e.attack);
            }
        });
        QCOMPARE(refused, (std::set<int>{1, 2, 3})); // a duplicate, a bad ICV, a bad ICV

        // The attacker's own packet (the replayed copy) starts on the wire, dashed in the attack colour.
        qsizetype injected = -1;
        for (qsizetype r = 0; r < window.diagram().rowCount() && injected < 0; ++r)
            if (window.diagram().row(r).attack == 1 && window.diagram().row(r).kind == DiagramRow::Kind::Packet)
                injected = r;
        QVERIFY(injected >= 0);
        QCOMPARE(window.diagram().row(injected).from, Lane::Wire);
        SequenceDiagramView* view = window.diagramView();
        view->scrollToRow(injected);
        const QImage shot = view->viewport()->grab().toImage();
        QVERIFY(pixelsLike(shot, view->rowRect(injected), painter.colors().attack) > 20);
        QVERIFY(shot.save(screensDir() + "/diagram-attacks.png"));
    }

    void invalidScenarioSettingsShowInlineErrors() {
        MainWindow window;
        open(window, "main-quick");
        window.raiseDock("scenario");
        ScenarioEditor* editor = window.scenarioEditor();
        QVERIFY(editor->errors().empty());
        QVERIFY(editor->applyButton()->isEnabled());

        // An empty pre-shared key, a subnet that is not one, a window out of range — all at once.
        auto* psk = qobject_cast<QLineEdit*>(editor->field("/siteA/psk"));
        auto* subnet = qobject_cast<QLineEdit*>(editor->field("/siteB/localSubnet"));
        auto* window16 = qobject_cast<QSpinBox*>(editor->field("/siteB/replayWindow"));
        auto* ikeProposals = qobject_cast<QLineEdit*>(editor->field("/siteA/ike"));
        QVERIFY(psk && subnet && window16 && ikeProposals);
        psk->selectAll();
        QTest::keyClick(psk, Qt::Key_Delete);
        retype(subnet, "10.2.0.0/33");
        retype(window16->findChild<QLineEdit*>(), "16");
        retype(ikeProposals, "aes128-sha1-modp999");

        QVERIFY2(editor->errorShown("/siteA/psk").contains("empty"), qPrintable(editor->errorShown("/siteA/psk")));
        QVERIFY2(!editor->errorShown("/siteB/localSubnet").isEmpty(), "bad subnet");
        QVERIFY2(editor->errorShown("/siteB/replayWindow").contains("32 to 4096"),
                 qPrintable(editor->errorShown("/siteB/replayWindow")));
        QVERIFY2(editor->errorShown("/siteA/ike").contains("modp999"), qPrintable(editor->errorShown("/siteA/ike")));
        QVERIFY(editor->errorShown("/siteB/psk").isEmpty());
        QVERIFY(!editor->applyButton()->isEnabled());
        QVERIFY(psk->property("invalid").toBool());
        QCoreApplication::processEvents(); // the form makes room for the error lines
        QImage shot = editor->grab().toImage();
        QVERIFY(shot.save(screensDir() + "/scenario-errors.png"));

        // Fixed one by one, the errors go; Apply restarts the lab with the new settings.
        QTest::keyClicks(psk, "a-new-secret");
        QVERIFY(editor->errorShown("/siteA/psk").isEmpty());
        retype(subnet, "10.2.0.0/24");
        retype(window16->findChild<QLineEdit*>(), "128");
        retype(ikeProposals, "aes128-sha1-modp2048");
        QVERIFY2(editor->errors().empty(),
                 qPrintable(editor->errors().empty() ? QString() : editor->errors().front().second));
        QVERIFY(editor->applyButton()->isEnabled());
        QTest::mouseClick(editor->applyButton(), Qt::LeftButton);
        settle(window);
        window.controller().read([](const lab::Lab& lab) {
            QCOMPARE(lab.scenario().siteB.replayWindow, 128u);
            QCOMPARE(lab.scenario().siteA.psk, std::string("a-new-secret"));
            QCOMPARE(lab.seed(), 1u); // the seed in use is kept
        });
        QVERIFY(editor->chooser()->currentText().contains("edited"));
    }

    void seedIsShownAndEditable() {
        MainWindow window;
        open(window, "main-quick", 7);
        QLineEdit* seed = window.transport()->seedEdit();
        QCOMPARE(seed->text(), QStringLiteral("7"));
        retype(seed, "42");
        QTest::keyClick(seed, Qt::Key_Return);
        settle(window);
        window.controller().read([](const lab::Lab& lab) { QCOMPARE(lab.seed(), 42u); });
        QCOMPARE(seed->text(), QStringLiteral("42"));
    }

    void logFiltersAndCopies() {
        MainWindow window;
        open(window, "main-quick");
        window.transport()->runToEndOfPhaseAction()->trigger(); // interesting traffic
        window.transport()->runToEndOfPhaseAction()->trigger(); // phase 1
        settle(window);
        LogView* log = window.logView();
        QTest::keyClicks(log->filterEdit(), "skeyid_a");
        const QString text = log->text(false);
        const QStringList lines = text.split('\n', Qt::SkipEmptyParts);
        // The lines kept are the events that mention it, in any case, in any column.
        int mentions = 0;
        // Of the events shown: the end of phase 1 holds back what its last step began of phase 2.
        window.controller().read([&mentions, &window](const lab::Lab& lab) {
            for (qsizetype i = 0; i < window.controller().shownEvents(); ++i) {
                const lab::LabEvent& e = lab.timeline().at(std::size_t(i));
                if (QString::fromStdString(e.summary() + " " + e.text()).contains("skeyid_a", Qt::CaseInsensitive))
                    ++mentions;
            }
        });
        QCOMPARE(lines.size(), mentions);
        QCOMPARE(lines.filter(QRegularExpression("\\tSKEYID_a = prf")).size(), 2); // derived at A and at B
        for (const QString& l : lines) QVERIFY(l.contains("SKEYID_a"));
        log->copy(false);
        QCOMPARE(QApplication::clipboard()->text(), text);
        // Clicking a line selects its event everywhere.
        QTest::mouseClick(log->table()->viewport(), Qt::LeftButton, {},
                          log->table()->visualRect(log->table()->model()->index(0, 3)).center());
        window.controller().read([&](const lab::Lab& lab) {
            QCOMPARE(lab.timeline()
                         .at(static_cast<std::size_t>(window.selection().current()))
                         .summary()
                         .rfind("SKEYID_a", 0),
                     0u);
        });
    }

    // An ESN capture's note says what Wireshark 4.2 and older shows (a bad ICV on every ESP packet) and
    // which version reads ESN.
    void theEsnCaptureNoteNamesWiresharksLimit() {
        MainWindow window;
        open(window, "esn-wrap");
        window.transport()->runToEndAction()->trigger();
        settle(window);
        QTemporaryDir dir;
        window.exportCapture(dir.filePath("esn.pcapng"));
        settle(window);
        QFile note(dir.filePath("esn-wireshark.txt"));
        QVERIFY(note.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(note.readAll());
        QVERIFY2(text.contains("extended sequence numbers (ESN)") && text.contains("version 4.6 has it") &&
                     text.contains("Version 4.2 and older") && text.contains("bad ICV") && text.contains("64-bit") &&
                     text.contains("comments mark those packets"),
                 qPrintable(text));
    }

    void exportsTheCaptureTheDiagramAndTheReport() {
        MainWindow window;
        open(window, "main-quick");
        window.transport()->runToEndAction()->trigger();
        settle(window);
        QTemporaryDir dir;
        QSignalSpy exported(&window.controller(), &LabController::exported);
        window.exportCapture(dir.filePath("lab.pcapng"));
        settle(window);
        QCOMPARE(exported.count(), 1);
        QVERIFY(QFileInfo(dir.filePath("lab.pcapng")).size() > 1000);
        QVERIFY(QFile::exists(dir.filePath("lab-keys/ikev1_decryption_table")));
        QVERIFY(QFile::exists(dir.filePath("lab-keys/esp_sa")));
        QFile note(dir.filePath("lab-wireshark.txt"));
        QVERIFY(note.open(QIODevice::ReadOnly));
        const QByteArray noteText = note.readAll();
        QVERIFY(noteText.contains("WIRESHARK_CONFIG_DIR"));
        QVERIFY(!noteText.contains("extended sequence numbers")); // main-quick has none

        QString error;
        // Exported from a narrow window with QM1 selected: every label whole, and no selection.
        window.resizeDocks({window.dock("packet")},
                           {window.width() - window.diagramView()->minimumSizeHint().width() - 40}, Qt::Horizontal);
        QVERIFY(window.selectPacket("QM1"));
        QCoreApplication::processEvents();
        QVERIFY2(window.exportDiagram(dir.filePath("diagram.svg"), &error), qPrintable(error));
        QFile svg(dir.filePath("diagram.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QString svgText = QString::fromUtf8(svg.readAll());
        QVERIFY(svgText.contains("<svg"));
        for (const DiagramRow& row : window.diagram().rows())
            if (row.kind != DiagramRow::Kind::Phase)
                QVERIFY2(svgText.contains(row.label.toHtmlEscaped()), qPrintable(row.label));
        QVERIFY(svgText.contains("QM1 · HASH(1), SA, Ni, IDci, IDcr"));
        QVERIFY2(window.exportDiagram(dir.filePath("diagram.png"), &error), qPrintable(error));
        const QImage png(dir.filePath("diagram.png"));
        QVERIFY(!png.isNull());
        QVERIFY(distinctColors(png) > 20);
        window.selection().clear();
        QVERIFY2(window.exportDiagram(dir.filePath("unselected.png"), &error), qPrintable(error));
        QCOMPARE(QImage(dir.filePath("unselected.png")), png);

        QVERIFY2(window.exportReport(dir.filePath("report.html"), &error), qPrintable(error));
        QFile html(dir.filePath("report.html"));
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QString report = QString::fromUtf8(html.readAll());
        for (const char* must :
             {"MM5 · IDii, HASH_I", "Nonce Data", "SKEYID_a", "KEYMAT.ESP", "accepted", "established as designed"})
            QVERIFY2(report.contains(must), must);
        QVERIFY2(window.exportReport(dir.filePath("report.pdf"), &error), qPrintable(error));
        QFile pdf(dir.filePath("report.pdf"));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");
    }

    // Every action of the menus, the toolbar and the window's shortcuts has a name of its own, which
    // stays when the text is translated: tests and scripts find an action by it.
    void everyActionHasAStableName() {
        MainWindow window;
        QList<QAction*> actions = window.actions() + window.lessonPanel()->actions();
        for (QToolBar* toolbar : window.findChildren<QToolBar*>())
            for (QAction* a : toolbar->actions())
                if (!qobject_cast<QWidgetAction*>(a)) actions << a;
        QList<QMenu*> menus;
        for (QAction* a : window.menuBar()->actions()) menus << a->menu();
        while (!menus.isEmpty()) {
            for (QAction* a : menus.takeFirst()->actions()) {
                if (a->menu()) menus << a->menu();
                else actions << a;
            }
        }
        QVERIFY(actions.size() > 30);
        std::set<QString> names;
        for (QAction* a : actions) {
            if (a->isSeparator()) continue;
            const QString text = a->text().remove('&');
            QVERIFY2(!a->objectName().isEmpty(), qPrintable(text + " has no objectName"));
            QCOMPARE(window.findChildren<QAction*>(a->objectName()).size(), 1);
            names.insert(a->objectName());
        }
        for (const char* name :
             {"step", "exportReport", "browseLessons", "resetLayout", "showLogDock", "nextStep", "darkTheme"})
            QVERIFY2(names.count(QLatin1String(name)), name);
        // The names lead to the actions: View › Dark palette, found by its name, makes the window dark.
        window.findChild<QAction*>(QStringLiteral("darkTheme"))->trigger();
        QCOMPARE(window.theme(), Theme::Dark);
        window.findChild<QAction*>(QStringLiteral("lightTheme"))->trigger();
        QCOMPARE(window.theme(), Theme::Light);
    }

    // Help › Teacher's guide shows the guide from the program itself (no file beside it needed),
    // rendered: its title a heading, its plan a table.
    void theTeachersGuideOpensFromHelp() {
        MainWindow window;
        QMenu* help = nullptr;
        for (QAction* a : window.menuBar()->actions())
            if (a->menu() && a->text().remove('&') == "Help") help = a->menu();
        QVERIFY(help);
        QAction* guide = window.findChild<QAction*>(QStringLiteral("teachersGuide"));
        QVERIFY(guide && help->actions().contains(guide));
        guide->trigger();
        auto* dialog = window.findChild<QDialog*>(QStringLiteral("teachersGuideDialog"));
        QVERIFY(dialog && dialog->isVisible());
        QCOMPARE(dialog->windowTitle(), QString("Teacher's guide"));
        auto* text = dialog->findChild<QTextBrowser*>();
        QVERIFY(text);
        const QTextBlock title = text->document()->firstBlock();
        QCOMPARE(title.text(), QString("IPsec Lab: a teacher's guide"));
        QCOMPARE(title.blockFormat().headingLevel(), 1);
        QVERIFY(!text->document()->rootFrame()->childFrames().isEmpty()); // the tables
        dialog->close();
    }

    void themeAndLayoutPersist() {
        {
            MainWindow window;
            window.restoreSettings();
            open(window, "pfs", 3);
            window.setTheme(Theme::Dark);
            window.dock("log")->hide();
            window.close();
        }
        MainWindow again;
        again.restoreSettings();
        again.start(); // the last scenario, its seed
        again.show();
        settle(again);
        QCOMPARE(again.theme(), Theme::Dark);
        QCOMPARE(again.scenario().name, std::string("pfs"));
        again.controller().read([](const lab::Lab& lab) { QCOMPARE(lab.seed(), 3u); });
        QVERIFY(!again.dock("log")->isVisible());
        // The dark palette reaches the diagram.
        QVERIFY(again.diagramView()->diagramPainter().colors().background.lightness() < 80);
        again.setTheme(Theme::Light);
    }

    void keysDockShowsSkeyidAfterPhase1() {
        MainWindow window;
        open(window, "main-quick");
        window.raiseDock("keys");
        auto* keys = window.dock("keys")->findChild<KeysView*>();
        QVERIFY(keys);
        QVERIFY(!keys->tracker().node("SKEYID"));
        window.transport()->runToEndOfPhaseAction()->trigger(); // interesting traffic
        window.transport()->runToEndOfPhaseAction()->trigger(); // IKE phase 1
        settle(window);
        const DerivationNode* skeyid = keys->tracker().node("SKEYID");
        QVERIFY(skeyid);
        // Both sites' values, as the lab derived them.
        window.controller().read([&](const lab::Lab& lab) {
            for (lab::Site site : {lab::Site::A, lab::Site::B}) {
                const lab::LabEvent* derived = lab.timeline().derived(lab::originOf(site), "SKEYID");
                QVERIFY(derived && skeyid->at(site));
                const auto* d = derived->ike()->as<ike::Derivation>();
                QCOMPARE(skeyid->at(site)->value, Bytes(d->value.view().begin(), d->value.view().end()));
            }
        });
        QCOMPARE(skeyid->agrees(), std::optional<bool>(true));
    }

    void everyViewIsPainted() {
        MainWindow window;
        open(window, "main-quick");
        for (int i = 0; i < 40; ++i) pressStep(window);
        window.selectPacket("MM5");
        QCoreApplication::processEvents();
        const QImage whole = window.grab().toImage();
        QVERIFY(whole.save(screensDir() + "/window.png"));
        QVERIFY(distinctColors(whole) > 50);
        for (const char* name : {"packet", "keys", "replay", "scenario", "log"}) {
            QVERIFY(window.raiseDock(name));
            QCoreApplication::processEvents();
            const QImage shot = window.dock(name)->widget()->grab().toImage();
            QVERIFY(shot.save(screensDir() + "/dock-" + name + ".png"));
            QVERIFY2(distinctColors(shot) > 8, name);
        }
    }

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
