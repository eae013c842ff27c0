// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// `ipsec-lab class new|grade` through the real program: --help, exit 0 done, 1 failed, 2 bad usage
// or bad input with a message naming the file and the problem; a refused roster writes nothing, an
// existing class file is never overwritten; the grade sheet on standard output, the report on
// standard error, the Moodle gradebook CSV where asked.

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "ProgramRun.h"
#include "TestData.h"
#include "classroom/ClassFile.h"
#include "classroom/ExpectedAnswers.h"
#include "classroom/Results.h"
#include "lesson/LessonLoader.h"

using namespace ipseclab;
using namespace ipseclab::classroom;

namespace {

const QString kProgram = QStringLiteral(IPSECLAB_EXECUTABLE);

test::ProgramRun run(const QStringList& arguments) { return test::runProgram(kProgram, arguments); }

void write(const QString& path, const QByteArray& text) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

QByteArray read(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A results file of `student` with every question of lesson 5 answered right.
std::string rightResults(const ClassSet& set, const Student& student) {
    const auto quick = lesson::LessonLoader::load(test::sourceDir().toStdString() + "/lessons/05-quick-mode.json");
    if (!quick) qFatal("%s", quick.error().toString().c_str());
    Results r{student.code, student.id, student.name, set.classId(), "test", {}};
    const auto key = expectedAnswers(*quick, student.seed);
    if (!key) qFatal("%s", key.error().message.c_str());
    for (const ExpectedAnswer& e : *key) {
        lesson::StudentAnswer a;
        if (e.question.kind == lesson::Question::Kind::Choice) a.picks = {e.question.answerIndex};
        else a.typed = e.answer;
        r.record("quick-mode", e.step, {a, "2026-12-06T20:41:07Z", true});
    }
    return toJson(r);
}

} // namespace

class TestClassCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        write(path("roster.csv"), "id,name,group\ns1,\"Doe, Jane\",B\ns2,Bob,B\ns3,Eve,A\n");
    }

    void helpExitsZero_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("class") << QStringList{"class", "--help"};
        QTest::newRow("new") << QStringList{"class", "new", "--help"};
        QTest::newRow("grade") << QStringList{"class", "grade", "--help"};
    }
    void helpExitsZero() {
        QFETCH(QStringList, arguments);
        const auto r = run(arguments);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("Usage: ipsec-lab class"), qPrintable(r.out));
    }

    void badUsageExitsTwo_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no subcommand") << QStringList{"class"} << "Usage: ipsec-lab class";
        QTest::newRow("unknown subcommand") << QStringList{"class", "teach"} << "no subcommand \"teach\"";
        QTest::newRow("unknown option") << QStringList{"class", "new", "--colour", "red"} << "unknown option --colour";
        QTest::newRow("missing roster") << QStringList{"class", "new", "--lessons", "3", "--out", "x"}
                                        << "--roster is missing";
        QTest::newRow("bad attempts") << QStringList{"class", "new",   "--roster", "R",          "--lessons",
                                                     "3",     "--out", "O",        "--attempts", "0"}
                                      << "--attempts: \"0\" is not a number from 1 to 1000";
        QTest::newRow("unknown lesson") << QStringList{"class",     "new",  "--roster", "R",
                                                       "--lessons", "3,99", "--out",    "O"}
                                        << "--lessons: 99:";
        QTest::newRow("grade without class") << QStringList{"class", "grade", "nowhere"} << "nowhere/class.json";
    }
    void badUsageExitsTwo() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        arguments.replaceInStrings(QRegularExpression("^R$"), path("roster.csv"));
        arguments.replaceInStrings(QRegularExpression("^O$"), path("unused"));
        const auto r = run(arguments);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(!QFile::exists(path("unused")));
    }

    void refusedRosterWritesNothing_data() {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("message");
        QTest::newRow("duplicate id") << QByteArray("id,name\ns1,A\ns1,B\n")
                                      << "bad.csv:3: the id s1 is already on line 2";
        QTest::newRow("empty id") << QByteArray("id,name\n,A\n") << "bad.csv:2: the id is empty";
        QTest::newRow("bad quote") << QByteArray("id,name\ns1,\"A\n")
                                   << "bad.csv:2: a quote opened here is never closed";
        QTest::newRow("missing column") << QByteArray("id,surname\ns1,A\n")
                                        << "bad.csv:1: the header line names no column";
    }
    void refusedRosterWritesNothing() {
        QFETCH(QByteArray, csv);
        QFETCH(QString, message);
        write(path("bad.csv"), csv);
        const auto r = run({"class", "new", "--roster", path("bad.csv"), "--lessons", "3", "--out", path("refused")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(!QFile::exists(path("refused")));
    }

    void newWritesTheClassAndNeverOverwritesIt() {
        const QStringList arguments = {"class",        "new",       "--roster",    path("roster.csv"), "--lessons",
                                       "5,esp-replay", "--out",     path("class"), "--attempts",       "2",
                                       "--name",       "Networks 2"};
        const auto r = run(arguments);
        QCOMPARE(r.exitCode, 0);
        const QByteArray classFile = read(path("class/class.json"));
        const auto set = classFromJson(classFile.toStdString(), "class.json");
        QVERIFY2(set.has_value(), qPrintable(test::errorText(set)));
        QCOMPARE(set->name, std::string("Networks 2"));
        QCOMPARE(set->lessons, (std::vector<std::string>{"quick-mode", "esp-replay"}));
        QCOMPARE(set->settings.attemptsAllowed, std::optional<std::uint32_t>(2));
        QCOMPARE(set->students.size(), std::size_t{3});
        QCOMPARE(QString::fromUtf8(read(path("class/codes.csv"))),
                 QString::fromStdString("id,name,code\ns1,\"Doe, Jane\"," + set->students[0].code + "\ns2,Bob," +
                                        set->students[1].code + "\ns3,Eve," + set->students[2].code + "\n"));
        const auto card = cardFromJson(read(path("class/cards/s2.ipseclab-card")).toStdString(), "s2");
        QVERIFY2(card.has_value(), qPrintable(test::errorText(card)));
        QCOMPARE(*card, cardFor(*set, set->students[1]));

        const auto again = run(arguments);
        QCOMPARE(again.exitCode, 2);
        QVERIFY2(again.err.contains("exists already"), qPrintable(again.err));
        QCOMPARE(read(path("class/class.json")), classFile);
    }

    void gradeWritesTheSheetAndReportsBadFiles() {
        const auto set = classFromJson(read(path("class/class.json")).toStdString(), "class.json");
        QVERIFY(set.has_value());
        write(path("s2.json"), QByteArray::fromStdString(rightResults(*set, set->students[1])));
        const auto good = run({"class", "grade", path("class"), path("s2.json"), "--moodle-csv", path("moodle.csv")});
        QCOMPARE(good.exitCode, 0);
        QVERIFY2(good.err.isEmpty(), qPrintable(good.err));
        const QStringList rows = good.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(rows.size(), 4);
        QVERIFY2(rows[2].startsWith(QString::fromStdString("s2,Bob," + set->students[1].code + ",graded,") +
                                    path("s2.json") + ",7/7,0/"),
                 qPrintable(rows[2]));
        QVERIFY2(rows[1].contains(",not handed in,,0/7,"), qPrintable(rows[1]));
        QVERIFY(read(path("moodle.csv")).startsWith("ID number,quick-mode,esp-replay,Total\ns1,,,\ns2,7,0,7\n"));

        write(path("edited.json"), read(path("s2.json")).replace("\"right\": true", "\"right\": false"));
        const auto bad = run({"class", "grade", path("class"), path("edited.json"), path("missing.json")});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains(path("edited.json") + ":") && bad.err.contains("edited"), qPrintable(bad.err));
        QVERIFY2(bad.err.contains(path("missing.json") + ": cannot open"), qPrintable(bad.err));
        QCOMPARE(bad.out.split('\n', Qt::SkipEmptyParts).size(), 4); // every student still has a row
    }

    // A student who explored a lesson the class does not have: one note, and the exit status stays 0.
    void answersToOtherLessonsAreANote() {
        const auto set = classFromJson(read(path("class/class.json")).toStdString(), "class.json");
        QVERIFY(set.has_value());
        auto results = resultsFromJson(rightResults(*set, set->students[2]), "s3.json");
        QVERIFY(results.has_value());
        results->record("main-mode", 0, {{{0}, "", "", ""}, "2026-12-06T20:41:07Z", true});
        results->record("main-mode", 1, {{{0}, "", "", ""}, "2026-12-06T20:41:07Z", true});
        write(path("s3.json"), QByteArray::fromStdString(toJson(*results)));
        const auto r = run({"class", "grade", path("class"), path("s3.json")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.err, path("s3.json") + ": note: answers to lessons the class does not have are not graded "
                                          "(main-mode)\n");
        QVERIFY2(r.out.contains(",graded," + path("s3.json") + ",7/7,"), qPrintable(r.out));
    }

    // Like the other class subcommands: a lesson of the class not found is bad input (2).
    void gradeWithoutTheClassLessonsExitsTwo() {
        QVERIFY(QDir().mkpath(path("no-lessons")));
        const auto r = run({"class", "grade", path("class"), "--lessons-dir", path("no-lessons")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("the class's lesson quick-mode is not among the lessons loaded"), qPrintable(r.err));
    }

    // Student files are named from ids without case, as a case-insensitive file system sees them.
    void idsDifferingInCaseGetTwoCards() {
        write(path("cased.csv"), "id,name\nS1,Upper\ns1,Lower\n");
        const auto r = run({"class", "new", "--roster", path("cased.csv"), "--lessons", "5", "--out", path("cased")});
        QCOMPARE(r.exitCode, 0);
        const auto upper = cardFromJson(read(path("cased/cards/S1.ipseclab-card")).toStdString(), "S1");
        const auto lower = cardFromJson(read(path("cased/cards/s1-2.ipseclab-card")).toStdString(), "s1-2");
        QVERIFY2(upper.has_value() && lower.has_value(), qPrintable(r.err));
        QCOMPARE(upper->studentId, std::string("S1"));
        QCOMPARE(lower->studentId, std::string("s1"));
    }
};

QTEST_GUILESS_MAIN(TestClassCli)
#include "tst_class_cli.moc"
