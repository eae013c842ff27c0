// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// A lesson in the Illustrated page (page/IllustratedLesson.h). The data its script judges answers
// with is the grader's (classroom::expectedAnswers) for the same seed, and for right and wrong
// answers of every kind the core grader's verdict and feedback are what that data gives by
// lesson/Answer.h's rules (the page's script applies the same rules; the browser test answers in
// the page and has `ipsec-lab class grade` grade what it handed in). The page is the same bytes
// twice, and the same when written from a play made already (the command line's); a reading
// lesson's page has its text and questions and no run; the lesson text's Markdown becomes HTML that
// carries no markup of the lesson's own.

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "TestData.h"
#include "classroom/ExpectedAnswers.h"
#include "lab/BuiltinScenarios.h"
#include "lab/JsonReader.h"
#include "lesson/LessonLibrary.h"
#include "lesson/LessonPlayer.h"
#include "page/IllustratedHtml.h"
#include "page/IllustratedLesson.h"
#include "page/PageMarkdown.h"

using namespace ipseclab;
using lab::json::Json;
using lesson::StudentAnswer;

namespace {

const lesson::LessonFolder& shipped() {
    static const lesson::LessonFolder folder = lesson::LessonLibrary::loadFolder(
        (test::sourceDir() + "/lessons").toStdString());
    return folder;
}

// The shipped lesson `id`; null when there is none.
const lesson::Lesson* shippedLesson(const QString& id) {
    const auto& all = shipped().lessons;
    const auto l = std::find_if(all.begin(), all.end(), [&](const auto& x) { return x.id == id.toStdString(); });
    return l == all.end() ? nullptr : &*l;
}

// The grader's verdict and feedback for `given`, the feedback as the page shows it (HTML).
std::pair<bool, std::string> core(const classroom::ExpectedAnswer& e, const StudentAnswer& given) {
    const lesson::AnswerCheck check = classroom::judge(e, given);
    // Several wrong choices' feedback: one paragraph each in the window, "</p><p>" in the page.
    std::string html;
    std::size_t from = 0;
    for (std::size_t at; (at = check.feedback.find("\n\n", from)) != std::string::npos; from = at + 2)
        html += page::inlineMarkdownHtml(check.feedback.substr(from, at - from)) + "</p><p>";
    return {check.right, html + page::inlineMarkdownHtml(check.feedback.substr(from))};
}

// What the page's data says of `given` by lesson/Answer.h's rules, for the answers made here.
void expectRight(const Json& q, const classroom::ExpectedAnswer& e, const StudentAnswer& given, const char* what) {
    const auto [right, feedback] = core(e, given);
    if (!right || feedback != q.at("right").get<std::string>())
        QFAIL(qPrintable(QString::fromStdString(e.questionId + ": " + what + ": the grader says " +
                                                (right ? "right" : "wrong") + ", " + feedback)));
}

void expectWrong(const Json& q, const classroom::ExpectedAnswer& e, const StudentAnswer& given,
                 const std::string& pageFeedback, const char* what) {
    const auto [right, feedback] = core(e, given);
    const std::string want = pageFeedback.empty() ? q.at("wrong").get<std::string>() : pageFeedback;
    if (right || feedback != want)
        QFAIL(qPrintable(QString::fromStdString(e.questionId + ": " + what + ": the grader says " +
                                                (right ? "right" : "wrong") + ", \"" + feedback + "\"; the page: \"" +
                                                want + "\"")));
}

std::string choiceFeedback(const Json& q, std::size_t i) {
    const auto& all = q.at("choiceFeedback");
    return i < all.size() ? all[i].get<std::string>() : std::string();
}

void checkChoices(const Json& q, const classroom::ExpectedAnswer& e) {
    const std::size_t n = q.at("choices").get<std::size_t>();
    const std::string kind = q.at("kind").get<std::string>();
    if (kind == "choice")
        for (std::size_t i = 0; i < n; ++i) {
            if (i == q.at("answerIndex").get<std::size_t>()) expectRight(q, e, {{i}, {}, {}, {}}, "the right choice");
            else expectWrong(q, e, {{i}, {}, {}, {}}, choiceFeedback(q, i), "a wrong choice");
        }
    if (kind == "multi-select") {
        const auto set = q.at("answerSet").get<std::vector<std::size_t>>();
        expectRight(q, e, {set, {}, {}, {}}, "every right choice");
        for (std::size_t i = 0; i < n; ++i) {
            std::vector<std::size_t> picks = set;
            if (std::find(set.begin(), set.end(), i) != set.end()) continue;
            picks.push_back(i); // one wrong choice more: its own feedback, or the question's
            expectWrong(q, e, {picks, {}, {}, {}}, choiceFeedback(q, i), "the right choices and a wrong one");
        }
        if (set.size() > 1) expectWrong(q, e, {{set.front()}, {}, {}, {}}, {}, "only one of the right choices");
    }
    if (kind == "ordering") {
        std::vector<std::size_t> order(n);
        for (std::size_t i = 0; i < n; ++i) order[i] = i;
        expectRight(q, e, {order, {}, {}, {}}, "the right order");
        std::swap(order[0], order[1]);
        expectWrong(q, e, {order, {}, {}, {}}, {}, "two swapped");
    }
}

void checkTyped(const Json& q, const classroom::ExpectedAnswer& e) {
    const std::string expected = q.at("expected").get<std::string>();
    QVERIFY2(!expected.empty(), e.questionId.c_str());
    if (q.at("kind") == "number") {
        expectRight(q, e, {{}, " " + expected + " bytes", {}, {}}, "the number with a unit");
        expectWrong(q, e, {{}, expected + "1", {}, {}}, {}, "another number");
        expectWrong(q, e, {{}, "about " + expected, {}, {}}, {}, "words before the number");
        return;
    }
    std::string shouted = expected;
    for (char& c : shouted) c = char(std::toupper(static_cast<unsigned char>(c)));
    expectRight(q, e, {{}, expected, {}, {}}, "the value");
    expectRight(q, e, {{}, "  " + shouted + " ", {}, {}}, "the value in capitals, spaced");
    expectWrong(q, e, {{}, expected + "0", {}, {}}, {}, "the value and a digit more");
    expectWrong(q, e, {{}, "", {}, {}}, {}, "nothing typed");
}

void checkField(const Json& q, const classroom::ExpectedAnswer& e) {
    const std::string event = q.at("pickEvent").get<std::string>(), key = q.at("pickKey").get<std::string>();
    expectRight(q, e, {{}, {}, event, key}, "the field");
    for (const std::string& same : q.at("sameEvents").get<std::vector<std::string>>())
        expectRight(q, e, {{}, {}, same, key}, "the field where its receiver shows it");
    expectWrong(q, e, {{}, {}, event, "ip.src"}, {}, "another field");
    expectWrong(q, e, {{}, {}, "MM1.delivered", key}, {}, "the field of another event");
}

} // namespace

class TestIllustratedLesson : public QObject {
    Q_OBJECT

private slots:
    void pageJudgesAsTheGrader_data() {
        QTest::addColumn<QString>("lesson");
        QTest::addColumn<quint64>("seed");
        for (const lesson::Lesson& l : shipped().lessons) // a reading lesson's too
            for (const quint64 seed : {1, 7})
                QTest::newRow(qPrintable(QStringLiteral("%1 seed %2").arg(QString::fromStdString(l.id)).arg(seed)))
                    << QString::fromStdString(l.id) << seed;
    }
    void pageJudgesAsTheGrader() {
        QFETCH(QString, lesson);
        QFETCH(quint64, seed);
        const lesson::Lesson* l = shippedLesson(lesson);
        QVERIFY(l);
        page::LessonPageOptions options;
        options.seed = seed;
        const auto data = page::lessonPageData(*l, options);
        QVERIFY2(data, data ? "" : data.error().message.c_str());
        const Json page = Json::parse(*data);
        const auto expected = classroom::expectedAnswers(*l, seed);
        QVERIFY(expected);
        const Json& questions = page.at("questions");
        QCOMPARE(questions.size(), expected->size());
        QCOMPARE(questions.size(), l->questionCount());
        for (std::size_t i = 0; i < expected->size(); ++i) {
            const Json& q = questions[i];
            const classroom::ExpectedAnswer& e = (*expected)[i];
            QCOMPARE(q.at("step").get<std::size_t>(), e.step);
            QCOMPARE(q.at("id").get<std::string>(), e.questionId);
            QCOMPARE(q.at("expected").get<std::string>(), e.expected);
            QCOMPARE(q.at("sameEvents").get<std::vector<std::string>>(), e.sameEvents);
            // A prediction is judged at the reveal by the same rules.
            const std::string kind = q.at("kind").get<std::string>();
            if (kind == "value" || kind == "number") checkTyped(q, e);
            else if (kind == "field") checkField(q, e);
            else checkChoices(q, e);
        }
    }

    void handInOnlyWithACode() {
        const lesson::Lesson& l = shipped().lessons.front();
        page::LessonPageOptions options;
        options.seed = 1;
        Json data = Json::parse(*page::lessonPageData(l, options));
        QVERIFY(data.at("handIn").is_null());
        QVERIFY(page::illustratedLessonPage(l, options)->find("<div class=\"handin\">") == std::string::npos);
        options.handIn = page::HandInIdentity{"K7QF-92XD", "s01", "Ada <Lovelace>", "0123456789abcdef"};
        options.app = "IPsec Lab 0.0";
        data = Json::parse(*page::lessonPageData(l, options));
        QCOMPARE(data.at("handIn").at("code").get<std::string>(), std::string("K7QF-92XD"));
        QCOMPARE(data.at("handIn").at("app").get<std::string>(), std::string("IPsec Lab 0.0"));
        const std::string html = *page::illustratedLessonPage(l, options);
        QVERIFY(html.find("<div class=\"handin\">") != std::string::npos);
        // The data is inside a script element: no "<" of a name or a text may close it.
        const std::size_t start = html.find("id=\"lesson-data\">");
        const std::size_t end = html.find("</script>", start);
        QVERIFY(start != std::string::npos && end != std::string::npos);
        QVERIFY(html.substr(start + 17, end - start - 17).find('<') == std::string::npos);
        QVERIFY(html.substr(start, end - start).find("Ada \\u003cLovelace>") != std::string::npos);
    }

    // A "Look at" a key opens that site's chain: Site B's value links Site B's anchor, which exists.
    void lookAtAKeyOpensItsSitesChain() {
        for (const lesson::Lesson& l : shipped().lessons) {
            if (l.id != "diffie-hellman") continue;
            const std::string html = *page::illustratedLessonPage(l, page::LessonPageOptions{7, {}, {}, {}, {}});
            QVERIFY(html.find("<a href=\"#dB-g^xy\">B.g^xy</a>") != std::string::npos);
            QVERIFY(html.find("id=\"dB-g^xy\"") != std::string::npos);
            return;
        }
        QFAIL("the shipped lessons have no diffie-hellman");
    }

    // The steps' text links the glossary's terms as the window does (lesson::Glossary::link), each
    // link to a term the page defines; a term's "see also" links are defined there too.
    void glossaryLinksResolve() {
        const lesson::Lesson* l = shippedLesson(QStringLiteral("main-mode"));
        QVERIFY(l);
        const auto page = page::illustratedLessonPage(*l, page::LessonPageOptions{1, {}, {}, {}, {}});
        QVERIFY(page);
        const std::size_t section = page->find("<section class=\"glossary\" id=\"glossary\"");
        QVERIFY(section != std::string::npos);
        QVERIFY(page->find("<a class=\"gl\" href=\"#g-") < section); // in a step's text, above
        std::size_t links = 0;
        for (std::size_t at = 0; (at = page->find("href=\"#g-", at)) != std::string::npos; ++links) {
            at += 7;
            const std::string id = page->substr(at, page->find('"', at) - at);
            QVERIFY2(page->find("<dt id=\"" + id + "\">") != std::string::npos, id.c_str());
        }
        QVERIFY(links > 3);
        QVERIFY(page->find("<p class=\"see\">See also: <a href=\"#g-") != std::string::npos);
    }

    // A glossary that does not load: the page says which file and what is wrong where the links
    // would be, and has no links; nothing else changes.
    void badGlossaryIsNamedInThePage() {
        QTemporaryDir dir;
        QVERIFY(QFile::copy(test::sourceDir() + "/lessons/03-main-mode.json", dir.filePath("03-main-mode.json")));
        QFile glossary(dir.filePath("glossary.json"));
        QVERIFY(glossary.open(QIODevice::WriteOnly));
        glossary.write("{\n  \"terms\": [\n    oops\n");
        glossary.close();
        const lesson::LessonFolder folder = lesson::LessonLibrary::loadFolder(dir.path().toStdString());
        QCOMPARE(folder.lessons.size(), std::size_t{1});
        const auto loaded = page::lessonGlossary(folder.lessons.front());
        QVERIFY(!loaded);
        QVERIFY2(loaded.error().message.find(dir.filePath("glossary.json").toStdString()) != std::string::npos,
                 loaded.error().message.c_str());
        const auto page = page::illustratedLessonPage(folder.lessons.front(),
                                                      page::LessonPageOptions{1, {}, {}, {}, {}});
        QVERIFY2(page, page ? "" : page.error().message.c_str());
        QVERIFY(
            page->find("<p class=\"problem\" role=\"note\">The glossary did not load, so the text links no terms: " +
                       page::escapeHtml(loaded.error().message) + "</p>") != std::string::npos);
        QVERIFY(page->find("href=\"#g-") == std::string::npos);
        QVERIFY(page->find("id=\"glossary\"") == std::string::npos);
        // The shipped folder's loads: no such note.
        const auto shippedPage = page::illustratedLessonPage(shipped().lessons.front());
        QVERIFY(shippedPage && shippedPage->find("class=\"problem\"") == std::string::npos);
    }

    void sameLessonSameBytes() {
        const lesson::Lesson& l = shipped().lessons.front();
        page::LessonPageOptions options;
        options.seed = 7;
        const auto first = page::illustratedLessonPage(l, options), second = page::illustratedLessonPage(l, options);
        QVERIFY(first && second);
        QVERIFY(*first == *second);
        options.seed = 1;
        QVERIFY(*page::illustratedLessonPage(l, options) != *first);
    }

    // The command line plays the lesson once, for its walk-through and its page: a page from a play
    // made already, its answers noted along it, is the page the lesson's own play writes. Of one
    // lab, of several (the page shows an earlier one), of a reading part then a lab, of none.
    void pageFromAPlayMadeAlready_data() {
        QTest::addColumn<QString>("lesson");
        for (const char* id : {"main-mode", "pfs", "troubleshooting", "diffie-hellman", "ikev1-ikev2"})
            QTest::newRow(id) << id;
    }
    void pageFromAPlayMadeAlready() {
        QFETCH(QString, lesson);
        const lesson::Lesson* l = shippedLesson(lesson);
        QVERIFY(l);
        page::LessonPageOptions options;
        options.seed = 7;
        lesson::PlayerOptions playerOptions;
        playerOptions.seed = options.seed;
        auto player = lesson::LessonPlayer::create(*l, playerOptions);
        QVERIFY(player);
        classroom::ExpectedAnswersRecorder answers;
        QVERIFY(!answers.finish(**player)); // not played yet: no list
        while (!(*player)->atEnd()) {
            auto reached = (*player)->advance();
            QVERIFY(reached);
            answers.note(**player, *reached);
        }
        auto noted = answers.finish(**player);
        QVERIFY2(noted, noted ? "" : noted.error().message.c_str());
        const auto page = page::illustratedLessonPage(**player, std::move(*noted), options);
        QVERIFY2(page, page ? "" : page.error().message.c_str());
        QVERIFY(*page == *page::illustratedLessonPage(*l, options));
    }

    // Lessons of several labs, played with seed 7 and handed in with options that name no seed: the
    // page shows that play's runs and keeps the answers under seed 7, byte for byte the page of a
    // seed-7 play of its own. ah-esp's page shows its earlier lab, played again for the page: with
    // the seed that lab had in the play handed in, not the lesson's own.
    void earlierLabKeepsThePlayedSeed_data() {
        QTest::addColumn<QString>("lesson");
        for (const char* id : {"pfs", "esp-replay", "ah-esp", "troubleshooting"}) QTest::newRow(id) << id;
    }
    void earlierLabKeepsThePlayedSeed() {
        QFETCH(QString, lesson);
        const lesson::Lesson* l = shippedLesson(lesson);
        QVERIFY(l);
        lesson::PlayerOptions playerOptions;
        playerOptions.seed = 7;
        auto player = lesson::LessonPlayer::create(*l, playerOptions);
        QVERIFY(player);
        QVERIFY((*player)->playToEnd());
        QVERIFY((*player)->lab() && (*player)->lab()->seed() == 7);
        auto noted = classroom::expectedAnswers(*l, 7);
        QVERIFY(noted);
        const auto page = page::illustratedLessonPage(**player, std::move(*noted), page::LessonPageOptions{});
        QVERIFY2(page, page ? "" : page.error().message.c_str());
        QVERIFY(page->find(", seed 7</title>") != std::string::npos);
        QVERIFY(page->find("/seed 7\"") != std::string::npos);
        page::LessonPageOptions seven;
        seven.seed = 7;
        QVERIFY(*page == *page::illustratedLessonPage(*l, seven));
        QVERIFY(*page != *page::illustratedLessonPage(*l)); // the lesson's own seed shows another run
    }

    // A lesson that names no seed anywhere, played without one: each lab draws its seed from the OS.
    // The page's earlier lab is played again with the seed it had in that play (the step's report
    // keeps it), so two pages of one play are the same bytes; a fresh draw made them differ.
    void earlierLabOfASeedlessPlayKeepsItsSeed() {
        const lesson::Lesson* shippedAhEsp = shippedLesson("ah-esp");
        QVERIFY(shippedAhEsp);
        lesson::Lesson l = *shippedAhEsp;
        const auto seedless = [](std::optional<lesson::ScenarioRef>& ref) {
            if (!ref) return;
            if (!ref->inlined) ref->inlined = *lab::builtinScenario(ref->name);
            ref->inlined->seed.reset();
        };
        seedless(l.scenario);
        l.seed.reset();
        for (lesson::LessonStep& s : l.steps) seedless(s.scenario), s.seed.reset();
        auto player = lesson::LessonPlayer::create(l, {});
        QVERIFY(player);
        classroom::ExpectedAnswersRecorder answers;
        while (!(*player)->atEnd()) {
            auto reached = (*player)->advance();
            QVERIFY(reached);
            QCOMPARE(reached->labSeed.has_value(), reached->newLab);
            answers.note(**player, *reached);
        }
        auto noted = answers.finish(**player);
        QVERIFY2(noted, noted ? "" : noted.error().message.c_str());
        const auto first = page::illustratedLessonPage(**player, *noted, page::LessonPageOptions{});
        QVERIFY2(first, first ? "" : first.error().message.c_str());
        const auto second = page::illustratedLessonPage(**player, std::move(*noted), page::LessonPageOptions{});
        QVERIFY2(second, second ? "" : second.error().message.c_str());
        QVERIFY(*first == *second);
    }

    // A reading lesson (no lab): its page has its text and every question, answerable, and no run.
    void readingLessonHasAPage() {
        for (const lesson::Lesson& l : shipped().lessons) {
            if (l.hasLab()) continue;
            const auto page = page::illustratedLessonPage(l);
            QVERIFY2(page, page ? "" : page.error().message.c_str());
            QVERIFY(page->find("<section class=\"lesson\"") != std::string::npos);
            QVERIFY(page->find("a reading lesson: no lab runs in it") != std::string::npos);
            for (const char* run : {"<main>", "<svg", "section class=\"msg\"", "id=\"keys\"", "id=\"replay\""})
                QVERIFY2(page->find(run) == std::string::npos, run);
            std::size_t forms = 0;
            for (std::size_t at = 0; (at = page->find("<form class=\"question\"", at)) != std::string::npos; ++at)
                ++forms;
            QCOMPARE(forms, l.questionCount());
            QVERIFY(page->find("Content-Security-Policy") != std::string::npos);
            QVERIFY(*page == *page::illustratedLessonPage(l));
            return;
        }
        QSKIP("every shipped lesson runs a lab");
    }

    void markdown_data() {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<QString>("html");
        QTest::newRow("heading and emphasis") << "# SKEYID\n\nThe **cookies** and *nonces*, `Ni_b`."
                                              << "<h3>SKEYID</h3><p>The <strong>cookies</strong> "
                                                 "and <em>nonces</em>, <code>Ni_b</code>.</p>";
        QTest::newRow("markup is text") << "<script>alert(1)</script> & \"x\""
                                        << "<p>&lt;script&gt;alert(1)&lt;/script&gt; "
                                           "&amp; &quot;x&quot;</p>";
        QTest::newRow("lone stars") << "HDR* and 2 * 3"
                                    << "<p>HDR* and 2 * 3</p>";
        QTest::newRow("escapes") << "a \\*b\\* c"
                                 << "<p>a *b* c</p>";
        QTest::newRow("list") << "- one\n- **two**\n  more\n\nafter"
                              << "<ul><li>one</li><li><strong>two</strong> more</li></ul><p>after</p>";
        QTest::newRow("ordered") << "1. first\n2. second"
                                 << "<ol><li>first</li><li>second</li></ol>";
        QTest::newRow("table") << "| | A |\n|---|---|\n| x \\| y | 1 |"
                               << "<div class=\"table\" tabindex=\"0\" role=\"region\" "
                                  "aria-label=\"Table\"><table><thead><tr><th></th><th>A</th></tr></thead><tbody><tr>"
                                  "<td>x | y</td><td>1</td></tr></tbody></table></div>";
        QTest::newRow("indented code")
            << "Text:\n\n    K = prf(a, b)\n    L = <c>\n\nEnd"
            << "<p>Text:</p><pre><code>K = prf(a, b)\nL = &lt;c&gt;\n</code></pre><p>End</p>";
        QTest::newRow("fenced code") << "```\nMM1 *\n```"
                                     << "<pre><code>MM1 *\n</code></pre>";
        QTest::newRow("glossary links only")
            << "[SPI](glossary:spi), [the **IKE SA**](glossary:ike-sa); [x](https://a.b) [y](glossary:\"z)"
            << "<p><a class=\"gl\" href=\"#g-spi\">SPI</a>, <a class=\"gl\" href=\"#g-ike-sa\">the "
               "<strong>IKE SA</strong></a>; [x](https://a.b) [y](glossary:&quot;z)</p>";
    }
    void markdown() {
        QFETCH(QString, markdown);
        QFETCH(QString, html);
        QCOMPARE(QString::fromStdString(page::markdownHtml(markdown.toStdString())), html);
    }
};

QTEST_GUILESS_MAIN(TestIllustratedLesson)
#include "tst_illustrated_lesson.moc"
