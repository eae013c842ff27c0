// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// `ipsec-lab class handouts|keys|moodle DIR` through the real program (issue 16, points 2 and 5), on
// a class of three students: each student's worksheets (HTML and PDF) carry their name and code and
// no other student's; each key holds that student's values; keys/answers.csv is, row for row, every
// student's expected answers; the question bank is well-formed XML with a category per lesson. Bad
// usage exits 2 naming what is wrong, before anything is written.

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include "ProgramRun.h"
#include "TestData.h"
#include "classroom/ClassFile.h"
#include "classroom/Csv.h"
#include "classroom/ExpectedAnswers.h"
#include "lesson/LessonLibrary.h"
#include "lesson/QuestionKinds.h"

using namespace ipseclab;
using namespace ipseclab::classroom;

namespace {

const QString kProgram = QStringLiteral(IPSECLAB_EXECUTABLE);
const std::vector<std::string> kLessons{"five-phases", "quick-mode"};

test::ProgramRun run(const QStringList& arguments) {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove("QT_QPA_PLATFORM"); // the command chooses offscreen itself
    environment.remove("DISPLAY");
    environment.remove("WAYLAND_DISPLAY");
    return test::runProgram(kProgram, QStringList{"class"} + arguments, 300000, environment);
}

QString readText(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

const std::vector<lesson::Lesson>& shipped() {
    static const lesson::LessonFolder folder = lesson::LessonLibrary::loadFolder(
        (test::sourceDir() + "/lessons").toStdString());
    return folder.lessons;
}

const lesson::Lesson& lessonById(const std::string& id) {
    for (const lesson::Lesson& l : shipped())
        if (l.id == id) return l;
    qFatal("no lesson %s", id.c_str());
}

// A class folder made by the core (toJson), so this test does not depend on `class new`'s options.
ClassSet writeClass(const QString& dir, const std::vector<RosterEntry>& roster,
                    const std::vector<std::string>& lessons = kLessons) {
    const ClassSet set = makeClass("Networks 2, group B", Bytes(32, 0x11), lessons, {}, roster);
    QFile file(QDir(dir).filePath("class.json"));
    if (!file.open(QIODevice::WriteOnly)) qFatal("cannot write the class file");
    file.write(QByteArray::fromStdString(toJson(set)));
    return set;
}

const std::vector<RosterEntry> kRoster{{"s01", "Ada Lovelace", 2},
                                       {"s02", "Alan Turing", 3},
                                       {"s03", "Grace Hopper", 4}};

} // namespace

class TestClassOutputs : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    ClassSet m_set;

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_set = writeClass(m_dir.path(), kRoster);
        QCOMPARE(m_set.students.size(), std::size_t(3));
    }

    void handouts() {
        const auto r = run({"handouts", m_dir.path()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        for (const Student& s : m_set.students)
            for (const std::string& lesson : kLessons) {
                const QString base = m_dir.filePath(QString::fromStdString("handouts/" + s.id + "/" + lesson));
                const QString html = readText(base + ".html");
                QVERIFY2(html.contains(QString::fromStdString(s.name + " (" + s.id + "), lab code " + s.code)),
                         qPrintable(base));
                QVERIFY(html.contains("Worksheet"));
                for (const Student& other : m_set.students)
                    if (other.id != s.id) QVERIFY(!html.contains(QString::fromStdString(other.code)));
                QFile pdf(base + ".pdf");
                QVERIFY2(pdf.open(QIODevice::ReadOnly), qPrintable(base + ".pdf"));
                QVERIFY(pdf.read(5) == "%PDF-");
                QVERIFY(pdf.size() > 1000);
            }
    }

    void keysHoldEachStudentsValuesAndCode() {
        const auto r = run({"keys", m_dir.path()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        for (const Student& s : m_set.students)
            for (const std::string& lesson : kLessons) {
                const QString path = m_dir.filePath(QString::fromStdString("keys/" + s.id + "/" + lesson + ".html"));
                const QString key = readText(path);
                QVERIFY2(key.contains("Answer key"), qPrintable(path));
                QVERIFY(key.contains(QString::fromStdString(s.name + " (" + s.id + "), lab code " + s.code)));
                const auto answers = expectedAnswers(lessonById(lesson), s.seed);
                QVERIFY(answers);
                for (const ExpectedAnswer& a : *answers)
                    if (!lesson::hasChoices(a.question))
                        QVERIFY2(key.contains(QString::fromStdString(a.answer).toHtmlEscaped()),
                                 qPrintable(path + ": " + QString::fromStdString(a.answer)));
            }
        // Two students' keys differ in the values their labs drew (Message ID and SPI: 4 random bytes);
        // the subnet in the proxy ID is the scenario's, the same for both.
        const auto first = expectedAnswers(lessonById("quick-mode"), m_set.students[0].seed);
        const auto second = expectedAnswers(lessonById("quick-mode"), m_set.students[1].seed);
        QVERIFY(first && second);
        int drawn = 0;
        for (std::size_t i = 0; i < first->size(); ++i)
            if ((*first)[i].question.kind == lesson::Question::Kind::Value &&
                QString::fromStdString((*first)[i].expected).contains(QRegularExpression("^[0-9a-f]{8}$"))) {
                QVERIFY((*first)[i].expected != (*second)[i].expected);
                const QString key = readText(
                    m_dir.filePath(QString::fromStdString("keys/" + m_set.students[1].id + "/quick-mode.html")));
                QVERIFY(!key.contains(QString::fromStdString((*first)[i].expected)));
                ++drawn;
            }
        QCOMPARE(drawn, 2);
    }

    // keys/answers.csv: a header, then per student, lesson and question the expected answer, nothing else.
    void answersCsvIsTheExpectedAnswers() {
        const QString path = m_dir.filePath("keys/answers.csv");
        const std::string text = readText(path).toStdString();
        const auto records = parseCsv(text, path.toStdString());
        QVERIFY2(records, qPrintable(test::errorText(records)));
        std::vector<std::vector<std::string>> want{
            {"student id", "name", "code", "lesson", "question id", "kind", "prompt", "right answer"}};
        for (const Student& s : m_set.students)
            for (const std::string& lesson : kLessons) {
                const auto answers = expectedAnswers(lessonById(lesson), s.seed);
                QVERIFY(answers);
                for (const ExpectedAnswer& a : *answers)
                    want.push_back({s.id, s.name, s.code, a.lesson, a.questionId,
                                    std::string(lesson::questionKindName(a.question.kind)), a.question.prompt,
                                    a.answer});
            }
        QCOMPARE(records->size(), want.size());
        for (std::size_t i = 0; i < want.size(); ++i)
            QVERIFY2((*records)[i].fields == want[i], qPrintable(QString::number(i)));
    }

    void moodleQuestionBank() {
        const auto r = run({"moodle", m_dir.path()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QXmlStreamReader reader(r.out);
        QStringList categories;
        int questions = 0;
        while (!reader.atEnd()) {
            reader.readNext();
            if (reader.isStartElement() && reader.name() == QLatin1String("question")) {
                ++questions;
                if (reader.attributes().value("type") == QLatin1String("category")) categories << "";
            }
        }
        QVERIFY2(!reader.hasError(), qPrintable(reader.errorString()));
        QCOMPARE(categories.size(), qsizetype(kLessons.size()));
        QVERIFY(questions > 20);
        QVERIFY(r.out.contains(" · " + QString::fromStdString(m_set.students[2].code)));
    }

    void helpAndBadUsage() {
        for (const char* sub : {"handouts", "keys", "moodle"}) {
            const auto help = run({sub, "--help"});
            QCOMPARE(help.exitCode, 0);
            QVERIFY(help.out.startsWith(QString("Usage: ipsec-lab class %1 DIR").arg(sub)));
            const auto none = run({sub});
            QCOMPARE(none.exitCode, 2);
            QVERIFY2(none.err.contains("the class folder DIR is missing"), qPrintable(none.err));
            const QString missing = m_dir.filePath("no-such-class");
            const auto absent = run({sub, missing});
            QCOMPARE(absent.exitCode, 2);
            QVERIFY2(absent.err.contains(missing + "/class.json"), qPrintable(absent.err));
            QCOMPARE(run({sub, m_dir.path(), "--no-such-option"}).exitCode, 2);
        }
    }

    // A lesson of the class not found: exit 2, naming it, and nothing written.
    void badInput() {
        QTemporaryDir lessons;
        writeClass(lessons.path(), kRoster, {"five-phases", "no-such-lesson"});
        const auto unknown = run({"handouts", lessons.path()});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains("no-such-lesson"), qPrintable(unknown.err));
        QVERIFY(!QDir(lessons.filePath("handouts")).exists());

        // An id is not a path: its folder is named as its lab card is, inside the class folder.
        QTemporaryDir unsafe;
        writeClass(unsafe.path(), {{"s01", "Ada Lovelace", 2}, {"../escape", "Mallory", 3}});
        const auto escaped = run({"keys", unsafe.path()});
        QVERIFY2(escaped.exitCode == 0, qPrintable(escaped.err));
        QVERIFY(QFile::exists(QDir(unsafe.path()).filePath("keys/_.._escape/five-phases.html")));
        QVERIFY(!QFile::exists(QDir(unsafe.path()).filePath("escape")));
        QVERIFY(!QFile::exists(QDir(unsafe.path()).filePath("../escape")));
    }
};

QTEST_GUILESS_MAIN(TestClassOutputs)
#include "tst_class_outputs.moc"
