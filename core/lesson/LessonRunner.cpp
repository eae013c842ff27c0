// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lesson/LessonRunner.h"

#include <algorithm>

#include "lab/HeadlessRunner.h"
#include "lesson/LessonLibrary.h"
#include "lesson/LessonLoader.h"
#include "lesson/LessonPlayer.h"
#include "lesson/QuestionKinds.h"
#include "lesson/QuestionOrder.h"

namespace ipseclab::lesson {

namespace {

std::string indent(const std::string& text, const std::string& prefix) {
    std::string out = prefix;
    for (char c : text) {
        out += c;
        if (c == '\n') out += prefix;
    }
    return out;
}

// The seed the lesson file's answers at step `i` hold for: the seed its lab has without a teacher's
// --seed (the step's scenario's seed, else the lesson's, else the scenario file's own).
std::optional<std::uint64_t> fileSeed(const Lesson& lesson, std::size_t i) {
    auto setup = LessonPlayer::labSetup(lesson, i);
    if (!setup) return lesson.seed;
    return setup->options.seed ? setup->options.seed : setup->scenario.seed;
}

void printQuestion(const LessonPlayer& player, std::size_t i, bool answers, std::ostream& out) {
    const StepReport& r = player.reports()[i];
    const Question& q = *r.rendered.question; // its templates filled in for this seed
    out << "  ? " << (q.predict ? "(predict, before stepping on) " : "") << q.prompt << "\n";
    if (!answers) { // a student's walk-through: the choices as shown, nothing marked
        const std::vector<std::size_t> order = hasChoices(q) ? player.shownOrder(i) : std::vector<std::size_t>{};
        for (std::size_t c = 0; c < order.size(); ++c)
            out << "      " << choiceLetter(c) << ". " << q.choices[order[c]] << "\n";
        return;
    }
    if (hasChoices(q)) {
        // As the window shows them for this seed, lettered as the worksheet is; → marks the right ones.
        const std::vector<std::size_t> order = player.shownOrder(i);
        for (std::size_t c = 0; c < order.size(); ++c) {
            const std::size_t stored = order[c];
            const bool right = q.kind == Question::Kind::Choice ? stored == q.answerIndex
                               : q.kind == Question::Kind::MultiSelect
                                   ? std::count(q.answerSet.begin(), q.answerSet.end(), stored) > 0
                                   : false;
            out << (right ? "    → " : "      ") << choiceLetter(c) << ". " << q.choices[stored] << "\n";
        }
        if (q.kind == Question::Kind::Ordering) out << "    → " << player.rightAnswer(i).value_or("") << "\n";
        return;
    }
    if (q.kind == Question::Kind::Field) {
        out << "    → select " << player.rightAnswer(i).value_or("") << " in the packet inspector\n";
        return;
    }
    if (q.predict) return; // its value shows with the next step's reveal
    const std::string shown = r.expected.value_or("(not resolved)");
    out << "    → " << shown;
    if (q.from && !checkValue(q, q.answer, shown).right)
        out << "   (the lesson file says " << q.answer << ": it holds for seed "
            << fileSeed(player.lesson(), i).value_or(0) << ")";
    else if (q.from)
        out << (q.from->kind == ValueSource::Kind::ToyDh ? "   (by the toy arithmetic)" : "   (from the lab)");
    out << "\n";
}

void printStep(const LessonPlayer& player, std::size_t i, bool answers, std::ostream& out) {
    const StepReport& r = player.reports()[i];
    const LessonStep& s = r.rendered;
    out << "\n── Step " << i + 1 << "/" << player.stepCount();
    if (r.anchorIndex) {
        out << " · " << r.anchorId << " (timeline #" << *r.anchorIndex << ", " << r.labSteps << " lab steps";
        // The window stops at the anchor too: what the lab made after it shows at the next step.
        const std::size_t made = player.lab() ? player.lab()->timeline().size() : 0;
        if (made > r.shownEvents) out << "; " << made - r.shownEvents << " later events wait for the next step";
        out << ")";
    }
    out << "\n";
    if (r.newLab && player.lab())
        out << "  [lab: scenario " << player.lab()->scenario().name << ", seed " << player.lab()->seed() << "]\n";
    out << indent(s.text, "  ") << "\n";
    if (!s.red.empty()) out << indent("red, as expected: " + s.red, "  ") << "\n";
    for (const std::string& a : r.actions) out << indent("action: " + a, "  · ") << "\n";
    for (const ResolvedHighlight& h : r.highlights) out << "  · highlight " << h.describe() << "\n";
    for (const Error& p : r.problems) out << "  ! " << p.field << ": " << p.message << "\n";
    if (r.reveal) {
        out << "  · reveals the prediction of step " << r.reveal->step + 1;
        out << (answers ? ": " + r.reveal->rightAnswer : std::string()) << "\n";
    }
    if (s.question) printQuestion(player, i, answers, out);
}

} // namespace

int runLessonHeadless(const HeadlessLessonOptions& options, std::ostream& out, std::ostream& err) {
    const std::string folder = LessonLibrary::folder(options.folder);
    auto file = LessonLibrary::findFile(options.lesson, folder);
    if (!file) {
        err << "ipsec-lab: " << file.error().message << "\n";
        return lab::kExitBadInput;
    }
    auto lesson = LessonLoader::load(*file);
    if (!lesson) {
        err << "ipsec-lab: " << lesson.error().toString() << "\n";
        return lab::kExitBadInput;
    }
    for (const LessonError& w : lesson->warnings) err << "ipsec-lab: warning: " << w.toString() << "\n";
    PlayerOptions playerOptions;
    playerOptions.seed = options.seed;
    auto created = LessonPlayer::create(*lesson, playerOptions);
    if (!created) {
        err << "ipsec-lab: " << lesson->error(created.error().field, created.error().message).toString() << "\n";
        return lab::kExitBadInput;
    }
    LessonPlayer& player = **created;
    out << "Lesson " << lesson->id << " — " << lesson->title << "\n";
    if (!lesson->summary.empty()) out << lesson->summary << "\n";
    out << "Goals:\n";
    for (const std::string& g : lesson->goals) out << "  - " << g << "\n";

    std::size_t anchors = 0, questions = 0, fromLab = 0, unresolved = 0;
    while (!player.atEnd()) {
        auto report = player.advance();
        if (!report) {
            out.flush();
            err << "ipsec-lab: " << lesson->error(report.error().field, report.error().message).toString() << "\n";
            return lab::kExitNotAsDesigned;
        }
        const std::size_t i = report->step;
        printStep(player, i, options.answers, out);
        if (options.stepSeen) options.stepSeen(player, *report);
        // A reference this seed's lab does not show is the lesson's defect: named, and the exit status says so.
        for (const Error& p : report->problems)
            err << "ipsec-lab: " << lesson->error(p.field, p.message).toString() << "\n";
        unresolved += report->problems.size();
        anchors += report->anchorIndex.has_value();
        questions += lesson->steps[i].question.has_value();
        const auto& q = lesson->steps[i].question;
        fromLab += q && q->from && q->from->kind != ValueSource::Kind::ToyDh;
    }
    out << "\nLesson " << lesson->id << ": " << player.stepCount() << " steps reached, " << anchors << " anchors, "
        << questions << " questions (" << fromLab << " answers worked out from the lab)";
    if (unresolved) out << "; " << unresolved << " references did not resolve";
    out << ".\n";
    if (options.atEnd && !options.atEnd(player, out, err)) return lab::kExitBadInput;
    return unresolved ? lab::kExitNotAsDesigned : lab::kExitAsDesigned;
}

int listLessons(const std::optional<std::string>& folder, std::ostream& out, std::ostream& err) {
    const LessonFolder found = LessonLibrary::loadFolder(LessonLibrary::folder(folder));
    for (const Lesson& l : found.lessons) out << l.id << "\t" << l.title << "\n";
    for (const LessonError& e : found.errors) err << "ipsec-lab: " << e.toString() << "\n";
    for (const Lesson& l : found.lessons)
        for (const LessonError& w : l.warnings) err << "ipsec-lab: warning: " << w.toString() << "\n";
    return found.lessons.empty() ? lab::kExitBadInput : lab::kExitAsDesigned;
}

} // namespace ipseclab::lesson
