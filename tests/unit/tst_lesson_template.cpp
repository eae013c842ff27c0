// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Lessons right for every seed (issue 15): the {{template}} grammar of lesson texts, SAs named by
// role (A.KEYMAT.ESP.A2B, {{spi:B2A}}) resolved to the SPIs of the seed being played and checked
// against the SPIs on the wire, and what does not resolve is an error naming the lesson, the step
// and the reference — in the validator, the player (no stored answer judged instead) and the
// headless runner (exit status 1).

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <sstream>

#include "TestData.h"
#include "base/Bytes.h"
#include "lab/HeadlessRunner.h"
#include "lesson/LessonLoader.h"
#include "lesson/LessonPlayer.h"
#include "lesson/LessonRunner.h"
#include "lesson/LessonTemplate.h"
#include "lesson/LessonValidator.h"
#include "lesson/SaRoles.h"

using namespace ipseclab;
using namespace ipseclab::lesson;

namespace {

// Quick Mode done, then the first echo request on each SA: the SPIs a template quotes must be the
// ones the ESP packets carry.
const char* kLesson = R"({
  "format": 1,
  "id": "template-test",
  "title": "Template test",
  "goals": ["Quote what the lab shows"],
  "scenario": "main-quick",
  "seed": 1,
  "steps": [
    { "anchor": "A.QM.established",
      "text": ["A→B uses {{spi:A2B}}, B→A uses {{spi:B2A}}.", "M-ID {{field:A.QM1.sent/isakmp.messageid:hex}}."],
      "highlight": [ { "key": "A.KEYMAT.ESP.A2B" }, { "key": "A.KEYMAT.ESP.B2A" } ],
      "question": { "kind": "value", "prompt": "First byte of the A→B KEYMAT?", "answer": "3b",
                    "from": { "derived": "A.KEYMAT.ESP.A2B", "offset": 0, "length": 1 },
                    "feedback": { "right": "yes: {{key:A.KEYMAT.ESP.A2B:first-byte}}", "wrong": "it starts {{key:A.KEYMAT.ESP.A2B:bytes=0+2}}" } } },
    { "anchor": "ESP.B2A.seq1.verdict", "text": "both ways",
      "question": { "kind": "choice", "prompt": "Which SPI names B→A?", "choices": ["{{spi:B2A}}", "{{spi:A2B}}"], "answer": 0,
                    "feedback": { "right": "yes", "wrong": "no" } } }
  ]
})";

Lesson load(const std::string& text) {
    auto l = LessonLoader::fromJson(text, "template-test.json");
    if (!l) qFatal("%s", l.error().toString().c_str());
    return *l;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    if (at == std::string::npos) qFatal("no %s in the lesson", from.c_str());
    return text.replace(at, from.size(), to);
}

// The SPI an ESP packet carries on the wire: its first four bytes.
std::string wireSpi(const lab::Timeline& timeline, const std::string& event) {
    ValueSource spi;
    spi.kind = ValueSource::Kind::Event;
    spi.id = event;
    spi.length = 4;
    const auto hex = valueOf(spi, &timeline, nullptr);
    return hex ? "0x" + *hex : "(" + hex.error().message + ")";
}

} // namespace

class TestLessonTemplate : public QObject {
    Q_OBJECT

private slots:
    void grammar() {
        const auto found = findTemplates(
            "a {{spi:B2A#2}} b {{key:B.SKEYID_a:first-byte}} c {{field:A.QM1.sent/isakmp.id.data.ipv4_addr#2}} "
            "{{event:ESP.A2B.seq1.sent:bytes=4+4:number}} {{field:A.MM1.sent/isakmp.nonce:length}}");
        QVERIFY2(found.has_value(), qPrintable(test::errorText(found)));
        QCOMPARE(found->size(), std::size_t(5));
        const auto& t = *found;
        QCOMPARE(t[0].written, std::string("{{spi:B2A#2}}"));
        QCOMPARE(t[0].begin, std::size_t(2));
        QCOMPARE(t[0].sa, std::optional<std::string>("B2A#2"));
        QCOMPARE(t[1].source.kind, ValueSource::Kind::Derived);
        QCOMPARE(t[1].source.id, std::string("B.SKEYID_a"));
        QCOMPARE(t[1].source.length, std::optional<std::size_t>(1));
        QCOMPARE(t[1].source.render, ValueSource::Render::Hex);
        QCOMPARE(t[2].source.kind, ValueSource::Kind::Event);
        QCOMPARE(t[2].source.id, std::string("A.QM1.sent"));
        QCOMPARE(t[2].source.field.key, std::string("isakmp.id.data.ipv4_addr"));
        QCOMPARE(t[2].source.field.index, std::size_t(2));
        QCOMPARE(t[2].source.render, ValueSource::Render::Value); // a field reads as its text
        QCOMPARE(t[3].source.offset, std::size_t(4));
        QCOMPARE(t[3].source.length, std::optional<std::size_t>(4));
        QCOMPARE(t[3].source.render, ValueSource::Render::Number);
        QCOMPARE(t[4].source.render, ValueSource::Render::Length);
        QVERIFY(findTemplates("no template, {single} braces")->empty());

        const std::pair<const char*, const char*> broken[] = {
            {"{{spi:A2B", "\"{{\" without \"}}\""},
            {"{{spi:C2D}}", "{{spi:C2D}}: \"C2D\" is not an SA role"},
            {"{{spi:A2B#0}}", "is not an SA role"},
            {"{{spi:A2B:hex}}", "takes no options"},
            {"{{spy:A2B}}", "unknown kind \"spy\""},
            {"{{key}}", "a template is {{kind:reference}}"},
            {"{{field:A.QM1.sent}}", "a field is EVENT/KEY"},
            {"{{field:A.QM1.sent/isakmp.spi#0}}", "is not an occurrence"},
            {"{{key:B.SKEYID_a:bytes=1}}", "unknown option \"bytes=1\""},
            {"{{key:B.SKEYID_a:upper}}", "unknown option \"upper\""},
        };
        for (const auto& [text, problem] : broken) {
            const auto bad = findTemplates(text);
            QVERIFY2(!bad.has_value(), text);
            QVERIFY2(bad.error().message.find(problem) != std::string::npos, bad.error().message.c_str());
        }
    }

    void saRoles() {
        QVERIFY(parseSaRole("A2B") && parseSaRole("A2B")->aToB && parseSaRole("A2B")->pair == 1);
        QVERIFY(parseSaRole("B2A#3") && !parseSaRole("B2A#3")->aToB && parseSaRole("B2A#3")->pair == 3);
        for (const char* bad : {"", "A2C", "A2B#", "A2B#x", "A2B#0", "A-to-B", "a2b"}) QVERIFY2(!parseSaRole(bad), bad);
        const auto role = parseKeymatId("A.KEYMAT.ESP.A2B");
        QVERIFY(role && role->site == 'A' && role->protocol == "ESP" && role->sa == "A2B");
        const auto engine = parseKeymatId("B.QM#2.KEYMAT.AH.0x1234abcd");
        QVERIFY(engine && engine->site == 'B' && engine->protocol == "AH" && engine->sa == "0x1234abcd");
        QVERIFY(!parseKeymatId("B.SKEYID_a"));
        QVERIFY(!parseKeymatId("B.NOTKEYMAT.ESP.A2B"));
    }

    // The same lesson for three seeds: every template, role id and value is this seed's, as the
    // wire shows it.
    void everySeedGetsItsOwnValues() {
        const Lesson lesson = load(kLesson);
        QVERIFY(LessonValidator::check(lesson).empty());
        QVERIFY(LessonValidator::play(lesson).empty());
        for (const std::uint64_t seed : {1ull, 7ull, 12345ull}) {
            auto p = LessonPlayer::create(lesson, PlayerOptions{seed, 200000});
            QVERIFY((*p)->playToEnd().has_value());
            const std::string where = "seed " + std::to_string(seed);
            for (const StepReport& r : (*p)->reports())
                QVERIFY2(r.problems.empty(),
                         (where + ": " + (r.problems.empty() ? "" : r.problems.front().message)).c_str());
            const lab::Timeline& t = (*p)->lab()->timeline();
            const std::string a2b = wireSpi(t, "ESP.A2B.seq1.sent"), b2a = wireSpi(t, "ESP.B2A.seq1.sent");
            const StepReport& keys = (*p)->reports()[0];
            ValueSource messageId;
            messageId.kind = ValueSource::Kind::Event;
            messageId.id = "A.QM1.sent";
            messageId.field.key = "isakmp.messageid";
            const std::string mid = *valueOf(messageId, &t, nullptr);
            QCOMPARE(QString::fromStdString(keys.rendered.text),
                     QString::fromStdString("A→B uses " + a2b + ", B→A uses " + b2a + ".\nM-ID " + mid + "."));
            // The role ids resolve to the engine's KEYMAT of that SPI.
            QCOMPARE(QString::fromStdString(t.at(*keys.highlights[0].eventIndex).id),
                     QString::fromStdString("A.KEYMAT.ESP." + a2b));
            QCOMPARE(QString::fromStdString(t.at(*keys.highlights[1].eventIndex).id),
                     QString::fromStdString("A.KEYMAT.ESP." + b2a));
            QCOMPARE(QString::fromStdString(*resolveRoleId(t, "B.KEYMAT.ESP.A2B")),
                     QString::fromStdString("B.KEYMAT.ESP." + a2b));
            // The answer and the feedback come from this lab, and the right answer is judged right.
            const std::string firstByte = *keys.expected;
            QCOMPARE(keys.rendered.question->feedback.right, "yes: " + firstByte);
            QVERIFY(keys.rendered.question->feedback.wrong.rfind("it starts " + firstByte, 0) == 0);
            QVERIFY((*p)->answerValue(0, firstByte)->right);
            if (seed != 1) QVERIFY2(firstByte != "3b" || a2b != "0xc6744e7c", where.c_str());
            // A choice's text, and the answer key's right answer, name this seed's SPI.
            QCOMPARE((*p)->reports()[1].rendered.question->choices[0], b2a);
            QCOMPARE(*(*p)->rightAnswer(1), b2a);
            QCOMPARE((*p)->answerChoice(1, 0)->right, true);
        }
    }

    // A template or a role id that this seed's lab does not show is an error naming the step and
    // the reference: the validator and the player report it, a value question is not judged
    // against its stored answer, and the headless runner exits 1.
    void unresolvedReferencesAreErrors() {
        // A second pair of SAs never exists in this lab; SKEYID_x never anywhere.
        std::string text = replaced(kLesson, "\"derived\": \"A.KEYMAT.ESP.A2B\"",
                                    "\"derived\": \"A.KEYMAT.ESP.A2B#2\"");
        text = replaced(text, "\"text\": \"both ways\"", "\"text\": \"both ways, {{key:A.SKEYID_x}}\"");
        text = replaced(text, "\"choices\": [\"{{spi:B2A}}\"", "\"choices\": [\"{{spi:B2A#2}}\"");
        const Lesson lesson = load(text);
        QVERIFY(LessonValidator::check(lesson).empty()); // well-formed: only playing finds them
        const auto problems = LessonValidator::play(lesson);
        QStringList all;
        for (const LessonError& e : problems) all << QString::fromStdString(e.toString());
        QCOMPARE(problems.size(), std::size_t(3));
        QCOMPARE(QString::fromStdString(problems[0].key), QString("/steps/0/question/from"));
        QVERIFY2(all[0].contains("Site A has no pair #2 (A2B#2) on the timeline"), qPrintable(all[0]));
        QCOMPARE(QString::fromStdString(problems[1].key), QString("/steps/1/text"));
        QVERIFY2(all[1].contains("{{key:A.SKEYID_x}}: no derived value A.SKEYID_x") && all[1].contains("seed 1"),
                 qPrintable(all[1]));
        QCOMPARE(QString::fromStdString(problems[2].key), QString("/steps/1/question/choices/0"));
        QVERIFY2(all[2].contains("{{spi:B2A#2}}: no site has pair #2 (B2A#2)"), qPrintable(all[2]));
        for (const LessonError& e : problems) QVERIFY2(e.line.has_value(), e.toString().c_str());

        // No fallback: the stored answer is not the answer of a lab that does not show one.
        auto p = LessonPlayer::create(lesson);
        QVERIFY((*p)->playToEnd().has_value());
        QVERIFY(!(*p)->reports()[0].expected.has_value());
        QVERIFY(!(*p)->answerValue(0, "3b").has_value());
        QVERIFY(!(*p)->rightAnswer(0).has_value());
        QVERIFY((*p)->reports()[1].rendered.text.find("{{key:A.SKEYID_x}}") != std::string::npos); // left as written

        QTemporaryDir dir;
        const std::string file = dir.filePath("broken.json").toStdString();
        std::ofstream(file) << text;
        for (const std::optional<std::uint64_t> seed :
             {std::optional<std::uint64_t>(), std::optional<std::uint64_t>(7)}) {
            std::ostringstream out, err;
            QCOMPARE(runLessonHeadless({file, std::nullopt, seed}, out, err), lab::kExitNotAsDesigned);
            const QString errors = QString::fromStdString(err.str());
            QVERIFY2(errors.contains(QString::fromStdString(file) + ":") &&
                         errors.contains("key /steps/1/text: {{key:A.SKEYID_x}}") &&
                         errors.contains("key /steps/0/question/from:"),
                     qPrintable(errors));
            QVERIFY(QString::fromStdString(out.str()).contains("3 references did not resolve"));
        }
        std::ostringstream out, err;
        const std::string good = dir.filePath("good.json").toStdString();
        std::ofstream(good) << kLesson;
        QCOMPARE(runLessonHeadless({good, std::nullopt, 7}, out, err), lab::kExitAsDesigned);
        QVERIFY2(err.str().empty(), err.str().c_str());
    }

    // A template quoting what the step does not show yet is as unresolved as a wrong one.
    void templatesKeepToWhatTheStepShows() {
        const std::string text = replaced(kLesson, "\"anchor\": \"A.QM.established\"", "\"anchor\": \"QM2.delivered\"");
        auto p = LessonPlayer::create(load(text));
        QVERIFY((*p)->goTo(0).has_value());
        const StepReport& r = (*p)->reports()[0];
        QVERIFY(!r.problems.empty());
        QCOMPARE(QString::fromStdString(r.problems[0].field), QString("/steps/0/highlight/0"));
        bool spi = false;
        for (const Error& e : r.problems)
            spi = spi || (e.field == "/steps/0/text" &&
                          e.message.find("{{spi:A2B}}: no site has the first pair of SAs (A2B) yet at this step") !=
                              std::string::npos);
        QVERIFY(spi);
    }

    // A template needs a lab at its step; the loader refuses it in a reading part.
    void templateInAReadingStep() {
        const auto l = LessonLoader::fromJson(R"({"format":1,"id":"r","title":"r","goals":["r"],
            "steps":[{"text":"SPI {{spi:A2B}}"}]})",
                                              "reading.json");
        QVERIFY(!l.has_value());
        QCOMPARE(QString::fromStdString(l.error().key), QString("/steps/0/text"));
        QVERIFY2(l.error().problem.find("{{spi:A2B}}: a lab value needs a lab") != std::string::npos,
                 l.error().problem.c_str());
    }
};

QTEST_APPLESS_MAIN(TestLessonTemplate)
#include "tst_lesson_template.moc"
