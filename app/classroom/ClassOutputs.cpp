// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ClassOutputs.h"

#include <QDir>
#include <QGuiApplication>

#include <cstdio>
#include <set>

#include "ClassArguments.h"
#include "ClassCommand.h"
#include "classroom/AnswersCsv.h"
#include "classroom/ClassLessons.h"
#include "classroom/ExpectedAnswers.h"
#include "classroom/MoodleXml.h"
#include "lesson/LessonLibrary.h"
#include "ui/common/HtmlDocument.h"
#include "ui/lesson/LessonText.h"
#include "ui/lesson/LessonWorksheet.h"

namespace ipseclab::classcli {

namespace {

using classroom::Student;
using Part = ui::LessonWorksheet::Part;

struct ClassFolder {
    std::string dir;
    classroom::ClassSet set;
    std::vector<lesson::Lesson> lessons; // the class's, in its order
};

constexpr const char* kOptions =
    "Options:\n"
    "  --lessons-dir DIR   where the lessons are\n\n"
    "Exit status: 0 done, 1 a lesson could not be played for a student's lab code or a file not\n"
    "written, 2 bad usage or bad input (no class file in DIR, a lesson of the class not found).\n";

// The arguments (DIR [--lessons-dir DIR]) read, the class file and its lessons loaded, a Qt
// application made for Qt's text layout and printing, then `write` run.
int runOutput(const std::vector<std::string>& arguments, const char* name, const char* usage,
              int (*write)(const ClassFolder&)) {
    auto args = parseArguments(arguments, {"--lessons-dir"}, {});
    if (!args) return usageError(name, args.error().message);
    if (args->help) return std::printf("%s\n%s", usage, kOptions), kExitOk;
    if (args->positional.size() != 1)
        return usageError(name, args->positional.empty() ? "the class folder DIR is missing"
                                                         : "one class folder, not " + args->positional[1] + " as well");
    ClassFolder folder{args->positional.front(), {}, {}};
    auto set = readClassFolder(folder.dir);
    if (!set) return usageError(name, set.error().message);
    folder.set = std::move(*set);
    const lesson::LessonFolder loaded = lesson::LessonLibrary::loadFolder(
        lesson::LessonLibrary::folder(args->value("--lessons-dir")));
    auto lessons = classroom::classLessons(folder.set, loaded.lessons);
    if (!lessons) return usageError(name, lessons.error().message + " (" + loaded.folder + ")");
    for (const lesson::Lesson* l : *lessons) folder.lessons.push_back(*l);
    // No window is shown: the offscreen platform serves wherever the command runs, unless one is chosen.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    int argc = 1;
    char program[] = "ipsec-lab";
    char* argv[] = {program, nullptr};
    QGuiApplication app(argc, argv);
    return write(folder);
}

int failed(const std::string& message) {
    std::fprintf(stderr, "ipsec-lab class: %s\n", message.c_str());
    return kExitFailed;
}

std::string lessonAndCode(const lesson::Lesson& l, const Student& s) {
    return "lesson " + l.id + ", lab code " + s.code + " (" + s.id + ")";
}

// The line under a sheet's title: "Networks 2, group B — Ada Lovelace (s01), lab code K7QF-92XD".
QString who(const classroom::ClassSet& set, const Student& s) {
    return QStringLiteral("%1 — %2 (%3), lab code %4")
        .arg(QString::fromStdString(set.name), QString::fromStdString(s.name), QString::fromStdString(s.id),
             QString::fromStdString(s.code));
}

// Each student's sheets of `part` as DIR/<sub>/<student id>/<lesson id><extension>, one per extension.
int writeSheets(const ClassFolder& folder, Part part, const QString& sub, const QStringList& extensions) {
    int written = 0;
    std::set<std::string> taken;
    for (const Student& s : folder.set.students) {
        const QString dir = QDir(QString::fromStdString(folder.dir))
                                .filePath(sub + '/' + QString::fromStdString(studentFileName(s.id, taken)));
        if (!QDir().mkpath(dir)) return failed("cannot make the folder " + dir.toStdString());
        for (const lesson::Lesson& l : folder.lessons) {
            QString error;
            const auto page = ui::LessonWorksheet::html(l, s.seed, part, &error, who(folder.set, s));
            if (!page) return failed(lessonAndCode(l, s) + ": " + error.toStdString());
            for (const QString& extension : extensions) {
                const QString path = QDir(dir).filePath(QString::fromStdString(l.id) + extension);
                if (!ui::HtmlDocument::write(*page, path, &error)) return failed(error.toStdString());
                ++written;
            }
        }
    }
    std::fprintf(stderr, "ipsec-lab class: wrote %d files in %s\n", written,
                 qPrintable(QDir(QString::fromStdString(folder.dir)).filePath(sub)));
    return kExitOk;
}

int writeHandouts(const ClassFolder& folder) {
    return writeSheets(folder, Part::Worksheet, QStringLiteral("handouts"),
                       {QStringLiteral(".html"), QStringLiteral(".pdf")});
}

int writeKeys(const ClassFolder& folder) {
    if (const int status = writeSheets(folder, Part::AnswerKey, QStringLiteral("keys"), {QStringLiteral(".html")}))
        return status;
    std::string csv = classroom::answersCsvHeader();
    for (const Student& s : folder.set.students)
        for (const lesson::Lesson& l : folder.lessons) {
            const auto answers = classroom::expectedAnswers(l, s.seed);
            if (!answers) return failed(lessonAndCode(l, s) + ": " + answers.error().message);
            csv += classroom::answersCsvRows(s, *answers);
        }
    const std::string path = QDir(QString::fromStdString(folder.dir)).filePath("keys/answers.csv").toStdString();
    if (auto written = writeFile(path, csv); !written) return failed(written.error().message);
    std::fprintf(stderr, "ipsec-lab class: wrote %s\n", path.c_str());
    return kExitOk;
}

int writeMoodle(const ClassFolder& folder) {
    const auto xml = classroom::moodleXml(folder.set, folder.lessons, [](const std::string& markdown) {
        return ui::LessonText::markdownToPlainHtml(markdown).toStdString();
    });
    if (!xml) return failed(xml.error().message);
    if (std::fwrite(xml->data(), 1, xml->size(), stdout) != xml->size() || std::fflush(stdout) != 0)
        return failed("cannot write the question bank to standard output");
    return kExitOk;
}

} // namespace

int runClassHandouts(const std::vector<std::string>& arguments) {
    return runOutput(arguments, "handouts",
                     "Usage: ipsec-lab class handouts DIR\n\n"
                     "Writes every student's worksheets for the class in DIR (DIR/class.json): for each student\n"
                     "and lesson, DIR/handouts/<student id>/<lesson id>.html and .pdf, with the values of that\n"
                     "student's lab and their name and lab code under the title.\n",
                     writeHandouts);
}

int runClassKeys(const std::vector<std::string>& arguments) {
    return runOutput(arguments, "keys",
                     "Usage: ipsec-lab class keys DIR\n\n"
                     "Writes the teacher's answer keys for the class in DIR (DIR/class.json): for each student and\n"
                     "lesson, DIR/keys/<student id>/<lesson id>.html (the student's name and lab code on it), and\n"
                     "DIR/keys/answers.csv, a row per student and question: student id, name, code, lesson,\n"
                     "question id, kind, prompt, right answer.\n",
                     writeKeys);
}

int runClassMoodle(const std::vector<std::string>& arguments) {
    return runOutput(arguments, "moodle",
                     "Usage: ipsec-lab class moodle DIR > questions.xml\n\n"
                     "Writes the class's lessons as a Moodle question bank (Moodle XML) on standard output: a\n"
                     "category per lesson, each step's text as a description, each question in the Moodle type\n"
                     "that judges it as the lab does, and a question whose answer differs from student to\n"
                     "student once per student, named with the student's lab code. Import it in Moodle under\n"
                     "Question bank > Import, format Moodle XML, with \"Get category from file\" ticked.\n",
                     writeMoodle);
}

} // namespace ipseclab::classcli
