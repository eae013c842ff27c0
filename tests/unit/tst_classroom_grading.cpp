// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The class set's round trip (issue 16): a roster of 30 → a class → codes → five students answer
// lessons 3, 5 and 7 with their own seeds (right, wrong, right at the second or only the third
// attempt), one hands in an edited file, one a file naming another student → grading recomputes
// every answer and the grade sheet holds exactly the expected scores.

#include <QTest>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "TestData.h"
#include "classroom/ClassFile.h"
#include "classroom/ExpectedAnswers.h"
#include "classroom/Grader.h"
#include "classroom/Results.h"
#include "lesson/LessonLibrary.h"
#include "lesson/LessonPlayer.h"

using namespace ipseclab;
using namespace ipseclab::classroom;
using ipseclab::lesson::Question;
using ipseclab::lesson::StudentAnswer;
using ipseclab::test::errorText;

namespace {

const std::vector<std::string> kLessons = {"main-mode", "quick-mode", "esp-replay"};

const lesson::LessonFolder& shipped() {
    static const lesson::LessonFolder folder = lesson::LessonLibrary::loadFolder(
        ipseclab::test::sourceDir().toStdString() + "/lessons");
    return folder;
}

const lesson::Lesson& lessonById(const std::string& id) {
    const auto& all = shipped().lessons;
    return *std::find_if(all.begin(), all.end(), [&](const auto& l) { return l.id == id; });
}

StudentAnswer rightAnswer(const ExpectedAnswer& e) {
    const Question& q = e.question;
    switch (q.kind) {
    case Question::Kind::Choice: return {{q.answerIndex}, "", "", ""};
    case Question::Kind::MultiSelect: return {q.answerSet, "", "", ""};
    case Question::Kind::Ordering: {
        std::vector<std::size_t> order(q.choices.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        return {order, "", "", ""};
    }
    case Question::Kind::Value:
    case Question::Kind::Number: return {{}, e.answer, "", ""};
    case Question::Kind::Field: return {{}, "", q.pick.event, q.pick.field.key};
    }
    return {};
}

StudentAnswer wrongAnswer(const ExpectedAnswer& e) {
    const Question& q = e.question;
    StudentAnswer a = rightAnswer(e);
    switch (q.kind) {
    case Question::Kind::Choice: a.picks = {(q.answerIndex + 1) % q.choices.size()}; break;
    case Question::Kind::MultiSelect: a.picks.pop_back(); break;
    case Question::Kind::Ordering: std::reverse(a.picks.begin(), a.picks.end()); break;
    case Question::Kind::Value: a.typed = "wrong-value"; break;
    case Question::Kind::Number: a.typed = "987654321"; break;
    case Question::Kind::Field: a.field = "no.such.field"; break;
    }
    return a;
}

Attempt attempt(StudentAnswer answer, bool right) { return {std::move(answer), "2026-12-06T20:41:07Z", right}; }

// How a student answers the k-th question of the class (counting across lessons): the answers, in order.
enum class Plan { AllRight, Alternate, SecondTry, AllWrong };

std::vector<Attempt> attemptsFor(Plan plan, std::size_t k, const ExpectedAnswer& e) {
    const Attempt right = attempt(rightAnswer(e), true), wrong = attempt(wrongAnswer(e), false);
    switch (plan) {
    case Plan::AllRight: return {right};
    case Plan::Alternate: return {k % 2 == 0 ? right : wrong};
    // Right at the second attempt, or every third question only at the third (not counted: 2 allowed).
    case Plan::SecondTry: return k % 3 == 0 ? std::vector<Attempt>{wrong, wrong, right} : std::vector{wrong, right};
    case Plan::AllWrong: return {wrong};
    }
    return {};
}

// What the grade sheet must say for question k under the plan: counted right, right at the first try.
// A prediction counts its last attempt alone, however many there are.
std::pair<bool, bool> expectedGrade(Plan plan, std::size_t k, bool predict) {
    switch (plan) {
    case Plan::AllRight: return {true, true};
    case Plan::Alternate: return {k % 2 == 0, k % 2 == 0};
    case Plan::SecondTry: return predict ? std::pair{true, true} : std::pair{k % 3 != 0, false};
    case Plan::AllWrong: return {false, false};
    }
    return {};
}

Results play(const ClassSet& set, const Student& s, Plan plan) {
    Results r{s.code, s.id, s.name, set.classId(), "IPsec Lab test", {}};
    std::size_t k = 0;
    for (const std::string& id : set.lessons) {
        const auto expected = expectedAnswers(lessonById(id), s.seed);
        if (!expected) qFatal("%s", expected.error().message.c_str());
        for (const ExpectedAnswer& e : *expected)
            for (Attempt& a : attemptsFor(plan, k++, e)) r.record(id, e.step, std::move(a));
    }
    return r;
}

// Whether each question of the lesson, in order, is a prediction.
std::vector<bool> predictions(const lesson::Lesson& l) {
    std::vector<bool> out;
    for (const auto& step : l.steps)
        if (step.question) out.push_back(step.question->predict);
    return out;
}

// The report's line about `file`, or an empty string.
std::string lineAbout(const std::vector<std::string>& lines, const std::string& file) {
    for (const std::string& line : lines)
        if (line.rfind(file + ":", 0) == 0) return line;
    return {};
}

std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t at = 0, end; at < text.size(); at = end + 1)
        out.push_back(text.substr(at, (end = text.find('\n', at)) - at));
    return out;
}

} // namespace

class TestClassroomGrading : public QObject {
    Q_OBJECT

    ClassSet m_set;

private slots:
    void initTestCase() {
        QVERIFY(shipped().errors.empty());
        std::vector<RosterEntry> roster;
        for (int i = 1; i <= 30; ++i) {
            const std::string id = (i < 10 ? "s0" : "s") + std::to_string(i);
            roster.push_back({id, "Student " + std::to_string(i), std::size_t(i + 1)});
        }
        ClassSettings settings;
        settings.attemptsAllowed = 2;
        m_set = makeClass("Networks 2", Bytes(32, 0x42), kLessons, settings, roster);
        QCOMPARE(m_set.students.size(), std::size_t{30});
    }

    // The answer key for a seed is what the dock judges right at that seed (LessonPlayer::answer).
    void expectedAnswersAreWhatThePlayerJudgesRight() {
        const Student& s = m_set.students[7];
        for (const std::string& id : kLessons) {
            const auto expected = expectedAnswers(lessonById(id), s.seed);
            QVERIFY2(expected.has_value(), qPrintable(errorText(expected)));
            lesson::PlayerOptions options;
            options.seed = s.seed;
            auto player = lesson::LessonPlayer::create(lessonById(id), options);
            QVERIFY(player.has_value());
            std::size_t asked = 0;
            while (!(*player)->atEnd()) {
                const auto report = (*player)->advance();
                QVERIFY(report.has_value());
                if (report->reveal) QVERIFY2(report->reveal->check.right, qPrintable(QString::fromStdString(id)));
                if (!report->rendered.question) continue;
                const ExpectedAnswer& e = (*expected)[asked++];
                QCOMPARE(e.step, report->step);
                QVERIFY(judge(e, rightAnswer(e)).right);
                QVERIFY(!judge(e, wrongAnswer(e)).right);
                const auto check = (*player)->answer(report->step, rightAnswer(e));
                QVERIFY(check.has_value());
                QVERIFY2(check->right || check->pending, qPrintable(QString::fromStdString(e.questionId)));
            }
            QCOMPARE(asked, expected->size());
            QCOMPARE(asked, lessonById(id).questionCount());
        }
    }

    // Every value question the lab works out from the seed differs between two students; one the
    // scenario fixes (a subnet of its configuration) is the same for every seed, and is the stored answer.
    void seedsAndValueAnswersDifferBetweenStudents() {
        const Student &a = m_set.students[0], &b = m_set.students[1];
        QVERIFY(a.seed != b.seed);
        std::size_t differing = 0;
        for (const std::string& id : kLessons) {
            std::vector<std::vector<ExpectedAnswer>> keys;
            for (std::size_t s = 0; s < 5; ++s) {
                auto key = expectedAnswers(lessonById(id), m_set.students[s].seed);
                QVERIFY2(key.has_value(), qPrintable(errorText(key)));
                keys.push_back(std::move(*key));
            }
            for (std::size_t i = 0; i < keys[0].size(); ++i) {
                const ExpectedAnswer &ea = keys[0][i], &eb = keys[1][i];
                if (ea.question.kind != Question::Kind::Value) continue;
                const bool fixed = std::all_of(keys.begin(), keys.end(),
                                               [&](const auto& k) { return k[i].expected == ea.expected; });
                if (fixed) {
                    QCOMPARE(ea.expected, lessonById(id).steps[ea.step].question->answer);
                    continue;
                }
                ++differing;
                QVERIFY2(ea.expected != eb.expected, ea.questionId.c_str());
                QVERIFY(!judge(eb, rightAnswer(ea)).right); // a neighbour's answer is wrong here
            }
        }
        QVERIFY(differing >= 4);
    }

    void theSameClassFileReproducesCodesAndKeys() {
        const auto back = classFromJson(toJson(m_set), "class.json");
        QVERIFY2(back.has_value(), qPrintable(errorText(back)));
        QCOMPARE(back->students, m_set.students);
        const auto again = expectedAnswers(lessonById("quick-mode"), back->students[3].seed);
        const auto first = expectedAnswers(lessonById("quick-mode"), m_set.students[3].seed);
        QVERIFY(again.has_value() && first.has_value());
        QCOMPARE(again->size(), first->size());
        for (std::size_t i = 0; i < first->size(); ++i) QCOMPARE((*again)[i].answer, (*first)[i].answer);
    }

    void roundTripGradesExactly() {
        const std::map<std::string, Plan> plans = {{"s01", Plan::AllRight},
                                                   {"s02", Plan::Alternate},
                                                   {"s03", Plan::SecondTry}};
        std::vector<ResultsFile> files;
        for (const auto& [id, plan] : plans)
            files.push_back({id + ".json", toJson(play(m_set, *m_set.findById(id), plan))});
        // s02 also answered lessons the class does not have: one note, not a problem.
        Results s02 = *resultsFromJson(files[1].text, "s02.json");
        s02.record("tour", 0, attempt({{0}, "", "", ""}, true));
        s02.record("tour", 1, attempt({{0}, "", "", ""}, true));
        s02.record("basics", 0, attempt({{0}, "", "", ""}, true));
        files[1].text = toJson(s02);
        // s04 hands in a file naming s05: the code is s04's, the id another student's (s05's row says so).
        Results s04 = play(m_set, *m_set.findById("s04"), Plan::AllRight);
        s04.studentId = "s05";
        files.push_back({"s04.json", toJson(s04)});
        // s06 edits a wrong answer into another after the program sealed the file.
        std::string s06 = toJson(play(m_set, *m_set.findById("s06"), Plan::AllWrong));
        s06.replace(s06.find("wrong-value"), 11, "edited");
        files.push_back({"s06.json", s06});
        // s07 records a question twice, wrong then right, and reseals: each copy would be a first try.
        Results s07 = play(m_set, *m_set.findById("s07"), Plan::AllWrong);
        s07.questions.push_back(s07.questions.front());
        s07.questions.back().attempts = {
            attempt(rightAnswer(expectedAnswers(lessonById("main-mode"), m_set.findById("s07")->seed)->front()), true)};
        files.push_back({"s07.json", toJson(s07)});
        // s08's file is cut short: nothing in it can be read, so no row says refused.
        const std::string s08 = toJson(play(m_set, *m_set.findById("s08"), Plan::AllRight));
        files.push_back({"s08.json", s08.substr(0, s08.size() / 2)});

        const auto report = grade(m_set, shipped().lessons, files);
        QVERIFY2(report.has_value(), qPrintable(errorText(report)));
        QCOMPARE(report->notes, std::vector<std::string>{"s02.json: note: answers to lessons the class does not "
                                                         "have are not graded (basics, tour)"});
        QCOMPARE(report->problems.size(), std::size_t{4});
        QVERIFY2(report->problems[0].rfind(
                     "s04.json: the code " + m_set.findById("s04")->code + " is not the code of student s05", 0) == 0,
                 report->problems[0].c_str());
        QVERIFY2(report->problems[1].rfind("s06.json:", 0) == 0 &&
                     report->problems[1].find("the file was edited") != std::string::npos,
                 report->problems[1].c_str());
        const std::string twice = "/questions/" + std::to_string(s07.questions.size() - 1) + ": " +
                                  s07.questions.front().questionId() + " is recorded twice (also at /questions/0)";
        QVERIFY2(report->problems[2].rfind("s07.json:", 0) == 0 &&
                     report->problems[2].find(twice) != std::string::npos &&
                     report->problems[2].find("forged") != std::string::npos,
                 report->problems[2].c_str());
        QVERIFY2(report->problems[3].rfind("s08.json:", 0) == 0 &&
                     report->problems[3].find("truncated") != std::string::npos,
                 report->problems[3].c_str());
        const std::set<std::string> refused = {"s05", "s06", "s07"};

        const std::vector<std::string> lines = splitLines(gradesCsv(*report));
        QCOMPARE(lines.size(), std::size_t{31});
        std::size_t questions = 0;
        for (const std::string& id : kLessons) questions += lessonById(id).questionCount();
        for (std::size_t i = 0; i < m_set.students.size(); ++i) {
            const Student& s = m_set.students[i];
            std::string row = s.id + "," + s.name + "," + s.code + ",";
            const auto plan = plans.find(s.id);
            if (plan == plans.end()) {
                row += refused.count(s.id) ? "refused (see the report)," : "not handed in,";
                for (const std::string& id : kLessons) row += ",0/" + std::to_string(lessonById(id).questionCount());
                row += std::string(questions, ',') + ",0,0,0.0";
                QCOMPARE(lines[i + 1], row);
                continue;
            }
            row += "graded," + s.id + ".json";
            std::string cells;
            std::size_t k = 0, total = 0, firstTry = 0;
            for (const std::string& id : kLessons) {
                std::size_t score = 0;
                const std::vector<bool> predict = predictions(lessonById(id));
                for (std::size_t q = 0; q < lessonById(id).questionCount(); ++q, ++k) {
                    const auto [right, first] = expectedGrade(plan->second, k, predict[q]);
                    score += right, firstTry += first;
                    cells += right ? ",1" : ",0";
                }
                total += score;
                row += "," + std::to_string(score) + "/" + std::to_string(lessonById(id).questionCount());
            }
            char percent[16];
            std::snprintf(percent, sizeof percent, "%.1f", 100.0 * double(total) / double(questions));
            row += cells + "," + std::to_string(firstTry) + "," + std::to_string(total) + "," + percent;
            QCOMPARE(lines[i + 1], row);
        }
        // s01 all right, s03 two thirds or so: the plans really differ.
        QVERIFY(report->students[0].score() == questions && report->students[2].score() < questions);
        // s03's first tries are the predictions alone (their last attempt, right, is all that counts).
        std::size_t predicted = 0;
        for (const std::string& id : kLessons) {
            const std::vector<bool> predict = predictions(lessonById(id));
            predicted += std::size_t(std::count(predict.begin(), predict.end(), true));
        }
        QVERIFY(predicted > 0);
        QVERIFY(report->students[2].firstTry() == predicted && report->students[2].score() > predicted);
    }

    void theFilesRightIsNeverTrusted() {
        // Every attempt wrong but marked right by hand (and resealed, as anyone with the program can).
        Results r = play(m_set, m_set.students[9], Plan::AllWrong);
        for (QuestionRecord& q : r.questions)
            for (Attempt& a : q.attempts) a.right = true;
        const auto report = grade(m_set, shipped().lessons, {{"s10.json", toJson(r)}});
        QVERIFY(report.has_value());
        QVERIFY(report->problems.empty());
        QCOMPARE(report->students[9].status, std::string("graded"));
        QCOMPARE(report->students[9].score(), std::size_t{0});
    }

    // A prediction may be changed before Next as often as the student likes, each change recorded: the
    // last is what the student stood by (and what the dock judged at the reveal), whatever came before,
    // and the attempts allowed (2 here) do not apply.
    void aPredictionCountsItsLastAttemptOnly() {
        const Student& s = m_set.students[11];
        const auto expected = expectedAnswers(lessonById("esp-replay"), s.seed);
        QVERIFY2(expected.has_value(), qPrintable(errorText(expected)));
        Results r{s.code, s.id, s.name, m_set.classId(), "IPsec Lab test", {}};
        std::map<std::string, std::pair<bool, bool>> want; // question id -> right, first try
        std::size_t n = 0;
        for (const ExpectedAnswer& e : *expected) {
            if (!e.question.predict) continue;
            const Attempt right = attempt(rightAnswer(e), true), wrong = attempt(wrongAnswer(e), false);
            const std::vector<Attempt> plans[] = {{right, wrong}, {wrong, right}, {wrong, wrong, right}};
            for (const Attempt& a : plans[n % 3]) r.record("esp-replay", e.step, a);
            want[e.questionId] = n++ % 3 == 0 ? std::pair{false, false} : std::pair{true, true};
        }
        QVERIFY(n >= 3);
        const auto report = grade(m_set, shipped().lessons, {{"s12.json", toJson(r)}});
        QVERIFY(report.has_value());
        QVERIFY(report->problems.empty());
        std::size_t seen = 0;
        for (const QuestionGrade& q : report->students[11].lessons[2].questions) {
            const auto w = want.find(q.questionId);
            if (w == want.end()) {
                QVERIFY(!q.answered);
                continue;
            }
            ++seen;
            QVERIFY(q.answered);
            QVERIFY2(q.right == w->second.first && q.firstTry == w->second.second, q.questionId.c_str());
        }
        QCOMPARE(seen, n);
    }

    // Two files with one student's code: one naming the student wins over one without an id (which
    // anybody with the code could make); two alike leave the teacher to choose, and neither is graded.
    void twoFilesOfOneStudent() {
        const Student &a = m_set.students[12], &b = m_set.students[13];
        Results mine = play(m_set, a, Plan::AllWrong), forged = play(m_set, a, Plan::AllRight);
        forged.studentId.clear();
        Results first = play(m_set, b, Plan::AllRight), second = play(m_set, b, Plan::AllWrong);
        const auto report = grade(m_set, shipped().lessons,
                                  {{"forged.json", toJson(forged)},
                                   {"mine.json", toJson(mine)},
                                   {"b1.json", toJson(first)},
                                   {"b2.json", toJson(second)}});
        QVERIFY(report.has_value());
        QCOMPARE(report->students[12].status, std::string("graded"));
        QCOMPARE(report->students[12].file, std::string("mine.json"));
        QCOMPARE(report->students[12].score(), std::size_t{0});
        QCOMPARE(report->students[13].status, std::string("refused (see the report)"));
        QCOMPARE(report->students[13].file, std::string());
        QCOMPARE(report->problems.size(), std::size_t{3});
        QCOMPARE(report->problems[0], "forged.json: a second results file of student " + a.id +
                                          ", without the student id (mine.json, which names " + a.id +
                                          ", is graded; this one is not)");
        for (const char* file : {"b1.json", "b2.json"})
            QCOMPARE(lineAbout(report->problems, file), std::string(file) + ": 2 results files for student " + b.id +
                                                            " (b1.json, b2.json); none is graded, as nothing tells "
                                                            "which is theirs");
        const std::vector<std::string> lines = splitLines(gradesCsv(*report));
        QVERIFY2(lines[0].rfind("id,name,code,status,file,main-mode,", 0) == 0, lines[0].c_str());
        QVERIFY2(lines[13].rfind(a.id + "," + a.name + "," + a.code + ",graded,mine.json,", 0) == 0, lines[13].c_str());
    }

    // What a student typed into the file reaches the teacher's terminal without its control characters.
    void reportLinesCarryNoControlCharacters() {
        Results r = play(m_set, m_set.students[14], Plan::AllRight);
        r.studentId = "\x1b[2J\x1b]0;owned\x07\xc2\x9b"
                      "1m";
        const auto report = grade(m_set, shipped().lessons, {{"s15.json", toJson(r)}});
        QVERIFY(report.has_value());
        QCOMPARE(report->problems.size(), std::size_t{1});
        QVERIFY2(report->problems[0].find("student ?[2J?]0;owned??1m (") != std::string::npos,
                 report->problems[0].c_str());
    }

    void unknownCodeAndOtherClassAreReported() {
        const ClassSet other = makeClass("Other", Bytes(32, 0x43), kLessons, {}, {{"s01", "Somebody", 2}});
        Results foreign = play(other, other.students[0], Plan::AllRight);
        Results typed = foreign;
        typed.classId.clear(); // the code typed without a card
        const auto report = grade(m_set, shipped().lessons, {{"a.json", toJson(foreign)}, {"b.json", toJson(typed)}});
        QVERIFY(report.has_value());
        QCOMPARE(report->problems.size(), std::size_t{2});
        QVERIFY2(report->problems[0].rfind("a.json: the file is from another class", 0) == 0,
                 report->problems[0].c_str());
        QCOMPARE(report->problems[1], "b.json: the code " + other.students[0].code + " is not a code of this class");
        // b.json, without a class id, names s01 of this roster: their row says so. a.json names a
        // student of another class's roster, none of this one.
        QCOMPARE(report->students[0].status, std::string("refused (see the report)"));
        for (std::size_t i = 1; i < report->students.size(); ++i)
            QCOMPARE(report->students[i].status, std::string("not handed in"));
        const auto onlyForeign = grade(m_set, shipped().lessons, {{"a.json", toJson(foreign)}});
        QVERIFY(onlyForeign.has_value());
        for (const StudentGrade& g : onlyForeign->students) QCOMPARE(g.status, std::string("not handed in"));
    }

    void moodleCsvHasIdNumberLessonsAndTotal() {
        const auto report = grade(m_set, shipped().lessons,
                                  {{"s01.json", toJson(play(m_set, m_set.students[0], Plan::AllRight))}});
        QVERIFY(report.has_value());
        const std::vector<std::string> lines = splitLines(moodleCsv(*report));
        QCOMPARE(lines.size(), std::size_t{31});
        QCOMPARE(lines[0], std::string("ID number,main-mode,quick-mode,esp-replay,Total"));
        const std::size_t total = lessonById("main-mode").questionCount() + lessonById("quick-mode").questionCount() +
                                  lessonById("esp-replay").questionCount();
        QCOMPARE(lines[1], "s01," + std::to_string(lessonById("main-mode").questionCount()) + "," +
                               std::to_string(lessonById("quick-mode").questionCount()) + "," +
                               std::to_string(lessonById("esp-replay").questionCount()) + "," + std::to_string(total));
        QCOMPARE(lines[2], std::string("s02,,,,"));
    }
};

QTEST_GUILESS_MAIN(TestClassroomGrading)
#include "tst_classroom_grading.moc"
