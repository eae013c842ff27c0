// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// File › Export the Illustrated page (issue 19): asked like the window's other exports (the folder
// used last, a name with the scenario and the seed, the folder remembered, a confirmation), and the
// file it writes is byte for byte the one `ipsec-lab --headless --html` writes for the same run. A
// path that cannot be written is refused with its reason. The page is made on the lab's worker (a
// lesson's page replays the lesson), never on the window's thread, with the run bar and Cancel.

#include <QAction>
#include <QDir>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QPainter>
#include <QProcess>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include "DialogTestSupport.h"
#include "TestData.h"
#include "WindowTestSupport.h"
#include "lab/BuiltinScenarios.h"
#include "lesson/LessonPlayer.h"
#include "ui/common/ExportPath.h"
#include "ui/common/LabController.h"
#include "ui/lesson/LessonPanel.h"
#include "ui/window/MainWindow.h"
#include "ui/window/RunProgress.h"

using namespace ipseclab;
using namespace ipseclab::ui;

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The page of the command line for the same run.
QByteArray commandLinePage(const QString& scenario, quint64 seed, const QString& path) {
    QProcess cli;
    cli.start(QStringLiteral(IPSECLAB_EXECUTABLE),
              {"--headless", "--scenario", scenario, "--seed", QString::number(seed), "--html", path});
    if (!cli.waitForFinished(120000) || cli.exitCode() != 0)
        qWarning("ipsec-lab exited %d: %s", cli.exitCode(), cli.readAllStandardError().constData());
    return readAll(path);
}

// Holds the lab's worker busy until release(): a job posted after this one waits for it, so the
// test sees the window's thread go on before the job starts.
struct BusyWorker {
    explicit BusyWorker(LabController& controller) {
        controller.runJob(
            LabProgress{LabProgress::Task::Export},
            [this](LabProgress&) -> Result<bool> {
                m_held.acquire();
                return true;
            },
            &controller, [](bool, const std::optional<Error>&) {});
    }
    void release() { m_held.release(); }
    QSemaphore m_held;
};

// A lesson open in the window at its fourth step, its lab running.
bool openLesson(MainWindow& window, const QString& id, quint64 seed) {
    QString error;
    if (!window.lessonPanel()->openById(id, (test::sourceDir() + QStringLiteral("/lessons")).toStdString(), &error,
                                        seed)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    for (int i = 0; i < 3; ++i)
        if (!window.lessonPanel()->next()) return false;
    test::settle(window);
    return window.lessonPanel()->player() && window.lessonPanel()->player()->lab();
}

QString screensDir() {
    return QCoreApplication::applicationDirPath() + QStringLiteral("/tst_illustrated_export-screens");
}

} // namespace

class TestIllustratedExport : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
    }

    void fileMenuWritesTheCommandLinesPage_data() {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<quint64>("seed");
        QTest::newRow("main-quick seed 7") << "main-quick" << quint64{7};
        QTest::newRow("pfs seed 1") << "pfs" << quint64{1};
    }
    void fileMenuWritesTheCommandLinesPage() {
        QFETCH(QString, scenario);
        QFETCH(quint64, seed);
        QTemporaryDir earlier, chosen;
        ExportPath::remember(earlier.filePath("report.pdf"));
        MainWindow window;
        window.start(*lab::builtinScenario(scenario.toStdString()), seed);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        test::settle(window);
        window.controller().runToEnd();
        test::settle(window);

        auto* action = window.findChild<QAction*>(QStringLiteral("exportPage"));
        QVERIFY(action);
        QVERIFY(window.menuBar()->actions().first()->menu()->actions().contains(action)); // in the File menu
        QString folderShown, nameShown;
        test::answerFileDialog(chosen.filePath("page.html"), {}, &folderShown, &nameShown);
        action->trigger();
        test::settle(window);
        QCOMPARE(folderShown, earlier.path());
        QCOMPARE(nameShown, QStringLiteral("%1-seed%2-illustrated.html").arg(scenario).arg(seed));
        QCOMPARE(ExportPath::lastFolder(), chosen.path());
        const QString confirmed = ExportPath::confirmation(*window.statusBar());
        QVERIFY2(confirmed.contains(QStringLiteral("page.html")), qPrintable(confirmed));

        const QByteArray exported = readAll(chosen.filePath("page.html"));
        QVERIFY(exported.startsWith("<!DOCTYPE html>") && exported.contains("The Illustrated IPsec"));
        const QByteArray cli = commandLinePage(scenario, seed, chosen.filePath("cli.html"));
        QCOMPARE(exported.size(), cli.size());
        QVERIFY(exported == cli);
    }

    // With a lesson's lab open, the export is the lesson's page: the one `--lesson ID --seed N --html`
    // writes (the lesson above its lab's run), not the bare run of the step reached.
    // The lesson is replayed on the lab's worker: exportPage() returns before any of it, with the
    // worker held busy, and the page is written once the worker gets to it.
    void lessonOpenWritesTheLessonsPage() {
        QTemporaryDir dir;
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openLesson(window, QStringLiteral("main-mode"), 7));
        QSignalSpy ended(&window, &MainWindow::pageExportEnded);
        BusyWorker busy(window.controller());
        window.exportPage(dir.filePath("page.html"));
        QVERIFY(!QFile::exists(dir.filePath("page.html")));
        QCOMPARE(ended.count(), 0);
        busy.release();
        test::settle(window);
        QCOMPARE(ended.count(), 1);
        QCOMPARE(ended.first().at(1).toString(), QString()); // no error
        QCOMPARE(ended.first().at(2).toBool(), false);       // not cancelled
        const QByteArray exported = readAll(dir.filePath("page.html"));
        QVERIFY(exported.contains("illustrated-lesson") || exported.contains("application/json"));

        QProcess cli;
        cli.start(QStringLiteral(IPSECLAB_EXECUTABLE),
                  {"--headless", "--lesson", "main-mode", "--seed", "7", "--html", dir.filePath("cli.html")});
        QVERIFY(cli.waitForFinished(120000) && cli.exitCode() == 0);
        const QByteArray fromCli = readAll(dir.filePath("cli.html"));
        QCOMPARE(exported.size(), fromCli.size());
        QVERIFY(exported == fromCli);
    }

    // Cancel (the run bar's, or Esc) stops the lesson's replay between two steps: nothing is written.
    void cancelledExportWritesNothing() {
        QTemporaryDir dir;
        MainWindow window;
        QVERIFY(openLesson(window, QStringLiteral("pfs"), 1));
        QSignalSpy ended(&window, &MainWindow::pageExportEnded);
        BusyWorker busy(window.controller());
        window.exportPage(dir.filePath("page.html"));
        window.controller().cancel();
        busy.release();
        test::settle(window);
        QCOMPARE(ended.count(), 1);
        QCOMPARE(ended.first().at(2).toBool(), true);
        QVERIFY(!QFile::exists(dir.filePath("page.html")));
        // The next export is not the cancelled one: it writes.
        window.exportPage(dir.filePath("page.html"));
        test::settle(window);
        QCOMPARE(ended.count(), 2);
        QCOMPARE(ended.last().at(2).toBool(), false);
        QVERIFY(QFile::exists(dir.filePath("page.html")));
    }

    // The run bar says what the export does and how far the lesson's replay is.
    void runBarNamesTheExport() {
        QCOMPARE(RunProgress::doing(LabProgress::Task::Export), QStringLiteral("Exporting the page"));
        QCOMPARE(RunProgress::howFar(LabProgress{LabProgress::Task::Export, 3, 12}),
                 QStringLiteral("lesson step 3 of 12"));
        QCOMPARE(RunProgress::howFar(LabProgress{LabProgress::Task::Export}), QStringLiteral("writing"));
    }

    // The File menu at 1366x768 (a lab PC), with large text too: the export sits with the others,
    // whole, inside the window; the picture is saved for a person to look at.
    void fileMenuShowsTheExportWhole_data() {
        QTest::addColumn<double>("points");
        QTest::newRow("default text") << 0.0;
        QTest::newRow("text size 16") << 16.0;
    }
    void fileMenuShowsTheExportWhole() {
        QFETCH(double, points);
        MainWindow window;
        if (points > 0) window.setTextSize(points);
        window.fitTo({1366, 768});
        window.start(*lab::builtinScenario("main-quick"), 1);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        test::settle(window);
        QMenu* file = window.menuBar()->actions().first()->menu();
        file->popup(
            window.mapToGlobal(window.menuBar()->actionGeometry(window.menuBar()->actions().first()).bottomLeft()));
        QVERIFY(QTest::qWaitForWindowExposed(file));
        auto* action = window.findChild<QAction*>(QStringLiteral("exportPage"));
        const QRect item = file->actionGeometry(action);
        QVERIFY(item.isValid() && file->rect().contains(item));
        QVERIFY(file->fontMetrics().horizontalAdvance(action->text().remove('&')) < item.width());
        QVERIFY(window.geometry().contains(QRect(file->pos(), file->size())));
        QImage shot = window.grab().toImage();
        QPainter painter(&shot);
        painter.drawPixmap(window.mapFromGlobal(file->pos()), file->grab());
        painter.end();
        QDir().mkpath(screensDir());
        QVERIFY(shot.save(screensDir() + QStringLiteral("/file-menu-1366%1.png").arg(points > 0 ? "-text16" : "")));
        file->close();
    }

    void unwritablePathIsRefusedWithItsReason() {
        MainWindow window;
        window.start(*lab::builtinScenario("main-quick"), 1);
        test::settle(window);
        QSignalSpy ended(&window, &MainWindow::pageExportEnded);
        QString shown;
        test::answerMessageBox(QMessageBox::Ok, &shown);
        window.exportPage(QStringLiteral("/nonexistent-folder/page.html"));
        test::settle(window);
        QCOMPARE(ended.count(), 1);
        const QString error = ended.first().at(1).toString();
        QVERIFY2(error.contains(QStringLiteral("/nonexistent-folder/page.html")), qPrintable(error));
        QCOMPARE(shown, error);
    }

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestIllustratedExport)
#include "tst_illustrated_export.moc"
