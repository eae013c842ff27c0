// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The session report a student hands in and the exports of the File menu: the outcome in the
// right colour, the five phases once each and in their order, the sequence diagram drawn in it
// (in the HTML and in the PDF), the routine ESP traffic summed up per SA with its first and last
// packet — every packet only when asked for — while refused and attacked packets stay listed;
// and every export asked for through one dialog that remembers its folder, proposes a name with
// the scenario and the seed, and confirms where the file went.

#include <QAbstractButton>
#include <QAction>
#include <QFileDialog>
#include <QImage>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include "DialogTestSupport.h"
#include "lab/BuiltinScenarios.h"
#include "lab/Lab.h"
#include "ui/common/ExportPath.h"
#include "ui/common/HtmlDocument.h"
#include "ui/common/LabController.h"
#include "ui/report/SessionReport.h"
#include "ui/window/MainWindow.h"

using namespace ipseclab;
using namespace ipseclab::ui;

namespace {

std::unique_ptr<lab::Lab> run(lab::Scenario scenario) {
    auto created = lab::Lab::create(std::move(scenario), {});
    if (!created) qFatal("%s", created.error().toString().c_str());
    if (auto done = (*created)->runToEnd(); !done) qFatal("%s", done.error().toString().c_str());
    return std::move(*created);
}

lab::Scenario scenario(const char* name) { return *lab::builtinScenario(name); }

// The h2 headings in order.
QStringList headings(const QString& html) {
    QStringList found;
    static const QRegularExpression h2(QStringLiteral("<h2>([^<]*)</h2>"));
    for (auto it = h2.globalMatch(html); it.hasNext();) found << it.next().captured(1);
    return found;
}

// The paragraphs of a CSS class.
QStringList paragraphs(const QString& html, const QString& cssClass) {
    QStringList found;
    const QRegularExpression p(QStringLiteral("<p class='?%1'?>(.*?)</p>").arg(cssClass));
    for (auto it = p.globalMatch(html); it.hasNext();) found << it.next().captured(1);
    return found;
}

QList<QImage> diagramImages(const QString& html) {
    QList<QImage> images;
    static const QRegularExpression img(QStringLiteral("src='data:image/png;base64,([A-Za-z0-9+/=]+)'"));
    for (auto it = img.globalMatch(html); it.hasNext();)
        images << QImage::fromData(QByteArray::fromBase64(it.next().captured(1).toLatin1()), "PNG");
    return images;
}

int pdfPages(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return -1;
    static const QRegularExpression page(QStringLiteral("/Type\\s*/Page[^s]"));
    return int(QString::fromLatin1(file.readAll()).count(page));
}

void settle(MainWindow& window) {
    window.controller().waitForIdle();
    QCoreApplication::processEvents();
}

QAction* fileAction(const MainWindow& window, const QString& name) { return window.findChild<QAction*>(name); }

} // namespace

class TestSessionReport : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
    }

    void successIsGreenAndPhasesComeInOrder() {
        const auto lab = run(scenario("main-quick"));
        const QString html = SessionReport::html(*lab);
        // The outcome as designed is green, and nothing of a successful run is red.
        QCOMPARE(paragraphs(html, "good").size(), 2); // the outcome at the top, and its event in phase 4
        for (const QString& p : paragraphs(html, "good"))
            QVERIFY2(p.contains("established as designed"), qPrintable(p));
        QVERIFY2(paragraphs(html, "failure").isEmpty(), qPrintable(paragraphs(html, "failure").join('\n')));
        // Each phase once, in the five-phase order.
        const QStringList h = headings(html);
        QCOMPARE(h.mid(0, 5), (QStringList{"The sequence diagram", "1 · interesting traffic", "2 · IKE phase 1",
                                           "3 · IKE phase 2", "4 · data transfer"}));
        QCOMPARE(h.mid(5), QStringList{"Security associations"});
        // Within a phase, time order: MM1 before MM6 before QM1.
        QVERIFY(html.indexOf("MM1 · SA proposals") < html.indexOf("MM6 · IDir"));
        QVERIFY(html.indexOf("MM6 · IDir") < html.indexOf("QM1 · HASH(1)"));
    }

    // Each site's IKE policy as the lab used it: a listed one as listed, one that lists none as
    // the default its role took (charon's set at the responder, the lab's suite at the initiator).
    void sitesSayWhichIkeProposalsTheyTook() {
        lab::Scenario s = scenario("main-quick");
        s.siteA.ikeProposals = {"aes256-sha256-modp2048"};
        s.siteB.ikeProposals.clear();
        QString html = SessionReport::html(*run(s));
        QVERIFY2(html.contains("<b>Site A</b> 127.0.0.1: Main Mode, IKE aes256-sha256-modp2048,"), qPrintable(html));
        QVERIFY2(html.contains("<b>Site B</b> 127.0.0.2: Main Mode, IKE charon 5.9's IKEv1 default (48 suites; none "
                               "listed),"),
                 qPrintable(html));
        s.siteA.ikeProposals.clear();
        html = SessionReport::html(*run(s));
        QVERIFY2(html.contains("<b>Site A</b> 127.0.0.1: Main Mode, IKE aes128-sha1-modp2048 (the lab's default; none "
                               "listed),"),
                 qPrintable(html));
    }

    void failuresAreRedAndAnOutcomeNotAsDesignedToo() {
        // A designed failure: the failure red, the outcome (as designed) green.
        const QString wrongPsk = SessionReport::html(*run(scenario("wrong-psk-main")));
        QVERIFY(!paragraphs(wrongPsk, "failure").isEmpty());
        QVERIFY(!paragraphs(wrongPsk, "good").isEmpty());
        // A run that did not do what it was designed for: its outcome red.
        lab::Scenario s = scenario("main-quick");
        s.expect.failure = ike::FailureKind::PskMismatch;
        const QString missed = SessionReport::html(*run(s));
        QVERIFY(paragraphs(missed, "good").isEmpty());
        QVERIFY(paragraphs(missed, "failure").filter("Outcome").size() == 1);
    }

    void theDiagramIsDrawnIn() {
        const auto lab = run(scenario("main-quick"));
        const QList<QImage> images = diagramImages(SessionReport::html(*lab));
        QVERIFY(images.size() >= 2); // 40-odd rows: more than half a page
        int height = 0;
        for (const QImage& image : images) {
            QVERIFY(!image.isNull());
            QCOMPARE(image.width(), images.first().width());
            QVERIFY(image.width() >= SessionReport::kDiagramPrintWidth); // drawn at print resolution or more
            // Not blank: the lanes, arrows and words in several colours.
            QSet<QRgb> colours;
            for (int y = 0; y < image.height(); y += 3)
                for (int x = 0; x < image.width(); x += 3) colours.insert(image.pixel(x, y));
            QVERIFY(colours.size() > 40);
            height += image.height();
        }
        // Without the diagram, no image.
        SessionReport::Options options;
        options.diagram = false;
        QVERIFY(diagramImages(SessionReport::html(*lab, options)).isEmpty());
        // And the PDF draws them: a report with its diagram is larger by about the images.
        QTemporaryDir dir;
        QString error;
        QVERIFY(HtmlDocument::writePdf(SessionReport::html(*lab), dir.filePath("with.pdf"), &error));
        QVERIFY(HtmlDocument::writePdf(SessionReport::html(*lab, options), dir.filePath("without.pdf"), &error));
        QVERIFY(QFileInfo(dir.filePath("with.pdf")).size() > QFileInfo(dir.filePath("without.pdf")).size() + 50000);
        qInfo("diagram: %lld pieces, %d px tall in all", static_cast<long long>(images.size()), height);
    }

    // Fifty pings read as one table, not fifty pages: per SA the counts per verdict and the first
    // and last packet. Every packet only when asked for; a refused or attacked one always.
    void routineTrafficIsSummedUp() {
        lab::Scenario s = scenario("main-quick");
        s.traffic.count = 50;
        s.attacks = {*lab::AttackSpec::parse("replay:seq=20:at=25")};
        const auto lab = run(s);
        const QString summary = SessionReport::html(*lab);
        QVERIFY(summary.contains("Traffic through the tunnel"));
        const QRegularExpression a2b(
            QStringLiteral("<b>A2B</b> ESP SPI 0x[0-9a-f]{8}</td><td>(\\d+)</td><td>seq 1 at [^<]*</td>"
                           "<td>seq (\\d+) at [^<]*</td><td>(.*?)</td>"));
        const auto match = a2b.match(summary);
        QVERIFY2(match.hasMatch(), qPrintable(summary.mid(summary.indexOf("Traffic through"), 1500)));
        std::uint64_t sent = 0, accepted = 0, duplicates = 0;
        for (const lab::SaReport& sa : lab->saReports())
            if (sa.name == "A2B" && !sa.inbound) sent = sa.counters.packetsSent;
            else if (sa.name == "A2B") {
                accepted = sa.counters.count(ipsec::Verdict::Accepted);
                duplicates = sa.counters.count(ipsec::Verdict::Duplicate);
            }
        QCOMPARE(match.captured(1).toULongLong(), sent);
        QCOMPARE(match.captured(2).toULongLong(), sent);
        QVERIFY2(match.captured(3).contains(QStringLiteral("accepted %1").arg(accepted)),
                 qPrintable(match.captured(3)));
        QVERIFY2(match.captured(3).contains(QStringLiteral("duplicate %1").arg(duplicates)),
                 qPrintable(match.captured(3)));
        QCOMPARE(duplicates, std::uint64_t{1});
        // The routine lines are left out, the replayed packet's verdict is not.
        QVERIFY(!summary.contains("<b>ESP seq 7 · accepted</b>"));
        QVERIFY(!summary.contains("<b>echo request #30</b>"));
        QVERIFY(summary.contains("<b>ESP seq 20 · duplicate</b>"));
        // Every packet, on request.
        SessionReport::Options every;
        every.everyPacket = true;
        const QString full = SessionReport::html(*lab, every);
        QVERIFY(full.contains("<b>ESP seq 7 · accepted</b>"));
        QVERIFY(full.contains("<b>echo request #30</b>"));
        QVERIFY(full.size() > summary.size() + 20000);
        // The page count no longer grows with the pings.
        QTemporaryDir dir;
        QString error;
        const auto three = run(scenario("main-quick"));
        QVERIFY(HtmlDocument::writePdf(SessionReport::html(*three), dir.filePath("3.pdf"), &error));
        QVERIFY(HtmlDocument::writePdf(summary, dir.filePath("50.pdf"), &error));
        QVERIFY(HtmlDocument::writePdf(full, dir.filePath("50-full.pdf"), &error));
        const int pages3 = pdfPages(dir.filePath("3.pdf")), pages50 = pdfPages(dir.filePath("50.pdf")),
                  pagesFull = pdfPages(dir.filePath("50-full.pdf"));
        qInfo("PDF pages: 3 pings %d, 50 pings %d, 50 pings with every packet %d", pages3, pages50, pagesFull);
        QVERIFY(pages3 > 5);
        QVERIFY2(pages50 <= pages3 + 2, "fifty pings, like three, read as a summary"); // the replay's rows and its note
        // The diagram keeps the first pings, the replay and the last ping, and says what it left out.
        QVERIFY(summary.contains("of routine traffic here"));
        auto height = [](const QList<QImage>& images) {
            int sum = 0;
            for (const QImage& image : images) sum += image.height();
            return sum;
        };
        const int diagram3 = height(diagramImages(SessionReport::html(*three))),
                  diagram50 = height(diagramImages(summary));
        qInfo("diagram heights: 3 pings %d px, 50 pings %d px, 50 pings every row %d px", diagram3, diagram50,
              height(diagramImages(full)));
        QVERIFY(diagram50 < diagram3 * 3 / 2);
        QVERIFY(pagesFull > pages50);
    }

    // Transport mode: the echoes end at the gateways' own stacks (no LAN frames), and they are
    // routine traffic as the LAN echoes of tunnel mode are — the text and the diagram, which share
    // one definition of routine, both sum them up; a lost packet is told in both.
    void transportModeTrafficIsSummedUpInTextAndDiagram() {
        lab::Scenario s = scenario("transport");
        s.traffic.count = 40;
        s.actions = {{lab::Timestamp(std::chrono::milliseconds(19500)), lab::ActionKind::Silence, lab::Site::B},
                     {lab::Timestamp(std::chrono::milliseconds(20500)), lab::ActionKind::Resume, lab::Site::B}};
        const auto lab = run(s);
        const QString summary = SessionReport::html(*lab);
        QVERIFY(summary.contains("of routine traffic here"));
        QVERIFY2(!summary.contains("echo request #30"),
                 qPrintable(summary.mid(summary.indexOf("echo request #30") - 300, 600)));
        QVERIFY(!summary.contains("<b>ESP seq 30 · accepted</b>"));
        QVERIFY2(summary.contains("lost: site B is silent"), "the packet lost while B was silent is told");
        SessionReport::Options every;
        every.everyPacket = true;
        QVERIFY(SessionReport::html(*lab, every).contains("echo request #30"));
    }

    void exportPathRemembersTheFolderAndNamesTheRun() {
        QCOMPARE(ExportPath::baseName("main-quick", 7, "report"), QStringLiteral("main-quick-seed7-report"));
        QCOMPARE(ExportPath::baseName("my scenario/2", 12), QStringLiteral("my_scenario_2-seed12"));
        QTemporaryDir dir;
        ExportPath::remember(dir.filePath("x.pdf"));
        QCOMPARE(ExportPath::lastFolder(), dir.path());
        QCOMPARE(ExportPath::proposal("a.svg"), dir.filePath("a.svg"));
        // The dialog opens there, and a name typed without a suffix gets the chosen type's.
        QTemporaryDir other;
        QString shown, filter = QStringLiteral("HTML (*.html)");
        test::answerFileDialog(other.filePath("notes"), filter, &shown);
        const QString path = ExportPath::ask(nullptr, "Export", "proposed.pdf", "PDF (*.pdf);;HTML (*.html)", &filter);
        QCOMPARE(shown, dir.path());
        QCOMPARE(path, other.filePath("notes.html"));
        QCOMPARE(filter, QStringLiteral("HTML (*.html)"));
        QCOMPARE(ExportPath::lastFolder(), other.path()); // remembered for the next export
        QCOMPARE(QSettings().value("export/folder").toString(), other.path());
    }

    // The File menu end to end: the report's dialog proposes "<scenario>-seed<N>-report.pdf" in
    // the folder used last, writes what was chosen, and the status bar says where, with a button
    // to open the folder.
    void fileMenuExportsConfirmAndRemember() {
        QTemporaryDir dir;
        ExportPath::remember(dir.filePath("earlier.pcapng"));
        MainWindow window;
        window.start(scenario("main-quick"), 7);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        settle(window);
        window.controller().runToEnd();
        settle(window);

        QAction* report = fileAction(window, "exportReport");
        QVERIFY(report);
        QString shown;
        test::answerFileDialog(dir.filePath("handed-in"), "HTML, with every packet listed (*.html)", &shown);
        report->trigger();
        settle(window);
        QCOMPARE(shown, dir.path());
        QFile html(dir.filePath("handed-in.html"));
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(html.readAll());
        QVERIFY(text.contains("<b>ESP seq 2 · accepted</b>")); // every packet, as the filter said
        const QString confirmed = ExportPath::confirmation(*window.statusBar());
        QVERIFY2(confirmed.contains("handed-in.html"), qPrintable(confirmed));
        auto* shownMessage = window.statusBar()->findChild<QWidget*>("exportConfirmation");
        QVERIFY(shownMessage && shownMessage->isVisible() && shownMessage->width() > 100);
        auto* openFolder = window.statusBar()->findChild<QToolButton*>("openExportFolder");
        QVERIFY(openFolder && openFolder->isVisible());
        QVERIFY(openFolder->toolTip().contains(QDir::toNativeSeparators(dir.path())));
        // The next confirmation replaces it.
        ExportPath::confirm(*window.statusBar(), "something else", dir.filePath("x"), false);
        QCOMPARE(ExportPath::confirmation(*window.statusBar()), QStringLiteral("something else"));
        QVERIFY(!window.statusBar()->findChild<QToolButton*>("openExportFolder"));

        // The capture: its confirmation names the keys folder too.
        QAction* capture = fileAction(window, "exportCapture");
        QVERIFY(capture);
        test::answerFileDialog(dir.filePath("lab"));
        capture->trigger();
        settle(window);
        QVERIFY(QFileInfo(dir.filePath("lab.pcapng")).size() > 1000);
        QVERIFY2(ExportPath::confirmation(*window.statusBar()).contains("lab-keys"),
                 qPrintable(ExportPath::confirmation(*window.statusBar())));
        QVERIFY(window.statusBar()->findChild<QToolButton*>("openExportFolder"));
        // The Wireshark note it shows offers the folder too.
        auto* note = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!note)
            for (QWidget* w : QApplication::topLevelWidgets())
                if (auto* box = qobject_cast<QMessageBox*>(w); box && box->isVisible()) note = box;
        QVERIFY(note);
        bool offersFolder = false;
        for (QAbstractButton* b : note->buttons()) offersFolder |= b->text() == "Open the folder";
        QVERIFY(offersFolder);
        note->close();

        // The diagram: the proposed name carries the scenario and the seed.
        QAction* diagram = fileAction(window, "exportDiagram");
        QVERIFY(diagram);
        QString proposed;
        test::whenShown<QFileDialog>([&proposed](QFileDialog* dialog) {
            proposed = dialog->selectedFiles().value(0);
            QMetaObject::invokeMethod(dialog, "accept");
        });
        diagram->trigger();
        QCOMPARE(QFileInfo(proposed).fileName(), QStringLiteral("main-quick-seed7-diagram.svg"));
        QVERIFY(QFileInfo(dir.filePath("main-quick-seed7-diagram.svg")).size() > 1000);
        QVERIFY(window.statusBar()->findChild<QToolButton*>("openExportFolder"));
    }

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestSessionReport)
#include "tst_sessionreport.moc"
