// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// LessonPlayer over a real lab: anchors reached (exact and prefix), actions applied, highlights
// resolved to timeline indexes, values worked out from the lab, answers judged (case, spaces,
// 0x), progress kept and serialised, stepping back by replay, a teacher's seed, and the errors
// that name the lesson key. LessonValidator::play is checked to catch a wrong stored answer.

#include <QTest>

#include <string>

#include "lab/BuiltinScenarios.h"
#include "lesson/LessonLoader.h"
#include "lesson/LessonPlayer.h"
#include "lesson/LessonValidator.h"

using namespace ipseclab;
using namespace ipseclab::lesson;

namespace {

const char* kLesson = R"({
  "format": 1,
  "id": "player-test",
  "title": "Player test",
  "goals": ["Exercise the player"],
  "scenario": "main-quick",
  "seed": 1,
  "steps": [
    { "text": "reading first" },
    { "anchor": "B.MM1.received", "text": "MM1",
      "highlight": [ { "event": "A.MM1.sent", "field": "isakmp.ike.attr" },
                     { "event": "B.MM1.received" } ],
      "question": { "kind": "choice", "prompt": "Which message carries KE?", "choices": ["MM1", "MM3"], "answer": 1,
                    "feedback": { "right": "good", "wrong": "look again" } } },
    { "anchor": "B.SKEYID_a", "text": "SKEYID_a",
      "highlight": [ { "key": "B.SKEYID_a" } ],
      "question": { "kind": "value", "prompt": "First byte of SKEYID_a?", "answer": "b4",
                    "from": { "derived": "B.SKEYID_a", "offset": 0, "length": 1 },
                    "feedback": { "right": "yes", "wrong": "no" } } },
    { "anchor": "ESP.A2B.seq2.verdict", "text": "window", "highlight": [ { "window": "A2B" } ],
      "actions": [ { "traffic": 2 } ] },
    { "anchor": "ESP.A2B.seq*", "text": "the next A2B event after the last anchor" },
    { "anchor": "ESP.A2B.seq5.verdict", "text": "carried by the extra traffic",
      "question": { "kind": "value", "prompt": "SPI of A2B?", "answer": "c6744e7c",
                    "from": { "event": "ESP.A2B.seq5.sent", "offset": 0, "length": 4 },
                    "feedback": { "right": "yes", "wrong": "no" } } }
  ]
})";

Lesson load(const std::string& text) {
    auto l = LessonLoader::fromJson(text, "player-test.json");
    if (!l) qFatal("%s", l.error().toString().c_str());
    return *l;
}

std::unique_ptr<LessonPlayer> player(const std::string& text = kLesson, PlayerOptions options = {}) {
    auto p = LessonPlayer::create(load(text), options);
    if (!p) qFatal("%s", p.error().message.c_str());
    return std::move(*p);
}

} // namespace

class TestLessonPlayer : public QObject {
    Q_OBJECT

private slots:
    // The traffic action in words names who pings: host A in tunnel mode, gateway A in transport
    // mode (where the gateways are the echoes' endpoints).
    void trafficActionNamesWhoPings() {
        const Lesson l = load(kLesson);
        const StepAction& traffic = l.steps[3].actions.at(0);
        QCOMPARE(traffic.kind, StepAction::Kind::Traffic);
        QCOMPARE(traffic.sentence(), std::string("Host A sends 2 more echo requests."));
        auto transport = lab::builtinScenario("transport");
        QVERIFY(transport && transport->gatewaysTalk());
        QCOMPARE(traffic.sentence(transport->gatewaysTalk()), std::string("Gateway A sends 2 more echo requests."));
    }

    void readingStepNeedsNoAnchor() {
        auto p = player();
        QVERIFY(!p->currentStep().has_value());
        auto r = p->advance();
        QVERIFY(r.has_value());
        QVERIFY(r->newLab);
        QVERIFY(!r->anchorIndex.has_value());
        QCOMPARE(p->currentStep(), std::optional<std::size_t>(0));
        QVERIFY(p->lab() != nullptr);
    }

    void anchorsHighlightsAndValues() {
        auto p = player();
        QVERIFY(p->playToEnd().has_value());
        QVERIFY(p->atEnd());
        const auto& reports = p->reports();
        const lab::Timeline& t = p->lab()->timeline();

        // Step 1: the anchor is on the timeline at the reported index, and the field resolves to its annotation.
        QCOMPARE(QString::fromStdString(t.at(*reports[1].anchorIndex).id), QString("B.MM1.received"));
        const ResolvedHighlight& field = reports[1].highlights[0];
        QVERIFY2(field.resolved(), field.problem.c_str());
        QCOMPARE(QString::fromStdString(t.at(*field.eventIndex).id), QString("A.MM1.sent"));
        QCOMPARE(QString::fromStdString(field.field->value), QString("AES-CBC (7)"));
        QCOMPARE(field.field->offset, std::size_t(56));
        QCOMPARE(field.field->length, std::size_t(4));
        QVERIFY(!field.inPlaintext);
        QCOMPARE(QString::fromStdString(t.at(*reports[1].highlights[1].eventIndex).id), QString("B.MM1.received"));

        // Step 2: the key node, and the value as the lab computed it.
        QCOMPARE(QString::fromStdString(t.at(*reports[2].highlights[0].eventIndex).id), QString("B.SKEYID_a"));
        QCOMPARE(reports[2].expected, std::optional<std::string>("b4"));

        // Step 3: the window as it stood at the anchor, although the lab ran on since.
        QCOMPARE(reports[3].highlights[0].eventIndex, reports[3].anchorIndex);
        QCOMPARE(reports[3].actions.size(), std::size_t(1));

        // Step 4: a prefix anchor takes the first match after the latest anchor.
        QCOMPARE(QString::fromStdString(reports[4].anchorId), QString("ESP.A2B.seq3.sent"));
        QVERIFY(*reports[4].anchorIndex > *reports[3].anchorIndex);

        // Step 5: only the traffic action's extra echo requests carry packet 5.
        QCOMPARE(reports[5].expected, std::optional<std::string>("c6744e7c"));
        for (const StepReport& r : reports)
            QVERIFY2(r.problems.empty(), r.problems.empty() ? "" : r.problems[0].message.c_str());
    }

    // A field named by key and index: the nth occurrence, and its text as a value.
    void fieldByKeyAndIndex() {
        std::string text = kLesson;
        const std::string byKey = R"({ "event": "A.MM1.sent", "field": "isakmp.ike.attr" })";
        text.replace(text.find(byKey), byKey.size(),
                     R"({ "event": "A.MM1.sent", "field": "isakmp.ike.attr", "index": 3 })");
        auto p = player(text);
        QVERIFY(p->playToEnd().has_value());
        const ResolvedHighlight& third = p->reports()[1].highlights[0];
        QVERIFY2(third.resolved(), third.problem.c_str());
        QCOMPARE(QString::fromStdString(third.field->key), QString("isakmp.ike.attr"));
        QCOMPARE(third.field->offset, std::size_t(56 + 4 + 4)); // after two TV attributes
        QVERIFY(third.field->path.find("Transform#1/") != std::string::npos);
        QVERIFY(p->lesson().warnings.empty());

        text.replace(text.find("\"index\": 3"), 10, "\"index\": 99");
        auto missing = player(text);
        QVERIFY(missing->playToEnd().has_value());
        QCOMPARE(QString::fromStdString(missing->reports()[1].highlights[0].problem),
                 QString("A.MM1.sent has no field isakmp.ike.attr #99"));
    }

    // The form before keys, a field's annotation path, still loads for one release, resolves to the
    // same field, and warns naming the lesson, the step and the path.
    void legacyPathStillReadWithAWarning() {
        std::string text = kLesson;
        const std::string byKey = R"({ "event": "A.MM1.sent", "field": "isakmp.ike.attr" })";
        text.replace(text.find(byKey), byKey.size(),
                     "{ \"field\": { \"event\": \"A.MM1.sent\", \"path\": \"SA/Proposal#1/Transform#1/Encryption "
                     "Algorithm\" } }");
        const Lesson lesson = load(text);
        QCOMPARE(lesson.warnings.size(), std::size_t(1));
        const LessonError& w = lesson.warnings[0];
        QCOMPARE(QString::fromStdString(w.key), QString("/steps/1/highlight/0/field/path"));
        QCOMPARE(w.line, std::optional<std::size_t>(11));
        for (const char* part : {"deprecated", "lesson player-test, step 2",
                                 "\"SA/Proposal#1/Transform#1/Encryption Algorithm\"", "\"field\": \"isakmp.nonce\""})
            QVERIFY2(w.problem.find(part) != std::string::npos, w.toString().c_str());
        auto p = player(text);
        QVERIFY(p->playToEnd().has_value());
        const ResolvedHighlight& field = p->reports()[1].highlights[0];
        QVERIFY2(field.resolved(), field.problem.c_str());
        QCOMPARE(QString::fromStdString(field.field->value), QString("AES-CBC (7)"));
        QCOMPARE(field.field->offset, std::size_t(56));

        // A value's path likewise.
        std::string value = kLesson;
        const std::string from = "\"from\": { \"event\": \"ESP.A2B.seq5.sent\", \"offset\": 0, \"length\": 4 }";
        value.replace(value.find(from), from.size(),
                      "\"from\": { \"event\": \"A.MM1.sent\", \"path\": \"ISAKMP Header/Initiator Cookie\", \"as\": "
                      "\"hex\", \"length\": 4 }");
        const Lesson valued = load(value);
        QCOMPARE(valued.warnings.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(valued.warnings[0].key), QString("/steps/5/question/from/path"));
    }

    void answersAndProgress() {
        auto p = player();
        QVERIFY(!p->answerValue(2, "b4").has_value()); // not reached yet
        QVERIFY(p->goTo(2).has_value());

        auto wrongChoice = p->answerChoice(1, 0);
        QVERIFY(wrongChoice && !wrongChoice->right);
        QCOMPARE(QString::fromStdString(wrongChoice->feedback), QString("look again"));
        auto rightChoice = p->answerChoice(1, 1);
        QVERIFY(rightChoice && rightChoice->right);
        QCOMPARE(QString::fromStdString(rightChoice->feedback), QString("good"));

        for (const char* typed : {"B4", " b 4 ", "0xB4"}) {
            auto check = p->answerValue(2, typed);
            QVERIFY2(check && check->right, typed);
            QCOMPARE(QString::fromStdString(check->feedback), QString("yes"));
        }
        auto wrong = p->answerValue(2, "b5");
        QVERIFY(wrong && !wrong->right);
        QCOMPARE(QString::fromStdString(wrong->feedback), QString("no"));
        QVERIFY(!p->answerValue(1, "b4").has_value()); // a choice question takes an index
        QVERIFY(!p->answerChoice(1, 7).has_value());   // no such choice
        QCOMPARE(*p->rightAnswer(1), std::string("MM3"));
        QCOMPARE(*p->rightAnswer(2), std::string("b4"));

        const LessonProgress& progress = p->progress();
        QCOMPARE(progress.currentStep, std::size_t(2));
        QCOMPARE(progress.reachedCount(), std::size_t(3));
        QCOMPARE(progress.steps[1].attempts, 2u);
        QVERIFY(progress.steps[1].right);
        QCOMPARE(progress.steps[2].attempts, 4u);
        QVERIFY(progress.steps[2].right);
        QCOMPARE(progress.rightCount(), std::size_t(2));
        QVERIFY(!progress.steps[3].reached);

        // The GUI keeps it as JSON and gets the same progress back.
        const auto again = LessonProgress::fromJson(progress.toJson());
        QVERIFY(again.has_value());
        QCOMPARE(*again, progress);
        QCOMPARE(QString::fromStdString(again->lessonId), QString("player-test"));
    }

    void progressJsonRejectsNonsense() {
        QVERIFY(!LessonProgress::fromJson("not json").has_value());
        QVERIFY(!LessonProgress::fromJson(R"({"lesson": 1, "current": 0, "steps": []})").has_value());
        const auto bad = LessonProgress::fromJson(R"({"lesson": "x", "current": 0, "steps": [{"reached": true}]})");
        QVERIFY(!bad.has_value());
        QCOMPARE(QString::fromStdString(bad.error().field), QString("/steps/0/answered"));
        QVERIFY(
            !LessonProgress::fromJson(
                 R"({"lesson": "x", "current": 5, "steps": [{"reached": true, "answered": false, "right": false, "attempts": 0}]})")
                 .has_value());
    }

    // Stepping back rebuilds the lab from scenario and seed: the same anchors at the same indexes.
    void goBackReplaysIdentically() {
        auto p = player();
        QVERIFY(p->goTo(5).has_value());
        const std::size_t anchorOfStep2 = *p->reports()[2].anchorIndex;
        const std::size_t events = p->lab()->timeline().size();
        QVERIFY(p->answerChoice(1, 1).has_value());
        QVERIFY(p->goTo(2).has_value());
        QCOMPARE(p->reports().size(), std::size_t(3));
        QCOMPARE(*p->reports()[2].anchorIndex, anchorOfStep2);
        QVERIFY(p->lab()->timeline().size() < events);
        QVERIFY(p->progress().steps[1].right); // answers survive the replay
        QVERIFY(p->goTo(5).has_value());
        QCOMPARE(p->lab()->timeline().size(), events);
    }

    // A teacher's seed: the lab's values change, and answers are judged against them.
    void teacherSeed() {
        PlayerOptions options;
        options.seed = 2;
        auto p = player(kLesson, options);
        QVERIFY(p->goTo(2).has_value());
        QCOMPARE(p->lab()->seed(), std::uint64_t(2));
        const std::string value = *p->reports()[2].expected;
        QCOMPARE(value.size(), std::size_t(2));
        auto own = p->answerValue(2, value);
        QVERIFY(own && own->right);
        if (value != "b4") QVERIFY(!p->answerValue(2, "b4")->right);
    }

    void unreachableAnchorNamesTheKey() {
        std::string text = kLesson;
        text.replace(text.find("\"ESP.A2B.seq5.verdict\""), 22, "\"ESP.A2B.seq9.verdict\"");
        PlayerOptions options;
        options.maxLabSteps = 2000;
        auto p = player(text, options);
        const auto done = p->playToEnd();
        QVERIFY(!done.has_value());
        QCOMPARE(QString::fromStdString(done.error().field), QString("/steps/5/anchor"));
        QVERIFY2(done.error().message.find("ESP.A2B.seq9.verdict") != std::string::npos, done.error().message.c_str());
        QCOMPARE(p->reports().size(), std::size_t(5)); // still on the step before
    }

    // A step stops at its anchor: it shows the events up to it, although the lab step that made the
    // anchor made more (Site B's answer to MM1), and a highlight or value beyond it is a problem
    // naming the key, as a student could not select it.
    void stepsStopAtTheirAnchors() {
        std::string text = kLesson;
        text.replace(text.find("{ \"event\": \"B.MM1.received\" }"), 29, "{ \"event\": \"B.MM2.sent\" }");
        auto p = player(text);
        QVERIFY(p->goTo(0).has_value());
        QVERIFY(p->lab()->timeline().size() > 0);
        QCOMPARE(p->reports()[0].shownEvents, p->lab()->timeline().size()); // a new lab shows how it starts
        QVERIFY(p->goTo(1).has_value());
        const StepReport& mm1 = p->reports()[1];
        QCOMPARE(mm1.shownEvents, *mm1.anchorIndex + 1);
        const lab::Timeline& t = p->lab()->timeline();
        QVERIFY2(t.size() > mm1.shownEvents, "the lab step that delivered MM1 also sent MM2");
        QVERIFY(t.find("B.MM2.sent")->index >= mm1.shownEvents);
        QVERIFY(mm1.highlights[0].resolved()); // A.MM1.sent: before the anchor
        QVERIFY(!mm1.highlights[1].resolved());
        QCOMPARE(mm1.problems.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(mm1.problems[0].field), QString("/steps/1/highlight/1"));
        QVERIFY2(mm1.problems[0].message.find("beyond what the step shows") != std::string::npos,
                 mm1.problems[0].message.c_str());

        // The next step shows everything up to its own anchor, the held-back events included.
        QVERIFY(p->goTo(2).has_value());
        QCOMPARE(p->reports()[2].shownEvents, *p->reports()[2].anchorIndex + 1);
        QVERIFY(p->reports()[2].shownEvents > t.find("B.MM2.sent")->index);
    }

    void validatorCatchesAWrongStoredAnswer() {
        std::string text = kLesson;
        text.replace(text.find("\"answer\": \"b4\""), 14, "\"answer\": \"00\"");
        const Lesson lesson = load(text);
        const auto problems = LessonValidator::play(lesson);
        QCOMPARE(problems.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(problems[0].key), QString("/steps/2/question/answer"));
        QVERIFY(problems[0].line.has_value());
        QVERIFY2(problems[0].problem.find("the lab shows \"b4\" for seed 1") != std::string::npos,
                 problems[0].problem.c_str());
        QVERIFY(LessonValidator::play(load(kLesson)).empty());
    }

    void labSetupPerStep() {
        const Lesson lesson = load(R"({
          "format": 1, "id": "two-labs", "title": "Two labs", "goals": ["Switch"], "seed": 3,
          "steps": [
            { "text": "reading" },
            { "scenario": "main-quick", "anchor": "MM1.delivered", "text": "one" },
            { "scenario": "aggressive", "seed": 7, "anchor": "AM1.delivered", "text": "two" },
            { "anchor": "AM2.delivered", "text": "still two" }
          ]})");
        QVERIFY(!LessonPlayer::labSetup(lesson, 0).has_value());
        const auto one = LessonPlayer::labSetup(lesson, 1);
        QVERIFY(one.has_value());
        QCOMPARE(one->firstStep, std::size_t(1));
        QCOMPARE(QString::fromStdString(one->scenario.name), QString("main-quick"));
        QCOMPARE(one->options.seed, std::optional<std::uint64_t>(3));
        const auto two = LessonPlayer::labSetup(lesson, 3);
        QCOMPARE(two->firstStep, std::size_t(2));
        QCOMPARE(QString::fromStdString(two->scenario.name), QString("aggressive"));
        QCOMPARE(two->options.seed, std::optional<std::uint64_t>(7));

        auto p = LessonPlayer::create(lesson);
        QVERIFY(p.has_value());
        QVERIFY((*p)->playToEnd().has_value());
        QVERIFY((*p)->reports()[2].newLab);
        QVERIFY(!(*p)->reports()[3].newLab);
        QCOMPARE((*p)->lab()->seed(), std::uint64_t(7));
    }
};

QTEST_APPLESS_MAIN(TestLessonPlayer)
#include "tst_lesson_player.moc"
