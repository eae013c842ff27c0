// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/lesson/LessonWorksheet.h"

#include <QObject>
#include <QStringList>

#include "lesson/LessonPlayer.h"
#include "lesson/QuestionOrder.h"
#include "ui/common/HtmlDocument.h"
#include "ui/lesson/LessonText.h"

namespace ipseclab::ui {

using lesson::LessonPlayer;
using lesson::Question;

namespace {

QString esc(const std::string& text) { return QString::fromStdString(text).toHtmlEscaped(); }

// The letters of the shown positions of `stored` choices: "B" or "A, C".
QString lettersOf(const std::vector<std::size_t>& order, const std::vector<std::size_t>& stored) {
    QStringList letters;
    for (std::size_t want : stored)
        for (std::size_t pos = 0; pos < order.size(); ++pos)
            if (order[pos] == want) letters << QString::fromStdString(lesson::choiceLetter(pos));
    return letters.join(QStringLiteral(", "));
}

// The right answer as the answer key prints it: with the letters the worksheet shows for this seed.
QString keyAnswer(const LessonPlayer& player, std::size_t step) {
    const Question& q = *player.lesson().steps[step].question;
    const auto right = player.rightAnswer(step);
    if (!right) return QObject::tr("(not resolved)");
    const std::vector<std::size_t> order = player.shownOrder(step);
    std::vector<std::size_t> stored;
    if (q.kind == Question::Kind::Choice) stored = {q.answerIndex};
    if (q.kind == Question::Kind::MultiSelect) stored = q.answerSet;
    if (q.kind == Question::Kind::Ordering)
        for (std::size_t i = 0; i < q.choices.size(); ++i) stored.push_back(i);
    return stored.empty() ? esc(*right) : QStringLiteral("%1: %2").arg(lettersOf(order, stored), esc(*right));
}

QString questionHtml(const LessonPlayer& player, std::size_t step, LessonWorksheet::Part part) {
    const Question& q = *player.reports()[step].rendered.question;
    const QString predict = q.predict ? QObject::tr("Predict, before the next step:") + QLatin1Char(' ') : QString();
    QString html = QStringLiteral("<p><b>%1</b> %2%3</p>").arg(QObject::tr("Question:"), predict, esc(q.prompt));
    if (part == LessonWorksheet::Part::AnswerKey) {
        html += QStringLiteral("<p>%1 <b><code>%2</code></b></p><p><i>%3</i></p>")
                    .arg(QObject::tr("Answer:"), keyAnswer(player, step), esc(q.feedback.right));
        return html;
    }
    const std::vector<std::size_t> order = player.shownOrder(step);
    if (!order.empty()) {
        if (q.kind == Question::Kind::MultiSelect)
            html += QStringLiteral("<p><i>%1</i></p>").arg(QObject::tr("Tick every one that holds."));
        if (q.kind == Question::Kind::Ordering)
            html += QStringLiteral("<p><i>%1</i></p>").arg(QObject::tr("Number them in order (1 first)."));
        const QString box = q.kind == Question::Kind::Ordering ? QStringLiteral("___") : QStringLiteral("&#9744;");
        html += QStringLiteral("<ul style=\"list-style-type: none\">");
        for (std::size_t pos = 0; pos < order.size(); ++pos)
            html += QStringLiteral("<li>%1 %2. %3</li>")
                        .arg(box, QString::fromStdString(lesson::choiceLetter(pos)), esc(q.choices[order[pos]]));
        return html + QStringLiteral("</ul>");
    }
    if (q.kind == Question::Kind::Field)
        return html + QStringLiteral("<p>%1 ______________________________</p>")
                          .arg(QObject::tr("Select it in the packet inspector; the field's key:"));
    return html + QStringLiteral("<p>%1 ______________________________</p>").arg(QObject::tr("Your answer:"));
}

QString stepHtml(const LessonPlayer& player, std::size_t step, LessonWorksheet::Part part) {
    const lesson::StepReport& r = player.reports()[step];
    QString html =
        QStringLiteral("<h2>%1</h2>").arg(QObject::tr("Step %1 of %2").arg(step + 1).arg(player.stepCount()));
    const lab::Lab* lab = player.lab();
    if (r.newLab && lab)
        html += QStringLiteral("<p><i>%1</i></p>")
                    .arg(QObject::tr("The lab: scenario %1, seed %2").arg(esc(lab->scenario().name)).arg(lab->seed()));
    if (r.anchorIndex && lab)
        html += QStringLiteral("<p><i>%1</i></p>")
                    .arg(QObject::tr("When the lab shows: %1 (%2)")
                             .arg(esc(lab->timeline().at(*r.anchorIndex).summary()), esc(r.anchorId)));
    const lesson::LessonStep& shown = r.rendered; // its templates hold this lab's values
    if (part == LessonWorksheet::Part::Worksheet) {
        html += LessonText::markdownToHtml(shown.text);
        if (const std::string& red = shown.red; !red.empty())
            html += QStringLiteral("<p><b>%1</b></p>").arg(QObject::tr("In red, as expected:")) +
                    LessonText::markdownToHtml(red);
        QString seen;
        // What the lab does; its results (a crack's key) only where no question asks for them.
        const bool values = LessonText::showsValues(shown);
        const bool gatewaysTalk = lab && lab->scenario().gatewaysTalk();
        for (std::size_t a = 0; a < r.actions.size(); ++a)
            seen +=
                QStringLiteral("<li>%1</li>").arg(esc(values ? r.actions[a] : shown.actions[a].sentence(gatewaysTalk)));
        for (const auto& h : r.highlights)
            seen += QStringLiteral("<li><code>%1</code></li>")
                        .arg(LessonText::highlightLine(lab ? &lab->timeline() : nullptr, h, values).toHtmlEscaped());
        if (!seen.isEmpty()) html += QStringLiteral("<p>%1</p><ul>%2</ul>").arg(QObject::tr("In the lab:"), seen);
    }
    if (shown.question) html += questionHtml(player, step, part);
    return html;
}

} // namespace

std::optional<QString> LessonWorksheet::html(const lesson::Lesson& lesson, std::optional<std::uint64_t> seed, Part part,
                                             QString* error, const QString& who) {
    lesson::PlayerOptions options;
    options.seed = seed;
    auto created = LessonPlayer::create(lesson, options);
    if (!created) {
        if (error)
            *error = QString::fromStdString(lesson.error(created.error().field, created.error().message).toString());
        return std::nullopt;
    }
    LessonPlayer& player = **created;
    const QString heading = part == Part::Worksheet ? QObject::tr("Worksheet") : QObject::tr("Answer key");
    const auto shownSeed = player.seedAt(0);
    QString body = QStringLiteral("<h1>%1 — %2</h1>").arg(heading, esc(lesson.title));
    if (!who.isEmpty()) body += QStringLiteral("<p><b>%1</b></p>").arg(who.toHtmlEscaped());
    body += QStringLiteral("<p>%1</p>")
                .arg(shownSeed ? QObject::tr("Lesson %1, lab seed %2.").arg(esc(lesson.id)).arg(*shownSeed)
                               : QObject::tr("Lesson %1 (a reading lesson, no lab).").arg(esc(lesson.id)));
    if (part == Part::Worksheet) {
        body += QStringLiteral("<p>%1</p><ul>").arg(esc(lesson.summary));
        for (const std::string& g : lesson.goals) body += QStringLiteral("<li>%1</li>").arg(esc(g));
        body += QStringLiteral("</ul>");
    }
    // Step by step: a lesson may start a new lab later on, and each step's values come from the lab
    // that runs there.
    QStringList steps;
    while (!player.atEnd()) {
        auto report = player.advance();
        if (!report) {
            if (error)
                *error = QString::fromStdString(lesson.error(report.error().field, report.error().message).toString());
            return std::nullopt;
        }
        // A handout must hold for its seed: a reference this lab does not show is an error, not a gap.
        if (!report->problems.empty()) {
            if (error) {
                QStringList lines;
                for (const Error& p : report->problems)
                    lines << QString::fromStdString(lesson.error(p.field, p.message).toString());
                *error = lines.join(QLatin1Char('\n'));
            }
            return std::nullopt;
        }
        const std::size_t k = report->step;
        // A prediction's answer is the lab's once the next step has revealed it.
        const auto& before = k > 0 ? lesson.steps[k - 1].question : std::nullopt;
        if (part == Part::AnswerKey && before && before->predict)
            steps[qsizetype(k - 1)] = stepHtml(player, k - 1, part);
        const bool asks = lesson.steps[k].question.has_value();
        steps << (part == Part::Worksheet || asks ? stepHtml(player, k, part) : QString());
    }
    body += steps.join(QString());
    return QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%1 — "
                          "%2</title></head><body>%3</body></html>\n")
        .arg(heading, esc(lesson.title), body);
}

bool LessonWorksheet::write(const lesson::Lesson& lesson, std::optional<std::uint64_t> seed, Part part,
                            const QString& path, QString* error) {
    const auto page = html(lesson, seed, part, error);
    if (!page) return false;
    return HtmlDocument::write(*page, path, error);
}

} // namespace ipseclab::ui
