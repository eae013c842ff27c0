// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The class set's files (docs/class-files.md): the roster CSV, the class file and lab card, the
// sealed results file.

#include <QTest>

#include <nlohmann/json.hpp>

#include "TestData.h"
#include "classroom/ClassFile.h"
#include "classroom/Csv.h"
#include "classroom/LabCode.h"
#include "classroom/Results.h"

using namespace ipseclab;
using namespace ipseclab::classroom;
using ipseclab::test::errorText;

namespace {

const Bytes kSecret(32, 0x5a);

std::vector<RosterEntry> roster(std::size_t n) {
    std::vector<RosterEntry> out;
    for (std::size_t i = 1; i <= n; ++i)
        out.push_back({"s" + std::to_string(i), "Student " + std::to_string(i), i + 1});
    return out;
}

ClassSet sampleClass() {
    ClassSettings settings;
    settings.attemptsAllowed = 3;
    settings.hideFailureNames = true;
    return makeClass("Networks 2", kSecret, {"main-mode", "quick-mode"}, settings, roster(12));
}

Results sampleResults(const ClassSet& set) {
    Results r;
    r.code = set.students[0].code;
    r.studentId = set.students[0].id;
    r.name = set.students[0].name;
    r.classId = set.classId();
    r.app = "IPsec Lab test";
    r.record("main-mode", 3, {{{}, "b4", "", ""}, "2026-12-06T20:41:07Z", false});
    r.record("main-mode", 3, {{{}, "c5", "", ""}, "2026-12-06T20:41:30Z", true});
    r.record("main-mode", 4, {{{2, 0}, "", "", ""}, "2026-12-06T20:42:00Z", true});
    r.record("quick-mode", 1, {{{}, "", "A.MM1.sent", "isakmp.rspi"}, "2026-12-06T20:43:00Z", false});
    return r;
}

QString problemOf(std::string_view csv) {
    const auto read = readRoster(csv, "roster.csv");
    return read ? QString() : QString::fromStdString(read.error().message);
}

} // namespace

class TestClassroomFiles : public QObject {
    Q_OBJECT
private slots:
    // A spreadsheet's rows without a student (",,") are skipped like blank lines.
    void rosterIsRead() {
        const auto read =
            readRoster("\xEF\xBB\xBFName,email,ID\r\n\"Doe, Jane\",j@x,s1\r\n\"Say \"\"Hi\"\"\",,s2\r\n\r\n"
                       "\"Two\nLines\",x,s3\n,,\n , ,\r\n",
                       "roster.csv");
        QVERIFY2(read.has_value(), qPrintable(errorText(read)));
        QCOMPARE(read->size(), std::size_t{3});
        QCOMPARE((*read)[0].id, std::string("s1"));
        QCOMPARE((*read)[0].name, std::string("Doe, Jane"));
        QCOMPARE((*read)[0].line, std::size_t{2});
        QCOMPARE((*read)[1].name, std::string("Say \"Hi\""));
        QCOMPARE((*read)[2].name, std::string("Two\nLines"));
        QCOMPARE((*read)[2].line, std::size_t{5});
    }

    void rosterErrorsNameFileAndLine_data() {
        QTest::addColumn<QString>("csv");
        QTest::addColumn<QString>("problem");
        QTest::newRow("duplicate id") << "id,name\ns1,A\ns2,B\ns1,C\n"
                                      << "roster.csv:4: the id s1 is already on line 2";
        QTest::newRow("empty id") << "id,name\ns1,A\n ,B\n"
                                  << "roster.csv:3: the id is empty";
        QTest::newRow("empty name") << "id,name\ns1,\n"
                                    << "roster.csv:2: the name is empty";
        QTest::newRow("unterminated quote") << "id,name\ns1,\"A\ns2,B\n"
                                            << "roster.csv:2: a quote opened here";
        QTest::newRow("text after quote") << "id,name\ns1,\"A\"x\n"
                                          << "roster.csv:2: text after a closing quote";
        QTest::newRow("stray quote") << "id,name\ns1,A\"x\n"
                                     << "roster.csv:2: a quote inside an unquoted field";
        QTest::newRow("too many fields") << "id,name\ns1,A,extra\n"
                                         << "roster.csv:2: 3 fields where the header has 2";
        QTest::newRow("too few fields") << "id,name\ns1\n"
                                        << "roster.csv:2: 1 fields where the header has 2";
        // Old Mac spreadsheets end lines with a lone CR: each counts as a line, inside quotes too.
        QTest::newRow("CR line ends") << "id,name\rs1,A\rs1,B\r"
                                      << "roster.csv:3: the id s1 is already on line 2";
        QTest::newRow("CR in quotes") << "id,name\rs1,\"A\rB\"\r\r\ns1,C\r"
                                      << "roster.csv:5: the id s1 is already on line 2";
        QTest::newRow("missing column") << "id,email\ns1,a@x\n"
                                        << "roster.csv:1: the header line names no column \"name\"";
        QTest::newRow("empty") << ""
                               << "roster.csv: the roster is empty";
        QTest::newRow("no students") << "id,name\n"
                                     << "roster.csv: the roster has a header line but no students";
    }
    void rosterErrorsNameFileAndLine() {
        QFETCH(QString, csv);
        QFETCH(QString, problem);
        const QString got = problemOf(csv.toStdString());
        QVERIFY2(got.startsWith(problem), qPrintable(got));
    }

    void csvLinesQuoteWhatNeedsIt() {
        QCOMPARE(csvLine({"a", "b,c", "say \"x\"", ""}), std::string("a,\"b,c\",\"say \"\"x\"\"\",\n"));
        const auto back = parseCsv(csvLine({"a", "b,c", "say \"x\"", "two\nlines"}), "x.csv");
        QVERIFY(back.has_value());
        QCOMPARE(back->front().fields, (std::vector<std::string>{"a", "b,c", "say \"x\"", "two\nlines"}));
    }

    void classRoundTrip() {
        const ClassSet set = sampleClass();
        QCOMPARE(set.students.size(), std::size_t{12});
        const auto back = classFromJson(toJson(set), "class.json");
        QVERIFY2(back.has_value(), qPrintable(errorText(back)));
        QCOMPARE(back->name, set.name);
        QCOMPARE(back->secret, set.secret);
        QCOMPARE(back->lessons, set.lessons);
        QCOMPARE(back->settings, set.settings);
        QCOMPARE(back->students, set.students);
        QCOMPARE(back->classId(), set.classId());
        QCOMPARE(set.classId().size(), std::size_t{16});
    }

    void sameSecretSameCodes() {
        const ClassSet a = sampleClass(), b = sampleClass();
        QCOMPARE(a.students, b.students);
        const ClassSet other = makeClass("Networks 2", Bytes(32, 0x5b), a.lessons, a.settings, roster(12));
        for (std::size_t i = 0; i < a.students.size(); ++i) {
            QVERIFY(a.students[i].code != other.students[i].code);
            QCOMPARE(a.students[i].seed, studentSeed(kSecret, a.students[i].id));
            QCOMPARE(decodeLabCode(a.students[i].code).value(), a.students[i].seed);
            QCOMPARE(a.findByCode(a.students[i].code), &a.students[i]);
            QCOMPARE(a.findById(a.students[i].id), &a.students[i]);
        }
        QVERIFY(a.findByCode(other.students[0].code) == nullptr);
        QVERIFY(a.findByCode("not a code") == nullptr);
    }

    void editedClassFileIsRefused() {
        const ClassSet set = sampleClass();
        nlohmann::json j = nlohmann::json::parse(toJson(set));
        j["students"][2]["code"] = set.students[3].code;
        const auto edited = classFromJson(j.dump(2), "class.json");
        QVERIFY(!edited.has_value());
        const QString message = QString::fromStdString(edited.error().message);
        QVERIFY2(message.startsWith("class.json:") && message.contains("key /students/2/code") &&
                     message.contains("the class file was edited"),
                 qPrintable(message));
        j = nlohmann::json::parse(toJson(set));
        j["secret"] = toHex(Bytes(32, 1));
        QVERIFY(!classFromJson(j.dump(2), "class.json").has_value());
    }

    void labCardRoundTrip() {
        const ClassSet set = sampleClass();
        const LabCard card = cardFor(set, set.students[4]);
        QCOMPARE(card.code, set.students[4].code);
        QCOMPARE(card.classId, set.classId());
        const std::string text = toJson(card);
        QVERIFY(text.find(toHex(set.secret)) == std::string::npos); // a card never carries the secret
        const auto back = cardFromJson(text, "s5.ipseclab-card");
        QVERIFY2(back.has_value(), qPrintable(errorText(back)));
        QCOMPARE(*back, card);
        QVERIFY(!cardFromJson(toJson(set), "class.json").has_value()); // a class file is no card
    }

    void resultsRoundTrip() {
        const ClassSet set = sampleClass();
        const Results r = sampleResults(set);
        QCOMPARE(r.questions.size(), std::size_t{3});
        QCOMPARE(r.questions[0].attempts.size(), std::size_t{2});
        QCOMPARE(r.questions[0].questionId(), std::string("main-mode/4"));
        const auto back = resultsFromJson(toJson(r), "s1.json");
        QVERIFY2(back.has_value(), qPrintable(errorText(back)));
        QCOMPARE(back->code, r.code);
        QCOMPARE(back->studentId, r.studentId);
        QCOMPARE(back->classId, r.classId);
        QCOMPARE(back->app, r.app);
        QCOMPARE(back->questions, r.questions);
        // Reformatted (another indentation) is the same content: the seal holds.
        QVERIFY(resultsFromJson(nlohmann::json::parse(toJson(r)).dump(), "s1.json").has_value());
    }

    void brokenResultsAreRefused_data() {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("problem");
        QTest::newRow("edited answer") << "answer"
                                       << "key /seal: does not match the file's content: the file was edited";
        QTest::newRow("edited right") << "right"
                                      << "key /seal: does not match";
        QTest::newRow("seal removed") << "no seal"
                                      << "the seal is missing: the file was edited or truncated";
        QTest::newRow("truncated") << "truncated"
                                   << "(a truncated or damaged file)";
        QTest::newRow("version 2") << "version"
                                   << "key /version: version 2 is newer than this program reads (1)";
        QTest::newRow("other format") << "format"
                                      << "key /format: \"ipsec-lab-class\" is not the format of this file";
        QTest::newRow("bad code") << "code"
                                  << "key /code:";
    }
    void brokenResultsAreRefused() {
        QFETCH(QString, change);
        QFETCH(QString, problem);
        const std::string text = toJson(sampleResults(sampleClass()));
        std::string edited = text;
        nlohmann::json j = nlohmann::json::parse(text);
        if (change == "answer") edited.replace(edited.find("\"c5\""), 4, "\"c6\"");
        if (change == "right") edited.replace(edited.find("\"right\": false"), 14, "\"right\": true");
        if (change == "no seal") j.erase("seal"), edited = j.dump(2);
        if (change == "truncated") edited = text.substr(0, text.size() * 2 / 3);
        if (change == "version") j["version"] = 2, edited = j.dump(2);
        if (change == "format") j["format"] = "ipsec-lab-class", edited = j.dump(2);
        if (change == "code") j["code"] = "OOOO-OOOO", edited = j.dump(2);
        QVERIFY(edited != text);
        const auto read = resultsFromJson(edited, "s1.json");
        QVERIFY(!read.has_value());
        const QString message = QString::fromStdString(read.error().message);
        QVERIFY2(message.startsWith("s1.json:") && message.contains(problem), qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestClassroomFiles)
#include "tst_classroom_files.moc"
