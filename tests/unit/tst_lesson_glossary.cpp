// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The glossary (lesson/Glossary.h): read strictly with errors that name the key and line, and
// linked into lesson text at each term's first mention, never inside code, headings, links or
// templates. The shipped glossary loads, and every shipped lesson links some of its terms.

#include <QDir>
#include <QTest>

#include <set>

#include "TestData.h"
#include "lesson/Glossary.h"
#include "lesson/LessonLibrary.h"

using namespace ipseclab;
using namespace ipseclab::lesson;

namespace {

const char* kTwoTerms = R"({
  "format": 1,
  "terms": [
    { "id": "sa", "term": "SA", "expansion": "Security Association", "definition": "A one-way agreement.",
      "matches": ["SA", "SAs"], "see": ["ike-sa"] },
    { "id": "ike-sa", "term": "IKE SA", "definition": ["Phase 1's SA,", "in two lines."] }
  ]
})";

Glossary twoTerms() {
    auto g = Glossary::fromJson(kTwoTerms, "g.json");
    if (!g) qFatal("%s", g.error().toString().c_str());
    return *g;
}

std::string lessonsDir() { return (test::sourceDir() + "/lessons").toStdString(); }

} // namespace

class TestLessonGlossary : public QObject {
    Q_OBJECT

private slots:
    void reads() {
        const Glossary g = twoTerms();
        QCOMPARE(g.terms().size(), std::size_t{2});
        QCOMPARE(g.find("sa")->expansion, std::string("Security Association"));
        QCOMPARE(g.find("ike-sa")->definition, std::string("Phase 1's SA,\nin two lines."));
        QCOMPARE(g.find("ike-sa")->matches, std::vector<std::string>{"IKE SA"}); // the term by default
        QVERIFY(!g.find("spi"));
    }

    void errorsNameTheKeyAndLine_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("problem");
        QTest::newRow("repeated id") << R"({"format": 1, "terms": [
{"id": "sa", "term": "SA", "definition": "x"},
{"id": "sa", "term": "SAs", "definition": "y"}]})"
                                     << "/terms/1/id"
                                     << "already the id";
        QTest::newRow("match twice") << R"({"format": 1, "terms": [
{"id": "sa", "term": "SA", "definition": "x"},
{"id": "sa2", "term": "SA2", "matches": ["SA"], "definition": "y"}]})"
                                     << "/terms/1/matches"
                                     << "already links to the term sa";
        QTest::newRow("unknown see") << R"({"format": 1, "terms": [
{"id": "sa", "term": "SA", "definition": "x", "see": ["spi"]}]})"
                                     << "/terms/0/see/0"
                                     << "no term has the id \"spi\"";
        QTest::newRow("bad id") << R"({"format": 1, "terms": [{"id": "Big Id", "term": "SA", "definition": "x"}]})"
                                << "/terms/0/id"
                                << "lower-case";
        QTest::newRow("empty definition")
            << R"({"format": 1, "terms": [{"id": "sa", "term": "SA", "definition": [" "]}]})"
            << "/terms/0/definition"
            << "empty";
        QTest::newRow("unknown key")
            << R"({"format": 1, "terms": [{"id": "sa", "term": "SA", "definition": "x", "colour": 1}]})"
            << "/terms/0/colour"
            << "";
        QTest::newRow("not JSON") << "{\"format\": 1,\n \"terms\": [ }"
                                  << "/terms/0"
                                  << "not valid JSON";
    }

    void errorsNameTheKeyAndLine() {
        QFETCH(QString, text);
        QFETCH(QString, key);
        QFETCH(QString, problem);
        const auto g = Glossary::fromJson(text.toStdString(), "g.json");
        QVERIFY(!g);
        QCOMPARE(QString::fromStdString(g.error().key), key);
        QVERIFY2(QString::fromStdString(g.error().problem).contains(problem), g.error().toString().c_str());
        QVERIFY(g.error().line.has_value());
    }

    void linksTheFirstMentionOnly() {
        const Glossary g = twoTerms();
        QCOMPARE(g.link("An SA, then another SA."), std::string("An [SA](glossary:sa), then another SA."));
        // The longest match wins where two start; "SA" is still free for its own first mention.
        QCOMPARE(g.link("The IKE SA protects the SAs."),
                 std::string("The [IKE SA](glossary:ike-sa) protects the [SAs](glossary:sa)."));
        QCOMPARE(g.mentioned("The IKE SA protects the SAs."), (std::vector<std::string>{"ike-sa", "sa"}));
    }

    void wholeWordsOutsideCodeHeadingsLinksAndTemplates() {
        const Glossary g = twoTerms();
        for (const char* untouched :
             {"ISAKMP and SA_b and SAD", "`SA` in code", "# SA in a heading", "    SA = code block", "```\nSA\n```",
              "[the SA](https://example.org/SA)", "{{key:A.SA}}", "<b title=\"SA\">"})
            QCOMPARE(g.link(untouched), std::string(untouched));
        QCOMPARE(g.link("`SA` then SA"), std::string("`SA` then [SA](glossary:sa)"));
        QCOMPARE(g.link("1 < 2 and the SA"), std::string("1 < 2 and the [SA](glossary:sa)")); // a '<' in prose
        QCOMPARE(g.link("# SA\n\n**SA** matters"), std::string("# SA\n\n**[SA](glossary:sa)** matters"));
    }

    void shippedGlossary() {
        auto g = LessonLibrary::glossary(lessonsDir());
        QVERIFY2(g.has_value(), g ? "" : g.error().toString().c_str());
        QVERIFY(g->terms().size() >= 30);
        // The terms issue 15 names are all defined.
        for (const char* id : {"sa", "spi", "spd", "sad", "iv", "hmac", "prf", "nonce", "cookie", "proxy-id"})
            QVERIFY2(g->find(id), id);
        // Every lesson links some of them, and most terms are used by some lesson.
        const LessonFolder folder = LessonLibrary::loadFolder(lessonsDir());
        std::set<std::string> used;
        for (const Lesson& l : folder.lessons) {
            std::size_t linked = 0;
            for (const LessonStep& s : l.steps)
                for (const std::string& id : g->mentioned(s.text)) {
                    used.insert(id);
                    ++linked;
                }
            QVERIFY2(linked > 0, l.id.c_str());
        }
        QVERIFY2(used.size() * 10 >= g->terms().size() * 9,
                 qPrintable(QString("%1 of %2 terms used").arg(used.size()).arg(g->terms().size())));
    }

    void aFolderWithoutGlossaryHasAnEmptyOne() {
        auto g = LessonLibrary::glossary(QDir::tempPath().toStdString() + "/no-such-folder-for-a-glossary");
        QVERIFY(g.has_value());
        QVERIFY(g->empty());
    }
};

QTEST_APPLESS_MAIN(TestLessonGlossary)
#include "tst_lesson_glossary.moc"
