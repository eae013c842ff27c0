// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The question kinds beyond choice and value (lesson/QuestionKinds.h), over a real lab: multi-select,
// ordering, number (checked by the lab: a replay window's edge, an ESP packet's overhead), field
// (picked in the packet inspector) and predict-then-observe; feedback per choice; choices shuffled
// the same for the same seed; the validator's errors for each kind and its warnings for lessons
// whose right answers share a position or are always the longest choice.

#include <QFile>
#include <QTest>

#include <algorithm>
#include <numeric>
#include <set>
#include <string>

#include "TestData.h"
#include "lesson/Answer.h"
#include "lesson/LessonLoader.h"
#include "lesson/LessonPlayer.h"
#include "lesson/LessonValidator.h"
#include "lesson/QuestionOrder.h"

using namespace ipseclab;
using namespace ipseclab::lesson;

namespace {

// Every kind, over main-quick with seed 1 (also a seed of the lesson loader's fuzz corpus).
std::string kindsLesson() {
    QFile f(test::sourceDir() + "/tests/data/lesson-question-kinds.json");
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read lesson-question-kinds.json");
    return f.readAll().toStdString();
}

Lesson load(const std::string& text) {
    auto l = LessonLoader::fromJson(text, "kinds.json");
    if (!l) qFatal("%s", l.error().toString().c_str());
    return *l;
}

std::unique_ptr<LessonPlayer> player(PlayerOptions options = {}) {
    auto p = LessonPlayer::create(load(kindsLesson()), options);
    if (!p) qFatal("%s", p.error().message.c_str());
    return std::move(*p);
}

StudentAnswer picks(std::vector<std::size_t> p) { return StudentAnswer{std::move(p), {}, {}, {}}; }

// A lesson of `steps` (JSON objects) over main-quick; the load error's "key: problem", or "" if it loads.
std::string loadError(const std::string& steps) {
    const std::string text =
        R"({ "format": 1, "id": "v", "title": "t", "goals": ["g"], "scenario": "main-quick", "seed": 1, "steps": [)" +
        steps + "] }";
    auto l = LessonLoader::fromJson(text, "v.json");
    return l ? std::string() : l.error().key + ": " + l.error().problem;
}

std::vector<LessonError> warningsOf(const std::string& steps) {
    const std::string text = R"({ "format": 1, "id": "w", "title": "t", "goals": ["g"], "steps": [)" + steps + "] }";
    auto l = LessonLoader::fromJson(text, "w.json");
    if (!l) qFatal("%s", l.error().toString().c_str());
    return l->warnings;
}

std::string choiceStep(const std::string& choices, int answer) {
    return R"({ "text": "t", "question": { "kind": "choice", "prompt": "p", "choices": )" + choices +
           R"(, "answer": )" + std::to_string(answer) + R"(, "feedback": { "right": "r", "wrong": "w" } } })";
}

} // namespace

class TestLessonQuestions : public QObject {
    Q_OBJECT

private slots:
    void kindsLoad() {
        const Lesson l = load(kindsLesson());
        QCOMPARE(l.steps[0].question->kind, Question::Kind::Ordering);
        QCOMPARE(l.steps[1].question->kind, Question::Kind::MultiSelect);
        QCOMPARE(l.steps[1].question->answerSet, (std::vector<std::size_t>{0, 2}));
        QCOMPARE(l.steps[1].question->choiceFeedback[1], std::string("The PSK goes into SKEYID, not out of it."));
        QVERIFY(l.steps[1].question->choiceFeedback[0].empty());
        QCOMPARE(l.steps[2].question->pick.field.key, std::string("isakmp.messageid"));
        QCOMPARE(l.steps[3].question->from->kind, ValueSource::Kind::Overhead);
        QVERIFY(l.steps[4].question->predict);
        QCOMPARE(l.steps[4].question->from->kind, ValueSource::Kind::Window);
        QVERIFY(LessonValidator::play(l).empty());
    }

    void orderingJudged() {
        auto p = player();
        QVERIFY(p->advance().has_value());
        auto wrong = p->answer(0, picks({1, 0, 2, 3}));
        QVERIFY(wrong && !wrong->right);
        QCOMPARE(wrong->feedback, std::string("not in order"));
        QVERIFY(!p->answer(0, picks({0, 1, 2})).value().right); // one missing
        auto right = p->answer(0, picks({0, 1, 2, 3}));
        QVERIFY(right && right->right);
        QCOMPARE(*p->rightAnswer(0),
                 std::string("MM1: proposals → MM3: KE and nonce → MM5: identity and HASH_I → QM1: Quick Mode"));
    }

    void multiSelectJudgedWithPerChoiceFeedback() {
        auto p = player();
        QVERIFY(p->goTo(1).has_value());
        auto missing = p->answer(1, picks({0}));
        QVERIFY(missing && !missing->right);
        QCOMPARE(missing->feedback, std::string("not quite")); // nothing wrong ticked: the question's own
        auto trap = p->answer(1, picks({0, 2, 1}));
        QVERIFY(trap && !trap->right);
        QCOMPARE(trap->feedback, std::string("The PSK goes into SKEYID, not out of it."));
        auto right = p->answer(1, picks({2, 0}));
        QVERIFY(right && right->right);
        QCOMPARE(*p->rightAnswer(1), std::string("SKEYID_d; SKEYID_e"));
        QVERIFY(!p->answer(1, picks({9})).has_value()); // no such choice
    }

    void fieldPickedByEventAndKey() {
        auto p = player();
        QVERIFY(p->goTo(2).has_value());
        QVERIFY(!p->answer(2, StudentAnswer{{}, {}, "A.QM1.sent", "isakmp.spi"})->right);
        QVERIFY(!p->answer(2, StudentAnswer{{}, {}, "A.MM1.sent", "isakmp.messageid"})->right); // another message's
        QVERIFY(p->answer(2, StudentAnswer{{}, {}, "A.QM1.sent", "isakmp.messageid"})->right);
        QCOMPARE(*p->rightAnswer(2), std::string("A.QM1.sent: isakmp.messageid"));
    }

    void numberFromTheLab() {
        auto p = player();
        QVERIFY(p->goTo(3).has_value());
        // AES-128-CBC + HMAC-SHA1-96 around an 84-byte echo request: SPI 4, sequence 4, IV 16, 84 + 10
        // padding + pad length + next header = 96, ICV 12: 4 + 4 + 16 + 10 + 2 + 12 = 48.
        QCOMPARE(p->reports()[3].expected, std::optional<std::string>("48"));
        QVERIFY(!p->answerValue(3, "47")->right);
        QVERIFY(!p->answerValue(3, "bytes")->right);
        QVERIFY(p->answerValue(3, " 48 bytes")->right);
    }

    // A prediction is noted, not judged; the next step judges it with the lab's value, and then it
    // is closed. Replaying the lesson (Back) does not count it twice.
    void predictionRevealedByTheNextStep() {
        auto p = player();
        QVERIFY(p->goTo(4).has_value());
        QVERIFY(!p->reports()[4].expected.has_value()); // not worked out before the lab shows it
        auto noted = p->answer(4, StudentAnswer{{}, "2", {}, {}});
        QVERIFY(noted && noted->pending && !noted->right);
        QCOMPARE(p->progress().steps[4].attempts, 0u);
        auto changed = p->answer(4, StudentAnswer{{}, "3", {}, {}}); // a change of mind before stepping
        QVERIFY(changed && changed->pending);
        auto next = p->advance();
        QVERIFY(next.has_value());
        QVERIFY(next->reveal.has_value());
        QCOMPARE(next->reveal->step, std::size_t(4));
        QVERIFY(next->reveal->answered && next->reveal->check.right);
        QCOMPARE(next->reveal->check.feedback, std::string("it moved to 3"));
        QCOMPARE(next->reveal->rightAnswer, std::string("3"));
        QCOMPARE(p->reports()[4].expected, std::optional<std::string>("3"));
        QCOMPARE(p->progress().steps[4].attempts, 1u);
        QVERIFY(p->progress().steps[4].right);
        QVERIFY(!p->answer(4, StudentAnswer{{}, "9", {}, {}}).has_value()); // closed once revealed
        QVERIFY(p->goTo(3).has_value());
        QVERIFY(p->goTo(5).has_value());
        QCOMPARE(p->progress().steps[4].attempts, 1u);

        // No prediction: the reveal says so, with the wrong feedback and the answer.
        auto silent = player();
        QVERIFY(silent->goTo(5).has_value());
        const auto& reveal = silent->reports()[5].reveal;
        QVERIFY(reveal && !reveal->answered && !reveal->check.right);
        QCOMPARE(reveal->rightAnswer, std::string("3"));
        // It counts as a wrong prediction, and the answer shown closes the question: Back, then a
        // "prediction" of what the lab showed is refused.
        QCOMPARE(silent->progress().steps[4].attempts, 1u);
        QVERIFY(!silent->progress().steps[4].right);
        QVERIFY(silent->goTo(4).has_value());
        QVERIFY(!silent->answer(4, StudentAnswer{{}, "3", {}, {}}).has_value());
    }

    void choiceFeedbackNamesTheMisconception() {
        auto p = player();
        QVERIFY(p->goTo(5).has_value());
        QCOMPARE(p->answerChoice(5, 1)->feedback, std::string("bb is a trap"));
        QCOMPARE(p->answerChoice(5, 0)->feedback, std::string("no")); // no feedback of its own
        QVERIFY(p->answerChoice(5, 2)->right);
    }

    // The same lesson, step and seed: the same order, every time and in every player; other seeds
    // give other orders; every order is a permutation; an ordering is never shown in order.
    void shuffleIsDeterministicPerSeed() {
        const Lesson l = load(kindsLesson());
        const Question& q = *l.steps[5].question;
        std::set<std::vector<std::size_t>> seen;
        for (std::uint64_t seed : {1ULL, 2ULL, 3ULL, 7ULL, 12345ULL, 99ULL, 1000ULL}) {
            const auto order = shownOrder(l.id, 5, seed, q);
            QCOMPARE(order, shownOrder(l.id, 5, seed, q));
            std::vector<std::size_t> sorted = order;
            std::sort(sorted.begin(), sorted.end());
            QCOMPARE(sorted, (std::vector<std::size_t>{0, 1, 2}));
            seen.insert(order);
            PlayerOptions options;
            options.seed = seed;
            auto p = player(options);
            QCOMPARE(p->shownOrder(5), order);
        }
        QVERIFY2(seen.size() > 1, "seven seeds all gave one order");
        // The step and the lesson count too: not every question of a lesson on one seed is shuffled alike.
        std::set<std::vector<std::size_t>> bySteps, byLessons;
        for (std::size_t step = 0; step < 12; ++step) bySteps.insert(shownOrder(l.id, step, 1, q));
        for (const char* id : {"a", "b", "c", "d", "e", "f", "g", "h"}) byLessons.insert(shownOrder(id, 5, 1, q));
        QVERIFY(bySteps.size() > 1);
        QVERIFY(byLessons.size() > 1);
        const Question& ordering = *l.steps[0].question;
        for (std::uint64_t seed = 0; seed < 200; ++seed) {
            const auto order = shownOrder(l.id, 0, seed, ordering);
            QVERIFY2(!std::is_sorted(order.begin(), order.end()),
                     qPrintable(QString("seed %1 shows the ordering in order").arg(seed)));
        }
        QVERIFY(shownOrder(l.id, 4, 1, *l.steps[4].question).empty()); // a number has no choices
        QCOMPARE(choiceLetter(0), std::string("A"));
        QCOMPARE(choiceLetter(2), std::string("C"));
    }

    void validatorErrors_data() {
        QTest::addColumn<QString>("steps");
        QTest::addColumn<QString>("error");
        const auto q = [](const std::string& body) {
            return QString::fromStdString(
                R"({ "anchor": "B.MM1.received", "text": "t", "question": { "prompt": "p", "feedback": { "right": "r", "wrong": "w" }, )" +
                body + " } }, { \"text\": \"after\" }");
        };
        QTest::newRow("unknown kind") << q(R"("kind": "essay", "answer": 1)")
                                      << "/steps/0/question/kind: \"essay\" is not a question kind";
        QTest::newRow("multi: all right") << q(R"("kind": "multi-select", "choices": ["a", "b"], "answer": [0, 1])")
                                          << "/steps/0/question/answer: every choice is right";
        QTest::newRow("multi: twice") << q(R"("kind": "multi-select", "choices": ["a", "b", "c"], "answer": [1, 1])")
                                      << "/steps/0/question/answer: a choice is listed twice";
        QTest::newRow("multi: not a list") << q(R"("kind": "multi-select", "choices": ["a", "b", "c"], "answer": 1)")
                                           << "/steps/0/question/answer: expected the right choices' indexes";
        QTest::newRow("multi: out of range")
            << q(R"("kind": "multi-select", "choices": ["a", "b", "c"], "answer": [0, 3])")
            << "/steps/0/question/answer/1: 3 is out of range (0 to 2)";
        QTest::newRow("ordering: answer") << q(R"("kind": "ordering", "choices": ["a", "b", "c"], "answer": 0)")
                                          << "/steps/0/question/answer: not for a question of kind ordering";
        QTest::newRow("ordering: two items") << q(R"("kind": "ordering", "choices": ["a", "b"])")
                                             << "/steps/0/question/choices: expected 3 to 10 choices";
        QTest::newRow("ordering: same items") << q(R"("kind": "ordering", "choices": ["a", "b", "a"])")
                                              << "/steps/0/question/choices: two items are the same";
        QTest::newRow("choice: feedback key")
            << q(R"("kind": "choice", "choices": ["a", { "text": "b", "why": "x" }], "answer": 0)")
            << "/steps/0/question/choices/1/why: unknown key";
        QTest::newRow("number: no from") << q(R"("kind": "number", "answer": 4)")
                                         << "/steps/0/question/from: missing (required for a question of kind number)";
        QTest::newRow("number: hex source")
            << q(R"("kind": "number", "answer": 4, "from": { "derived": "B.SKEYID_a", "length": 1 })")
            << "/steps/0/question/from: a number question needs a number";
        QTest::newRow("number: not a number") << q(R"("kind": "number", "answer": "b4", "from": { "window": "A2B" })")
                                              << "/steps/0/question/answer: \"b4\" is not a whole number";
        QTest::newRow("window: bad SA") << q(R"("kind": "number", "answer": 4, "from": { "window": "A-to-B" })")
                                        << "/steps/0/question/from/window: \"A-to-B\" is not an SA name";
        QTest::newRow("overhead: bad id") << q(R"("kind": "number", "answer": 4, "from": { "overhead": "ESP A2B" })")
                                          << "/steps/0/question/from/overhead: \"ESP A2B\" is not an event id";
        QTest::newRow("window: with as")
            << q(R"("kind": "number", "answer": 4, "from": { "window": "A2B", "as": "hex" })")
            << "/steps/0/question/from/as: only for derived and event values";
        QTest::newRow("field: no pick") << q(R"("kind": "field")")
                                        << "/steps/0/question/pick: missing (required for a question of kind field)";
        QTest::newRow("field: answer")
            << q(R"("kind": "field", "answer": "x", "pick": { "event": "A.QM1.sent", "field": "isakmp.messageid" })")
            << "/steps/0/question/answer: not for a question of kind field";
        QTest::newRow("field: bad event")
            << q(R"("kind": "field", "pick": { "event": "QM1 sent", "field": "isakmp.messageid" })")
            << "/steps/0/question/pick/event: \"QM1 sent\" is not an event id";
        QTest::newRow("field: highlighted")
            << QString(
                   R"({ "anchor": "A.QM1.sent", "text": "t", "highlight": [ { "event": "A.QM1.sent" }, { "event": "A.QM1.sent", "field": "isakmp.messageid" } ],
                "question": { "kind": "field", "prompt": "p", "pick": { "event": "A.QM1.sent", "field": "isakmp.messageid" }, "feedback": { "right": "r", "wrong": "w" } } })")
            << "/steps/0/highlight/1: highlights the field the question asks to find (isakmp.messageid)";
        QTest::newRow("field: no key") << q(R"("kind": "field", "pick": { "event": "A.QM1.sent" })")
                                       << "/steps/0/question/pick/field: missing (required)";
        QTest::newRow("predict: value")
            << q(R"("kind": "value", "answer": "x", "predict": true)")
            << "/steps/0/question/predict: a prediction is a choice, multi-select, ordering or number question";
        QTest::newRow("predict: last step")
            << QString(
                   R"({ "text": "t", "question": { "kind": "choice", "predict": true, "prompt": "p", "choices": ["a", "b"], "answer": 1, "feedback": { "right": "r", "wrong": "w" } } })")
            << "/steps/0/question/predict: a prediction is revealed by the next step, and this is the last step";
        QTest::newRow("predict: a new lab next")
            << QString(
                   R"({ "text": "t", "question": { "kind": "choice", "predict": true, "prompt": "p", "choices": ["a", "b"], "answer": 1, "feedback": { "right": "r", "wrong": "w" } } },
                { "text": "u", "scenario": "main-quick", "seed": 2 })")
            << "/steps/0/question/predict: the next step starts a new lab";
        QTest::newRow("field: an occurrence")
            << q(R"("kind": "field", "pick": { "event": "A.QM1.sent", "field": "isakmp.messageid", "index": 2 })")
            << "/steps/0/question/pick/index: unknown key";
    }

    void validatorErrors() {
        QFETCH(QString, steps);
        QFETCH(QString, error);
        const std::string got = loadError(steps.toStdString());
        QVERIFY2(QString::fromStdString(got).startsWith(error), got.c_str());
    }

    void fieldQuestionNeedsALab() {
        const std::string text = R"({ "format": 1, "id": "r", "title": "t", "goals": ["g"], "steps": [
            { "text": "t", "question": { "kind": "field", "prompt": "p", "pick": { "event": "A.QM1.sent", "field": "isakmp.messageid" },
                                         "feedback": { "right": "r", "wrong": "w" } } } ] })";
        auto l = LessonLoader::fromJson(text, "r.json");
        QVERIFY(!l);
        QCOMPARE(QString::fromStdString(l.error().key), QString("/steps/0/question/pick"));
        QVERIFY(l.error().problem.find("a field question needs a lab") == 0);
    }

    // The validator plays the lesson: a number's stored answer that the lab contradicts is an error.
    void wrongStoredNumberIsAProblem() {
        std::string text = kindsLesson();
        text.replace(text.find("\"answer\": 48"), 12, "\"answer\": 40");
        const auto problems = LessonValidator::play(load(text));
        QCOMPARE(problems.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(problems[0].key), QString("/steps/3/question/answer"));
        QVERIFY(problems[0].problem.find("the lesson says \"40\" but the lab shows \"48\"") == 0);
    }

    void warnings() {
        // All right answers at index 0: warned, at the first choice question's answer.
        auto atZero = warningsOf(choiceStep(R"(["a long right one", "b"])", 0) + "," + choiceStep(R"(["x", "yy"])", 0));
        QCOMPARE(atZero.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(atZero[0].key), QString("/steps/0/question/answer"));
        QVERIFY2(atZero[0].problem.find("the right answers of all 2 choice questions are at the same position (0)") !=
                     std::string::npos,
                 atZero[0].problem.c_str());
        // The right one always the longest (at different positions): warned.
        auto longest = warningsOf(choiceStep(R"(["a long right one", "b"])", 0) + "," +
                                  choiceStep(R"(["x", "the longest"])", 1));
        QCOMPARE(longest.size(), std::size_t(1));
        QVERIFY2(longest[0].problem.find("the right choice is the longest") != std::string::npos,
                 longest[0].problem.c_str());
        // Both at once: two warnings.
        QCOMPARE(warningsOf(choiceStep(R"(["right and long", "b"])", 0) + "," +
                            choiceStep(R"(["also longest", "y"])", 0))
                     .size(),
                 std::size_t(2));
        // Spread over positions and lengths: none; one choice question alone: none.
        QVERIFY(warningsOf(choiceStep(R"(["a", "bbbbbb"])", 0) + "," + choiceStep(R"(["x", "yy", "z"])", 1)).empty());
        QVERIFY(warningsOf(choiceStep(R"(["the right one", "b"])", 0)).empty());
        // A tie for the longest is not "the longest".
        QVERIFY(warningsOf(choiceStep(R"(["aa", "bb"])", 0) + "," + choiceStep(R"(["x", "yy"])", 1)).size() ==
                std::size_t(0));
    }
};

QTEST_APPLESS_MAIN(TestLessonQuestions)
#include "tst_lesson_questions.moc"
