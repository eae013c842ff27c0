// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Lesson files in, Lesson values or exact errors out (lessons/README.md): every broken file of
// tests/data/lessons-broken gets the error a teacher needs — the file, the key as a JSON pointer,
// the line, what is wrong — and a folder with bad files still lists its good lessons. Also the
// line index behind those lines, and how a lesson is found by id, number or path.

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cstdlib>
#include <string>

#include "TestData.h"
#include "lesson/JsonLineIndex.h"
#include "lesson/LessonLibrary.h"
#include "lesson/LessonLoader.h"

using namespace ipseclab;
using namespace ipseclab::lesson;

namespace {

QString brokenDir() { return test::sourceDir() + "/tests/data/lessons-broken"; }

// A small valid lesson; `extra` lands in its first step.
std::string minimalLesson(const std::string& id = "minimal", const std::string& extra = "") {
    return "{\n"
           "  \"format\": 1,\n"
           "  \"id\": \"" +
           id +
           "\",\n"
           "  \"title\": \"A minimal lesson\",\n"
           "  \"goals\": [\"Load\"],\n"
           "  \"steps\": [\n"
           "    { \"text\": [\"line one\", \"line two\"]" +
           extra +
           " }\n"
           "  ]\n"
           "}\n";
}

void writeFile(const QString& path, const std::string& content) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(content.data(), static_cast<qint64>(content.size()));
}

} // namespace

class TestLessonLoader : public QObject {
    Q_OBJECT

private slots:
    void brokenFiles_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("line"); // 0: no line
        QTest::addColumn<QString>("problem");
        QTest::newRow("syntax") << "syntax-error.json"
                                << "/steps" << 8 << "not valid JSON (column 5): syntax error while parsing array";
        QTest::newRow("huge number") << "number-too-large.json"
                                     << "/seed" << 6 << "not valid JSON: a number too large to read";
        QTest::newRow("not an object") << "not-an-object.json"
                                       << "" << 1 << "expected an object { ... }";
        QTest::newRow("missing steps") << "missing-steps.json"
                                       << "/steps" << 1 << "missing (required)";
        QTest::newRow("unknown key") << "unknown-key.json"
                                     << "/steps/1/anchr" << 11 << "unknown key (expected one of: anchor, scenario";
        QTest::newRow("bad anchor") << "bad-anchor.json"
                                    << "/steps/1/anchor" << 10 << "\"MM2 delivered\" is not an event id";
        QTest::newRow("choice range") << "choice-out-of-range.json"
                                      << "/steps/0/question/answer" << 13 << "3 is out of range (0 to 2)";
        QTest::newRow("unknown scenario")
            << "unknown-scenario.json"
            << "/scenario" << 6 << "\"main-quik\" is not a ready-made scenario (known: main-quick,";
        QTest::newRow("inline scenario") << "inline-scenario-bad.json"
                                         << "/scenario/siteA/ike/0" << 10 << "unknown algorithm \"aes999\"";
        QTest::newRow("missing seed") << "missing-seed.json"
                                      << "/seed" << 1 << "missing: a lesson that runs the lab needs a seed";
        QTest::newRow("bad window") << "bad-window.json"
                                    << "/steps/0/highlight/0/window" << 13 << "\"A-to-B\" is not an SA name";
        QTest::newRow("crack first") << "crack-without-action.json"
                                     << "/steps/0/question/from/crack" << 16
                                     << "no crack action at this step or before it";
        QTest::newRow("format") << "wrong-format.json"
                                << "/format" << 2 << "format 2 is not supported (this version reads format 1)";
        QTest::newRow("bad attack") << "bad-attack.json"
                                    << "/steps/0/actions/0/attack" << 13 << "unknown attack \"storm\"";
        QTest::newRow("anchor, no lab") << "anchor-without-lab.json"
                                        << "/steps/1/anchor" << 8 << "an anchor needs a lab";
        QTest::newRow("toy not prime") << "toy-not-prime.json"
                                       << "/steps/0/question/from/toyDh" << 13 << "toy DH: p = 24 is not prime";
        QTest::newRow("toy highlight not prime") << "toy-highlight-not-prime.json"
                                                 << "/steps/0/highlight/0/toyDh" << 10 << "toy DH: p = 24 is not prime";
        // The fuzz smoke found it: "index" alone reached the event branch, which read a missing key.
        QTest::newRow("index alone") << "highlight-index-alone.json"
                                     << "/steps/0/highlight/0" << 10
                                     << "expected exactly one of: field, key, window, event, toyDh";
        // A missing key that a reader reads once it is checked: each check kept, or the fuzz replay
        // of this folder (ASan) would see a missing key of a const json read again.
        QTest::newRow("field without event") << "field-highlight-no-event.json"
                                             << "/steps/0/highlight/0/event" << 10 << "missing (required)";
        QTest::newRow("toy without result") << "toy-missing-result.json"
                                            << "/steps/0/question/from/toyDh/result" << 13 << "missing (required)";
        QTest::newRow("site action without site") << "site-action-no-site.json"
                                                  << "/steps/0/actions/0/site" << 10 << "missing (required)";
        QTest::newRow("value without answer")
            << "value-question-no-answer.json"
            << "/steps/0/question/answer" << 9 << "missing (required for a question of kind value)";
        QTest::newRow("pick without field") << "pick-without-field.json"
                                            << "/steps/0/question/pick/field" << 12 << "missing (required)";
        QTest::newRow("feedback without wrong") << "feedback-without-wrong.json"
                                                << "/steps/0/question/feedback/wrong" << 14 << "missing (required)";
        QTest::newRow("wrong type") << "wrong-type.json"
                                    << "/title" << 4 << "expected a string";
        QTest::newRow("bad id") << "bad-id.json"
                                << "/id" << 3 << "\"Main Mode!\": an id has letters, digits and - only";
        QTest::newRow("bad template") << "template-bad.json"
                                      << "/steps/0/text" << 11 << "{{spi:C2D}}: \"C2D\" is not an SA role";
        QTest::newRow("key by SPI") << "keymat-by-spi.json"
                                    << "/steps/0/highlight/0/key" << 13
                                    << "\"A.KEYMAT.ESP.0x8411fbcc\" names the SA by the SPI one seed drew";
        QTest::newRow("no such role") << "keymat-no-role.json"
                                      << "/steps/0/question/from/derived" << 16
                                      << "\"A.KEYMAT.ESP.A2C\": there is no SA role \"A2C\"";
        QTest::newRow("multi-select all right")
            << "multi-select-all-right.json"
            << "/steps/0/question/answer" << 3 << "every choice is right: leave at least one wrong";
        QTest::newRow("predict on the last step")
            << "predict-last-step.json"
            << "/steps/0/question/predict" << 2
            << "a prediction is revealed by the next step, and this is the last step";
    }

    void brokenFiles() {
        QFETCH(QString, file);
        QFETCH(QString, key);
        QFETCH(int, line);
        QFETCH(QString, problem);
        const std::string path = (brokenDir() + "/" + file).toStdString();
        const LessonResult lesson = LessonLoader::load(path);
        QVERIFY2(!lesson.has_value(), qPrintable(file + " loaded, but it is broken"));
        const LessonError& e = lesson.error();
        QCOMPARE(QString::fromStdString(e.file), QString::fromStdString(path));
        QCOMPARE(QString::fromStdString(e.key), key);
        QCOMPARE(e.line.has_value() ? int(*e.line) : 0, line);
        QVERIFY2(QString::fromStdString(e.problem).startsWith(problem), e.problem.c_str());
        // The one-line form a user reads: file:line: key K: problem.
        const QString text = QString::fromStdString(e.toString());
        QVERIFY2(text.startsWith(QString::fromStdString(path) + ":" + QString::number(line) + ": "), qPrintable(text));
        if (!key.isEmpty()) QVERIFY2(text.contains("key " + key + ": "), qPrintable(text));
    }

    // Every file of the broken set has a row above (a new file needs its expected error).
    void everyBrokenFileIsChecked() {
        const QStringList files = QDir(brokenDir()).entryList({"*.json"}, QDir::Files);
        QCOMPARE(files.size(), 31);
    }

    void minimalLessonLoads() {
        const LessonResult l = LessonLoader::fromJson(minimalLesson(), "minimal.json");
        QVERIFY2(l.has_value(), l ? "" : l.error().toString().c_str());
        QCOMPARE(QString::fromStdString(l->id), QString("minimal"));
        QCOMPARE(l->steps.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(l->steps[0].text), QString("line one\nline two"));
        QVERIFY(!l->hasLab());
        QCOMPARE(l->lines.at("/steps/0/text"), std::size_t(7));
        QCOMPARE(QString::fromStdString(l->file), QString("minimal.json"));
    }

    void valueQuestionParsed() {
        const std::string q =
            ", \"question\": { \"kind\": \"value\", \"prompt\": \"5^6 mod 23?\", \"answer\": 8, "
            "\"from\": { \"toyDh\": { \"p\": 23, \"g\": 5, \"private\": 6, \"result\": \"public\" } }, "
            "\"feedback\": { \"right\": \"yes\", \"wrong\": \"no\" } }";
        const LessonResult l = LessonLoader::fromJson(minimalLesson("toy", q), "toy.json");
        QVERIFY2(l.has_value(), l ? "" : l.error().toString().c_str());
        const Question& question = *l->steps[0].question;
        QCOMPARE(question.kind, Question::Kind::Value);
        QCOMPARE(QString::fromStdString(question.answer), QString("8")); // a number is read as its text
        QVERIFY(question.from.has_value());
        QCOMPARE(question.from->kind, ValueSource::Kind::ToyDh);
        QCOMPARE(question.from->toy.p, std::uint64_t(23));
    }

    void sizeAndDepthLimits() {
        const std::string big(LessonLoader::kMaxFileSize + 1, ' ');
        const LessonResult tooBig = LessonLoader::fromJson(big, "big.json");
        QVERIFY(!tooBig.has_value());
        QVERIFY(tooBig.error().problem.find("more than a lesson can be") != std::string::npos);

        const std::string deep = std::string(200, '[') + std::string(200, ']');
        const LessonResult tooDeep = LessonLoader::fromJson(deep, "deep.json");
        QVERIFY(!tooDeep.has_value());
        QVERIFY(tooDeep.error().problem.find("nested deeper than") != std::string::npos);
    }

    void missingFile() {
        const LessonResult l = LessonLoader::load("/nonexistent/lesson.json");
        QVERIFY(!l.has_value());
        QCOMPARE(QString::fromStdString(l.error().toString()),
                 QString("/nonexistent/lesson.json: cannot open the lesson file"));
    }

    void lineIndex() {
        const std::string text = "{\n  \"a\": [\n    1,\n    {\"b/c\": \"x\\\"y\"}\n  ],\n  \"d\": true\n}\n";
        const JsonLineIndex index(text);
        QCOMPARE(index.line(""), std::optional<std::size_t>(1));
        QCOMPARE(index.line("/a"), std::optional<std::size_t>(2));
        QCOMPARE(index.line("/a/0"), std::optional<std::size_t>(3));
        QCOMPARE(index.line("/a/1/b~1c"), std::optional<std::size_t>(4)); // '/' escaped as ~1
        QCOMPARE(index.line("/d"), std::optional<std::size_t>(6));
        QVERIFY(!index.line("/e").has_value());
        QCOMPARE(QString::fromStdString(index.pointerAt(text.find("true"))), QString("/d"));
        QCOMPARE(QString::fromStdString(index.pointerAt(text.find("x\\"))), QString("/a/1/b~1c"));
        QCOMPARE(JsonLineIndex::lineOf(text, text.find("true")), std::size_t(6));
        QCOMPARE(JsonLineIndex::columnOf(text, text.find("true")), std::size_t(8));
        QVERIFY(!index.tooDeep());
    }

    // A folder with good, broken and duplicate lessons: the good ones are listed, in file-name
    // order, and each bad file has its error.
    void folderListsGoodAndReportsBad() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        writeFile(dir.filePath("02-second.json"), minimalLesson("second"));
        writeFile(dir.filePath("01-first.json"), minimalLesson("first"));
        writeFile(dir.filePath("03-again.json"), minimalLesson("first"));
        QVERIFY(QFile::copy(brokenDir() + "/wrong-type.json", dir.filePath("04-broken.json")));
        writeFile(dir.filePath("README.md"), "not a lesson");

        const LessonFolder folder = LessonLibrary::loadFolder(dir.path().toStdString());
        QCOMPARE(folder.lessons.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(folder.lessons[0].id), QString("first"));
        QCOMPARE(QString::fromStdString(folder.lessons[1].id), QString("second"));
        QCOMPARE(folder.errors.size(), std::size_t(2));
        QVERIFY(folder.errors[0].file.find("03-again.json") != std::string::npos);
        QCOMPARE(QString::fromStdString(folder.errors[0].key), QString("/id"));
        QVERIFY(folder.errors[0].problem.find("is already the id of") != std::string::npos);
        QVERIFY(folder.errors[1].file.find("04-broken.json") != std::string::npos);
        QCOMPARE(QString::fromStdString(folder.errors[1].key), QString("/title"));
    }

    void missingFolderIsAnErrorNotACrash() {
        const LessonFolder folder = LessonLibrary::loadFolder("/nonexistent/lessons");
        QVERIFY(folder.lessons.empty());
        QCOMPARE(folder.errors.size(), std::size_t(1));
        QVERIFY(folder.errors[0].problem.find("cannot read the lesson folder") != std::string::npos);
    }

    void findFile() {
        QTemporaryDir dir;
        writeFile(dir.filePath("03-main-mode.json"), minimalLesson("main-mode"));
        writeFile(dir.filePath("12-ikev1-ikev2.json"), minimalLesson("ikev1-ikev2"));
        const std::string folder = dir.path().toStdString();
        const std::string expected = dir.filePath("03-main-mode.json").toStdString();
        for (const char* name : {"03-main-mode", "main-mode", "3", "03"}) {
            auto found = LessonLibrary::findFile(name, folder);
            QVERIFY2(found.has_value(), name);
            QCOMPARE(*found, expected);
        }
        QCOMPARE(*LessonLibrary::findFile(expected, "/elsewhere"), expected); // a path is itself
        auto missing = LessonLibrary::findFile("quick-mode", folder);
        QVERIFY(!missing.has_value());
        QVERIFY(missing.error().message.find("known: 03-main-mode, 12-ikev1-ikev2") != std::string::npos);
        QVERIFY(!LessonLibrary::findFile("missing.json", folder).has_value());
    }

    void folderChoice() {
        QCOMPARE(LessonLibrary::folder(std::string("/chosen")), std::string("/chosen"));
        qputenv(LessonLibrary::kFolderVariable, "/from/environment");
        QCOMPARE(LessonLibrary::folder(), std::string("/from/environment"));
        QCOMPARE(LessonLibrary::folder(std::string("/chosen")), std::string("/chosen"));
        qunsetenv(LessonLibrary::kFolderVariable);
        QCOMPARE(QString::fromStdString(LessonLibrary::folder()), test::sourceDir() + "/lessons");
    }
};

QTEST_APPLESS_MAIN(TestLessonLoader)
#include "tst_lesson_loader.moc"
