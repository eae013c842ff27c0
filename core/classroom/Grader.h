// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Grading a class's results files (docs/class-files.md) without trusting what a student could type
// into one: the seal, the code, the class and the student are checked, every expected answer is
// worked out again from the student's seed (ExpectedAnswers.h), and every recorded attempt judged
// again; the file's own "right" is never read. Only the first `attemptsAllowed` attempts count.
//
// A bad file is a line of the report ("FILE: problem") and grades nothing; the other students are
// graded all the same. Every student of the roster gets a row, whether they handed in or not.

#include <cstddef>
#include <string>
#include <vector>

#include "base/Error.h"
#include "classroom/ClassFile.h"
#include "lesson/Lesson.h"

namespace ipseclab::classroom {

struct ResultsFile {
    std::string name; // as the report names it (the path given)
    std::string text;
};

struct QuestionGrade {
    std::string questionId; // "main-mode/5"
    bool answered = false;  // an attempt is recorded
    bool right = false;     // right at one of the counted attempts
    bool firstTry = false;  // right at the first attempt
};

struct LessonGrade {
    std::string lesson; // the lesson id
    std::vector<QuestionGrade> questions;
    std::size_t score() const;    // questions right
    std::size_t firstTry() const; // questions right at the first attempt
};

struct StudentGrade {
    Student student;
    std::string status;               // "graded", "not handed in", "refused (see the report)"
    std::string file;                 // the graded file; empty when none
    std::vector<LessonGrade> lessons; // the class's lessons, in its order
    std::size_t score() const;
    std::size_t firstTry() const;
    std::size_t questionCount() const;
};

struct GradeReport {
    std::vector<StudentGrade> students; // the roster's order
    std::vector<std::string> problems;  // "FILE: problem", one per problem
    // "FILE: note: ...": what is not graded and is no problem (answers to lessons the class does not
    // have); at most one per file.
    std::vector<std::string> notes;
};

// `lessons`: the loaded lessons (LessonLibrary); a lesson of the class missing among them is an error,
// nothing else is.
Result<GradeReport> grade(const ClassSet& set, const std::vector<lesson::Lesson>& lessons,
                          const std::vector<ResultsFile>& files);

// One row per student: id, name, code, status, file (the one graded), a score "n/m" per lesson, 1/0 per question
// (columns named by question id; empty when not handed in), first-try, total, percent.
std::string gradesCsv(const GradeReport& report);
// Moodle's gradebook import (Grades › Import › CSV file): "ID number" (the roster id), a column per
// lesson (questions right) and "Total"; empty cells for a student who handed nothing in.
std::string moodleCsv(const GradeReport& report);

} // namespace ipseclab::classroom
