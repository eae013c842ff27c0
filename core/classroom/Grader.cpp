// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "classroom/Grader.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

#include "classroom/ClassLessons.h"
#include "classroom/Csv.h"
#include "classroom/ExpectedAnswers.h"
#include "classroom/LabCode.h"
#include "classroom/Results.h"

namespace ipseclab::classroom {

namespace {

using LessonsById = std::map<std::string, const lesson::Lesson*>;

constexpr const char* kRefused = "refused (see the report)";

// A results file that passed the checks, and where it is among the files given.
struct HandedIn {
    std::size_t file = 0;
    Results results;
};

// A question's place in a student's grades: (lesson, step) -> its QuestionGrade.
QuestionGrade* gradeOf(StudentGrade& g, const std::string& lesson, std::size_t step) {
    const std::string id = questionId(lesson, step);
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
            if (l.steps[s].question) g.questions.push_back({questionId(id, s), false, false, false});
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

// The student whose row a refused file concerns: the one it names by id, else its code's, read
// without trusting the file. A file of another class names another roster's students: none.
const Student* claimedStudent(const ClassSet& set, std::string_view text) {
    const ResultsClaim claim = claimOf(text);
    if (!claim.classId.empty() && claim.classId != set.classId()) return nullptr;
    if (const Student* s = set.findById(claim.studentId)) return s;
    return set.findByCode(claim.code);
}

// Judges the record's attempts against the recomputed answer. A prediction may be changed before
// Next as often as the student likes, each change recorded: only the last counts, the one they
// stood by and the dock judged at the reveal. Otherwise the first `allowed` attempts count.
void judgeRecord(QuestionGrade& grade, const ExpectedAnswer& expected, const QuestionRecord& record,
                 std::optional<std::uint32_t> allowed) {
    if (record.attempts.empty()) return;
    grade.answered = true;
    if (expected.question.predict) {
        grade.right = grade.firstTry = judge(expected, record.attempts.back().answer).right;
        return;
    }
    const std::size_t counted = std::min<std::size_t>(record.attempts.size(), allowed.value_or(UINT32_MAX));
    for (std::size_t a = 0; a < counted; ++a) {
        if (!judge(expected, record.attempts[a].answer).right) continue;
        grade.right = true;
        if (a == 0) grade.firstTry = true;
    }
}

// Grades one student's results; what cannot be graded is a line of `problems`, records of lessons
// the class does not have (a student exploring) one line of `notes`.
void gradeResults(StudentGrade& g, const ClassSet& set, const LessonsById& lessons, const Results& r,
                  const std::string& file, std::vector<std::string>& problems, std::vector<std::string>& notes) {
    std::map<std::string, std::vector<ExpectedAnswer>> expected; // by lesson, for this seed
    for (const std::string& id : set.lessons) {
        auto answers = expectedAnswers(*lessons.at(id), g.student.seed);
        if (!answers) {
            problems.push_back(file + ": lesson " + id + " cannot be graded: " + answers.error().message);
            continue;
        }
        expected[id] = std::move(*answers);
    }
    std::set<std::string> otherLessons;
    for (std::size_t i = 0; i < r.questions.size(); ++i) {
        const QuestionRecord& record = r.questions[i];
        if (std::find(set.lessons.begin(), set.lessons.end(), record.lesson) == set.lessons.end()) {
            otherLessons.insert(record.lesson);
            continue;
        }
        const auto& list = expected[record.lesson];
        const auto e = std::find_if(list.begin(), list.end(),
                                    [&](const ExpectedAnswer& x) { return x.step == record.step; });
        QuestionGrade* grade = gradeOf(g, record.lesson, record.step);
        if (e == list.end() || !grade) {
            if (!list.empty() || !grade)
                problems.push_back(file + ": /questions/" + std::to_string(i) + ": step " +
                                   std::to_string(record.step + 1) + " of lesson " + record.lesson +
                                   " asks no question (not graded)");
            continue;
        }
        judgeRecord(*grade, *e, record, set.settings.attemptsAllowed);
    }
    if (otherLessons.empty()) return;
    std::string names;
    for (const std::string& id : otherLessons) names += (names.empty() ? "" : ", ") + id;
    notes.push_back(file + ": note: answers to lessons the class does not have are not graded (" + names + ")");
}

// Of the files handed in with a student's code, the one to grade; none when two or more could be
// theirs. A file without a student id may be anybody's who has the code (typed in without the
// card), so one naming the student wins over it; two naming them, or two naming nobody, leave the
// teacher to choose.
const HandedIn* chosenFile(const std::vector<HandedIn>& handedIn, const Student& student,
                           const std::vector<ResultsFile>& files, std::vector<std::vector<std::string>>& problems) {
    if (handedIn.size() <= 1) return handedIn.empty() ? nullptr : &handedIn.front();
    std::vector<const HandedIn*> naming;
    std::string all;
    for (const HandedIn& h : handedIn) {
        if (h.results.studentId == student.id) naming.push_back(&h);
        all += (all.empty() ? "" : ", ") + files[h.file].name;
    }
    const HandedIn* chosen = naming.size() == 1 ? naming.front() : nullptr;
    for (const HandedIn& h : handedIn) {
        if (&h == chosen) continue;
        problems[h.file].push_back(chosen ? files[h.file].name + ": a second results file of student " + student.id +
                                                ", without the student id (" + files[chosen->file].name +
                                                ", which names " + student.id + ", is graded; this one is not)"
                                          : files[h.file].name + ": " + std::to_string(handedIn.size()) +
                                                " results files for student " + student.id + " (" + all +
                                                "); none is graded, as nothing tells which is theirs");
    }
    return chosen;
}

// Report lines go to the teacher's terminal: a control character a student put into the file
// (an escape sequence) is shown as '?', never sent (C0, DEL, and C1 as UTF-8 encodes it).
std::string printable(const std::string& line) {
    std::string out;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const auto c = static_cast<unsigned char>(line[i]);
        const bool c1 = c == 0xC2 && i + 1 < line.size() && (static_cast<unsigned char>(line[i + 1]) & 0xE0) == 0x80;
        if (c < 0x20 || c == 0x7F || c1) {
            out += '?';
            i += c1;
        } else {
            out += line[i];
        }
    }
    return out;
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
    const auto found = classLessons(set, lessons);
    if (!found) return tl::unexpected(found.error());
    LessonsById byId;
    for (const lesson::Lesson* l : *found) byId[l->id] = l;
    GradeReport report;
    for (const Student& s : set.students)
        report.students.push_back(StudentGrade{s, "not handed in", {}, blankGrades(set, byId)});
    std::vector<std::vector<std::string>> problems(files.size());     // each file's, reported in the files' order
    std::vector<std::vector<HandedIn>> handedIn(set.students.size()); // by the roster's index
    for (std::size_t f = 0; f < files.size(); ++f) {
        auto results = resultsFromJson(files[f].text, files[f].name);
        const auto owner = results ? ownerOf(set, *results) : Result<const Student*>(tl::unexpected(results.error()));
        if (!owner) {
            problems[f].push_back(results ? files[f].name + ": " + owner.error().message : owner.error().message);
            if (const Student* s = claimedStudent(set, files[f].text))
                report.students[std::size_t(s - set.students.data())].status = kRefused;
            continue;
        }
        handedIn[std::size_t(*owner - set.students.data())].push_back({f, std::move(*results)});
    }
    for (std::size_t s = 0; s < set.students.size(); ++s) {
        StudentGrade& row = report.students[s];
        const HandedIn* chosen = chosenFile(handedIn[s], set.students[s], files, problems);
        if (!chosen) {
            if (!handedIn[s].empty()) row.status = kRefused;
            continue;
        }
        row.status = "graded";
        row.file = files[chosen->file].name;
        gradeResults(row, set, byId, chosen->results, row.file, problems[chosen->file], report.notes);
    }
    for (const auto& lines : problems)
        for (const std::string& line : lines) report.problems.push_back(printable(line));
    for (std::string& note : report.notes) note = printable(note);
    return report;
}

std::string gradesCsv(const GradeReport& report) {
    std::vector<std::string> header = {"id", "name", "code", "status", "file"};
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
        std::vector<std::string> row = {g.student.id, g.student.name, g.student.code, g.status, g.file};
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
