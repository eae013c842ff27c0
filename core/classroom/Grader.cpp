// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "classroom/Grader.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>

#include "classroom/Csv.h"
#include "classroom/ExpectedAnswers.h"
#include "classroom/LabCode.h"
#include "classroom/Results.h"

namespace ipseclab::classroom {

namespace {

using LessonsById = std::map<std::string, const lesson::Lesson*>;

// A question's place in a student's grades: (lesson, step) -> its QuestionGrade.
QuestionGrade* gradeOf(StudentGrade& g, const std::string& lesson, std::size_t step) {
    const std::string id = lesson + "/" + std::to_string(step + 1);
    for (LessonGrade& l : g.lessons)
        if (l.lesson == lesson)
            for (QuestionGrade& q : l.questions)
                if (q.questionId == id) return &q;
    return nullptr;
}

// Every question of the class's lessons, none answered.
std::vector<LessonGrade> blankGrades(const ClassSet& set, const LessonsById& lessons) {
    std::vector<LessonGrade> out;
    for (const std::string& id : set.lessons) {
        LessonGrade g{id, {}};
        const lesson::Lesson& l = *lessons.at(id);
        for (std::size_t s = 0; s < l.steps.size(); ++s)
            if (l.steps[s].question) g.questions.push_back({id + "/" + std::to_string(s + 1), false, false, false});
        out.push_back(std::move(g));
    }
    return out;
}

// The student a results file belongs to, or the reason it is refused.
Result<const Student*> ownerOf(const ClassSet& set, const Results& r) {
    const Student* s = set.findByCode(r.code);
    if (!r.classId.empty() && r.classId != set.classId())
        return fail("the file is from another class (class id " + r.classId + "; this class is " + set.classId() + ")");
    if (!s) return fail("the code " + r.code + " is not a code of this class");
    if (!r.studentId.empty() && r.studentId != s->id)
        return fail("the code " + r.code + " is not the code of student " + r.studentId +
                    " (the code's seed belongs to another student of the class)");
    return s;
}

// Judges the record's attempts against the recomputed answer: the first `allowed` count.
void judgeRecord(QuestionGrade& grade, const ExpectedAnswer& expected, const QuestionRecord& record,
                 std::optional<std::uint32_t> allowed) {
    const std::size_t counted = std::min<std::size_t>(record.attempts.size(), allowed.value_or(UINT32_MAX));
    for (std::size_t a = 0; a < counted; ++a) {
        grade.answered = true;
        if (!judge(expected, record.attempts[a].answer).right) continue;
        grade.right = true;
        if (a == 0) grade.firstTry = true;
    }
}

// Grades one student's results; what cannot be graded is a line of `problems`.
void gradeResults(StudentGrade& g, const ClassSet& set, const LessonsById& lessons, const Results& r,
                  const std::string& file, std::vector<std::string>& problems) {
    std::map<std::string, std::vector<ExpectedAnswer>> expected; // by lesson, for this seed
    for (const std::string& id : set.lessons) {
        auto answers = expectedAnswers(*lessons.at(id), g.student.seed);
        if (!answers) {
            problems.push_back(file + ": lesson " + id + " cannot be graded: " + answers.error().message);
            continue;
        }
        expected[id] = std::move(*answers);
    }
    for (std::size_t i = 0; i < r.questions.size(); ++i) {
        const QuestionRecord& record = r.questions[i];
        const std::string where = file + ": /questions/" + std::to_string(i) + ": ";
        if (std::find(set.lessons.begin(), set.lessons.end(), record.lesson) == set.lessons.end()) {
            problems.push_back(where + "lesson " + record.lesson + " is not a lesson of this class (not graded)");
            continue;
        }
        const auto& list = expected[record.lesson];
        const auto e = std::find_if(list.begin(), list.end(),
                                    [&](const ExpectedAnswer& x) { return x.step == record.step; });
        QuestionGrade* grade = gradeOf(g, record.lesson, record.step);
        if (e == list.end() || !grade) {
            if (!list.empty() || !grade)
                problems.push_back(where + "step " + std::to_string(record.step + 1) + " of lesson " + record.lesson +
                                   " asks no question (not graded)");
            continue;
        }
        judgeRecord(*grade, *e, record, set.settings.attemptsAllowed);
    }
}

std::string percent(std::size_t part, std::size_t whole) {
    char text[16];
    std::snprintf(text, sizeof text, "%.1f", whole ? 100.0 * double(part) / double(whole) : 0.0);
    return text;
}

} // namespace

std::size_t LessonGrade::score() const {
    return std::size_t(std::count_if(questions.begin(), questions.end(), [](const auto& q) { return q.right; }));
}
std::size_t LessonGrade::firstTry() const {
    return std::size_t(std::count_if(questions.begin(), questions.end(), [](const auto& q) { return q.firstTry; }));
}
std::size_t StudentGrade::score() const {
    std::size_t n = 0;
    for (const LessonGrade& l : lessons) n += l.score();
    return n;
}
std::size_t StudentGrade::firstTry() const {
    std::size_t n = 0;
    for (const LessonGrade& l : lessons) n += l.firstTry();
    return n;
}
std::size_t StudentGrade::questionCount() const {
    std::size_t n = 0;
    for (const LessonGrade& l : lessons) n += l.questions.size();
    return n;
}

Result<GradeReport> grade(const ClassSet& set, const std::vector<lesson::Lesson>& lessons,
                          const std::vector<ResultsFile>& files) {
    LessonsById byId;
    for (const std::string& id : set.lessons) {
        const auto found = std::find_if(lessons.begin(), lessons.end(), [&](const auto& l) { return l.id == id; });
        if (found == lessons.end()) return fail("the class's lesson " + id + " is not among the lessons loaded");
        byId[id] = &*found;
    }
    GradeReport report;
    for (const Student& s : set.students)
        report.students.push_back(StudentGrade{s, "not handed in", {}, blankGrades(set, byId)});
    const auto rowOf = [&](const Student& s) -> StudentGrade& {
        return report.students[std::size_t(&s - set.students.data())];
    };
    for (const ResultsFile& file : files) {
        auto results = resultsFromJson(file.text, file.name);
        if (!results) {
            report.problems.push_back(results.error().message);
            continue;
        }
        auto owner = ownerOf(set, *results);
        if (!owner) {
            report.problems.push_back(file.name + ": " + owner.error().message);
            if (const Student* s = set.findByCode(results->code); s && rowOf(*s).file.empty())
                rowOf(*s).status = "refused (see the report)";
            continue;
        }
        StudentGrade& row = rowOf(**owner);
        if (!row.file.empty()) {
            report.problems.push_back(file.name + ": a second results file of student " + row.student.id + " (" +
                                      row.file + " is graded, this one is not)");
            continue;
        }
        row.status = "graded";
        row.file = file.name;
        gradeResults(row, set, byId, *results, file.name, report.problems);
    }
    return report;
}

std::string gradesCsv(const GradeReport& report) {
    std::vector<std::string> header = {"id", "name", "code", "status"};
    if (!report.students.empty()) {
        const auto& lessons = report.students.front().lessons;
        for (const LessonGrade& l : lessons) header.push_back(l.lesson);
        for (const LessonGrade& l : lessons)
            for (const QuestionGrade& q : l.questions) header.push_back(q.questionId);
    }
    for (const char* column : {"first-try", "total", "percent"}) header.push_back(column);
    std::string out = csvLine(header);
    for (const StudentGrade& g : report.students) {
        const bool graded = !g.file.empty();
        std::vector<std::string> row = {g.student.id, g.student.name, g.student.code, g.status};
        for (const LessonGrade& l : g.lessons)
            row.push_back(std::to_string(l.score()) + "/" + std::to_string(l.questions.size()));
        for (const LessonGrade& l : g.lessons)
            for (const QuestionGrade& q : l.questions) row.push_back(graded ? (q.right ? "1" : "0") : "");
        row.push_back(std::to_string(g.firstTry()));
        row.push_back(std::to_string(g.score()));
        row.push_back(percent(g.score(), g.questionCount()));
        out += csvLine(row);
    }
    return out;
}

std::string moodleCsv(const GradeReport& report) {
    std::vector<std::string> header = {"ID number"};
    if (!report.students.empty())
        for (const LessonGrade& l : report.students.front().lessons) header.push_back(l.lesson);
    header.push_back("Total");
    std::string out = csvLine(header);
    for (const StudentGrade& g : report.students) {
        const bool graded = !g.file.empty();
        std::vector<std::string> row = {g.student.id};
        for (const LessonGrade& l : g.lessons) row.push_back(graded ? std::to_string(l.score()) : "");
        row.push_back(graded ? std::to_string(g.score()) : "");
        out += csvLine(row);
    }
    return out;
}

} // namespace ipseclab::classroom
