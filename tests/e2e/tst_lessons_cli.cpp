// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The lesson command line through the real program: `--headless --lesson ID` plays a lesson to
// its end (exit 0), `--list-lessons` lists id<TAB>title, a broken lesson file exits 2 naming the
// file, the key and the line, and the lesson folder can be chosen by option or environment.
// Without --headless, `--lesson ID` opens the lesson in the window.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

#include "ProgramRun.h"
#include "TestData.h"
#include "classroom/LabCode.h"

namespace {

const QString kProgram = QStringLiteral(IPSECLAB_EXECUTABLE);

using Run = ipseclab::test::ProgramRun;

Run run(const QStringList& arguments,
        const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment()) {
    return ipseclab::test::runProgram(kProgram, arguments, 120000, environment);
}

QString brokenDir() { return ipseclab::test::sourceDir() + "/tests/data/lessons-broken"; }

} // namespace

class TestLessonsCli : public QObject {
    Q_OBJECT

private slots:
    void mainModeLessonPlaysToItsEnd() {
        const Run r = run({"--headless", "--lesson", "03-main-mode", "--teacher"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out.right(2000)));
        QVERIFY(r.out.startsWith("Lesson main-mode — Main Mode, message by message"));
        QVERIFY(r.out.contains("── Step 1/8 · MM1.delivered"));
        QVERIFY(r.out.contains("    → b4   (from the lab)"));
        QVERIFY(r.out.contains("Lesson main-mode: 8 steps reached, 8 anchors"));
    }

    // Without --teacher the walk-through is a student's: every question and its choices, no answer
    // (no value, no marked choice, no ordering, no field, no prediction's outcome); with it, each answer.
    void answersOnlyInTeacherMode() {
        for (const char* lesson : {"03-main-mode", "07-esp-replay"}) {
            const Run student = run({"--headless", "--lesson", lesson});
            QVERIFY2(student.exitCode == 0, qPrintable(student.err));
            QVERIFY(student.out.contains("\n  ? "));
            QVERIFY2(!student.out.contains("\n    → "), qPrintable(student.out.left(4000)));
            QVERIFY(!student.out.contains("   (from the lab)") && !student.out.contains("the lesson file says"));
            const Run teacher = run({"--headless", "--lesson", lesson, "--teacher"});
            QCOMPARE(teacher.exitCode, 0);
            QVERIFY(teacher.out.contains("\n    → "));
            QCOMPARE(teacher.out.count("\n  ? "), student.out.count("\n  ? "));
            const QRegularExpression revealed("reveals the prediction of step \\d+: ");
            QCOMPARE(student.out.contains(revealed), false);
            QCOMPARE(teacher.out.contains(revealed), QString(lesson) == "07-esp-replay"); // lesson 7 predicts
        }
        QVERIFY(run({"--headless", "--lesson", "03-main-mode", "--teacher"}).out.contains("    → b4   (from the lab)"));
    }

    // A lab code carries the student's seed: the walk-through plays it; a mistyped code exits 2 with
    // what is wrong (as the window's --code does), and so does a code given with another seed.
    void labCodeSetsTheSeed() {
        const QString code = QString::fromStdString(ipseclab::classroom::encodeLabCode(4242));
        const Run r = run({"--headless", "--lesson", "03-main-mode", "--code", code.toLower()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("[lab: scenario main-quick, seed 4242]"));
        QString typo = code;
        typo[0] = typo[0] == 'A' ? 'B' : 'A';
        const std::string problem = ipseclab::classroom::decodeLabCode(typo.toStdString()).error().message;
        for (const QStringList& arguments : {QStringList{"--headless", "--lesson", "3", "--code", typo},
                                             QStringList{"--code", typo, "--lesson", "3"}}) {
            const Run bad = run(arguments);
            QCOMPARE(bad.exitCode, 2);
            QVERIFY2(bad.err.contains(QString::fromStdString(problem)), qPrintable(bad.err));
        }
        const Run both = run({"--headless", "--lesson", "3", "--code", code, "--seed", "5"});
        QCOMPARE(both.exitCode, 2);
        QVERIFY2(both.err.contains("not both"), qPrintable(both.err));
        const Run teacher = run({"--headless", "--teacher", "--lesson", "3", "--code", code});
        QCOMPARE(teacher.exitCode, 2);
        QVERIFY2(teacher.err.contains("no teacher mode"), qPrintable(teacher.err));
    }

    // A step stops at its anchor, as in the window: what the same lab step made after it is held
    // for the next step, and said so. Lesson 1 (the happy path) deletes the tunnel only after the
    // third echo reply, and the walk-through holds no problem, for several seeds.
    void stepsStopAtTheirAnchorsForSeveralSeeds() {
        for (const char* seed : {"1", "7", "12345"}) {
            const Run r = run({"--headless", "--lesson", "01-five-phases", "--seed", seed});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            QVERIFY2(r.out.contains("── Step 2/9 · SPD.A-to-B.acquire (timeline #2, 1 lab steps; 3 later events wait "
                                    "for the next step)"),
                     qPrintable(r.out.left(3000)));
            QVERIFY(r.out.contains("── Step 7/9 · echo.3.reply"));
            QVERIFY2(!r.out.contains("\n  ! "), qPrintable(r.out));
            const Run replay = run({"--headless", "--lesson", "07-esp-replay", "--seed", seed});
            QCOMPARE(replay.exitCode, 0);
            QVERIFY2(!replay.out.contains("\n  ! "), qPrintable(replay.out));
            QVERIFY(replay.out.contains("red, as expected: the replayed copy of packet 2"));
        }
    }

    void byIdAndByNumber() {
        QCOMPARE(run({"--headless", "--lesson", "main-mode"}).exitCode, 0);
        const Run twelve = run({"--headless", "--lesson", "12"});
        QCOMPARE(twelve.exitCode, 0);
        QVERIFY(twelve.out.startsWith("Lesson ikev1-ikev2"));
    }

    void listLessons() {
        const Run r = run({"--list-lessons"});
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
        QVERIFY(lines.size() >= 13);
        QCOMPARE(lines[0], QString("tour\tStart here: the window, and the crypto the lessons assume"));
        QCOMPARE(lines[1], QString("five-phases\tThe five phases of an IPsec tunnel"));
        for (const QString& line : lines) QCOMPARE(line.split('\t').size(), 2);
    }

    void brokenFileExitsTwoNamingFileAndKey() {
        const QString file = brokenDir() + "/unknown-key.json";
        const Run r = run({"--headless", "--lesson", file});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(file + ":11: key /steps/1/anchr: unknown key"), qPrintable(r.err));
    }

    void unknownLessonExitsTwo() {
        const Run r = run({"--headless", "--lesson", "no-such-lesson"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("no lesson \"no-such-lesson\"") && r.err.contains("03-main-mode"), qPrintable(r.err));
    }

    // A folder of the teacher's: chosen by --lessons-dir or IPSECLAB_LESSONS_DIR; its broken file
    // is reported while the good lesson is listed.
    void lessonFolderOverride() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(QFile::copy(ipseclab::test::sourceDir() + "/lessons/01-five-phases.json",
                            dir.filePath("01-five-phases.json")));
        QVERIFY(QFile::copy(brokenDir() + "/wrong-type.json", dir.filePath("02-wrong-type.json")));

        const Run byOption = run({"--list-lessons", "--lessons-dir", dir.path()});
        QCOMPARE(byOption.exitCode, 0);
        QCOMPARE(byOption.out, QString("five-phases\tThe five phases of an IPsec tunnel\n"));
        QVERIFY2(byOption.err.contains(dir.filePath("02-wrong-type.json") + ":4: key /title: expected a string"),
                 qPrintable(byOption.err));

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("IPSECLAB_LESSONS_DIR", dir.path());
        const Run byEnvironment = run({"--headless", "--lesson", "five-phases"}, env);
        QCOMPARE(byEnvironment.exitCode, 0);
        QCOMPARE(run({"--headless", "--lesson", "main-mode"}, env).exitCode, 2); // not in that folder
    }

    // --seed replaces the lesson's: the walk-through shows the lab's values and says the file's
    // answers hold for the lesson's own seed.
    void teacherSeed() {
        const Run r = run({"--headless", "--lesson", "03-main-mode", "--seed", "2", "--teacher"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("[lab: scenario main-quick, seed 2]"));
        QVERIFY2(r.out.contains("(the lesson file says b4: it holds for seed 1)"), qPrintable(r.out.right(3000)));
    }

    // A step with a scenario and a seed of its own: the file's answers hold for that seed, not the
    // lesson's, and the walk-through says so.
    void teacherSeedWithAStepSeed() {
        QFile source(ipseclab::test::sourceDir() + "/lessons/03-main-mode.json");
        QVERIFY(source.open(QIODevice::ReadOnly));
        QJsonObject lesson = QJsonDocument::fromJson(source.readAll()).object();
        QJsonArray steps = lesson["steps"].toArray();
        QJsonObject first = steps[0].toObject();
        first["scenario"] = lesson["scenario"];
        first["seed"] = lesson["seed"]; // the seed the file's answers were written for...
        steps[0] = first;
        lesson["steps"] = steps;
        lesson["seed"] = 5; // ...and a lesson seed no step's lab uses
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile copy(dir.filePath("03-main-mode.json"));
        QVERIFY(copy.open(QIODevice::WriteOnly));
        copy.write(QJsonDocument(lesson).toJson());
        copy.close();

        const Run r = run(
            {"--headless", "--lesson", "main-mode", "--lessons-dir", dir.path(), "--seed", "2", "--teacher"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("[lab: scenario main-quick, seed 2]"));
        QVERIFY2(r.out.contains("(the lesson file says b4: it holds for seed 1)"), qPrintable(r.out.right(3000)));
        QVERIFY(!r.out.contains("it holds for seed 5"));
    }

    // Installed, the program finds <prefix>/share/ipsec-lab/lessons beside <prefix>/bin.
    void installedFolder() {
        QTemporaryDir prefix(QFileInfo(kProgram).absolutePath() + "/installed-XXXXXX"); // same file system: a hard link
        QVERIFY(QDir().mkpath(prefix.filePath("bin")) && QDir().mkpath(prefix.filePath("share/ipsec-lab/lessons")));
        const QString program = prefix.filePath("bin/ipsec-lab");
        if (::link(QFile::encodeName(kProgram).constData(), QFile::encodeName(program).constData()) != 0)
            QVERIFY(QFile::copy(kProgram, program));
        QVERIFY(QFile::copy(ipseclab::test::sourceDir() + "/lessons/12-ikev1-ikev2.json",
                            prefix.filePath("share/ipsec-lab/lessons/12-ikev1-ikev2.json")));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove("IPSECLAB_LESSONS_DIR");
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(program, {"--list-lessons"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(QString::fromUtf8(p.readAllStandardOutput()), QString("ikev1-ikev2\tIKEv1 beside IKEv2\n"));
    }

    // Without --headless, the window opens the lesson beside the lab (a screenshot proves it and
    // quits); a lesson that is not there exits 2 naming it, before any window shows.
    void windowOpensTheLesson() {
        QTemporaryDir dir;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        env.insert("HOME", dir.path()); // the window's settings stay in the test's folder
        env.insert("XDG_CONFIG_HOME", dir.filePath("config"));
        const QString shot = dir.filePath("lesson.png");
        const Run r = run({"--lesson", "3", "--screenshot", shot}, env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile png(shot);
        QVERIFY(png.open(QIODevice::ReadOnly));
        QVERIFY(png.read(8) == QByteArray("\x89PNG\r\n\x1a\n", 8) && png.size() > 20000);
        const Run missing = run({"--lesson", "no-such-lesson"}, env);
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains("no lesson \"no-such-lesson\""), qPrintable(missing.err));
    }

    // A lesson step without a lesson is a usage error, in the window as on the command line, not
    // an option quietly ignored.
    void lessonStepNeedsALesson() {
        QTemporaryDir dir;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        env.insert("HOME", dir.path());
        env.insert("XDG_CONFIG_HOME", dir.filePath("config"));
        const QString shot = dir.filePath("never.png");
        for (const QStringList& arguments : {QStringList{"--lesson-step", "3", "--screenshot", shot},
                                             QStringList{"--headless", "--lesson-step", "3"}}) {
            const Run r = run(arguments, env);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains("--lesson-step needs --lesson"), qPrintable(r.err));
        }
        QVERIFY(!QFile::exists(shot)); // no window was opened
    }
};

QTEST_GUILESS_MAIN(TestLessonsCli)
#include "tst_lessons_cli.moc"
