// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// File › Export the Illustrated page (issue 19): asked like the window's other exports (the folder
// used last, a name with the scenario and the seed, the folder remembered, a confirmation), and the
// file it writes is byte for byte the one `ipsec-lab --headless --html` writes for the same run. A
// path that cannot be written is refused with its reason.

#include <QAction>
#include <QDir>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QPainter>
#include <QProcess>
#include <QSettings>
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
    void lessonOpenWritesTheLessonsPage() {
        QTemporaryDir dir;
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QString error;
        QVERIFY2(window.lessonPanel()->openById(QStringLiteral("main-mode"),
                                                (test::sourceDir() + QStringLiteral("/lessons")).toStdString(), &error,
                                                7),
                 qPrintable(error));
        for (int i = 0; i < 3; ++i) QVERIFY(window.lessonPanel()->next());
        test::settle(window);
        QVERIFY(window.lessonPanel()->player() && window.lessonPanel()->player()->lab());
        QVERIFY2(window.exportPage(dir.filePath("page.html"), &error), qPrintable(error));
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
        QString error;
        QVERIFY(!window.exportPage(QStringLiteral("/nonexistent-folder/page.html"), &error));
        QVERIFY2(error.contains(QStringLiteral("/nonexistent-folder/page.html")), qPrintable(error));
    }

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestIllustratedExport)
#include "tst_illustrated_export.moc"
