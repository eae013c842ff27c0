// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "classroom/MoodleXml.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <iterator>
#include <map>
#include <utility>

#include "classroom/ExpectedAnswers.h"
#include "classroom/Results.h"
#include "lesson/Answer.h"
#include "lesson/LessonPlayer.h"

namespace ipseclab::classroom {

using lesson::Question;

namespace {

// XML 1.0 has no place for control characters but tab and line ends, not even in CDATA.
bool xmlChar(char c) { return static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r'; }

std::string escaped(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (!xmlChar(c)) continue;
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

// HTML inside CDATA, as Moodle writes it; a "]]>" in the text ends one section and starts the next.
std::string textElement(std::string_view html) {
    std::string text;
    std::copy_if(html.begin(), html.end(), std::back_inserter(text), xmlChar);
    std::string out = "<text><![CDATA[";
    std::size_t from = 0;
    for (std::size_t at; (at = text.find("]]>", from)) != std::string::npos; from = at + 3)
        out.append(text, from, at - from).append("]]]]><![CDATA[>");
    return out.append(text, from) + "]]></text>";
}

std::string htmlElement(const std::string& tag, const std::string& html) {
    return "<" + tag + " format=\"html\">" + textElement(html) + "</" + tag + ">\n";
}

// Moodle's fractions: percentages from its list of grades (33.33333, 12.5, -50), with a point
// whatever the locale (the Qt application the command line makes sets the user's).
std::string fraction(double percent) {
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, percent, std::chars_format::general, 7).ptr;
    return std::string(text, end);
}

// One item of the bank without its name: what is compared between students.
struct Item {
    std::string type;
    std::string body;
    friend bool operator==(const Item&, const Item&) = default;
};

struct Writer {
    const MarkdownToHtml& markdown;

    std::string html(const std::string& text) const { return text.empty() ? std::string() : markdown(text); }
    // A choice reads as a label: its one paragraph without the <p> around it.
    std::string choice(const std::string& text) const {
        std::string out = html(text);
        const auto first = out.find_first_not_of(" \n"), last = out.find_last_not_of(" \n");
        if (first == std::string::npos) return out;
        out = out.substr(first, last - first + 1);
        const bool onePara = out.rfind("<p>", 0) == 0 && out.ends_with("</p>") &&
                             out.find("<p", 1) == std::string::npos;
        return onePara ? out.substr(3, out.size() - 7) : out;
    }
    std::string answer(const std::string& percent, const std::string& html, const std::string& feedback) const {
        std::string out = "<answer fraction=\"" + percent + "\" format=\"html\">" + textElement(html);
        if (!feedback.empty()) out += htmlElement("feedback", this->html(feedback));
        return out + "</answer>\n";
    }
    std::string combinedFeedback(const Question& q) const {
        return htmlElement("correctfeedback", html(q.feedback.right)) +
               htmlElement("partiallycorrectfeedback", html(q.feedback.wrong)) +
               htmlElement("incorrectfeedback", html(q.feedback.wrong));
    }
    std::string choiceFeedback(const Question& q, std::size_t i) const {
        return i < q.choiceFeedback.size() ? q.choiceFeedback[i] : std::string();
    }
    Item multichoice(const Question& q) const;
    Item ordering(const Question& q) const;
    Item typed(const Question& q, const ExpectedAnswer& expected) const;
    Item question(const ExpectedAnswer& expected) const;
};

Item Writer::multichoice(const Question& q) const {
    const bool single = q.kind == Question::Kind::Choice;
    std::string body = std::string("<single>") + (single ? "true" : "false") + "</single>\n" +
                       "<shuffleanswers>1</shuffleanswers>\n<answernumbering>abc</answernumbering>\n" +
                       combinedFeedback(q);
    const std::size_t rights = single ? 1 : q.answerSet.size();
    const std::size_t wrongs = q.choices.size() - rights;
    for (std::size_t i = 0; i < q.choices.size(); ++i) {
        const bool right = single ? i == q.answerIndex
                                  : std::find(q.answerSet.begin(), q.answerSet.end(), i) != q.answerSet.end();
        // Several right ones share 100 and the wrong ones -100, so ticking everything scores nothing.
        const std::string percent = right                   ? fraction(100.0 / double(rights))
                                    : single || wrongs == 0 ? "0"
                                                            : fraction(-100.0 / double(wrongs));
        body += answer(percent, choice(q.choices[i]), right ? std::string() : choiceFeedback(q, i));
    }
    return {"multichoice", body};
}

// qtype_ordering (in Moodle's core since 4.4): the items in their right order; the whole order or nothing,
// as the lab judges it.
Item Writer::ordering(const Question& q) const {
    std::string body = "<layouttype>VERTICAL</layouttype>\n<selecttype>ALL</selecttype>\n<selectcount>" +
                       std::to_string(q.choices.size()) +
                       "</selectcount>\n<gradingtype>ALL_OR_NOTHING</gradingtype>\n" + combinedFeedback(q);
    for (std::size_t i = 0; i < q.choices.size(); ++i) body += answer(std::to_string(i + 1), choice(q.choices[i]), {});
    return {"ordering", body};
}

// The answers a student may type that the lab takes as the same: hex with or without "0x".
std::vector<std::string> typedForms(const std::string& value) {
    std::string bare = value.rfind("0x", 0) == 0 ? value.substr(2) : value;
    bool hex = !bare.empty();
    for (char c : bare) hex = hex && std::isxdigit(static_cast<unsigned char>(c));
    if (!hex) return {value};
    return value == bare ? std::vector<std::string>{value, "0x" + value} : std::vector<std::string>{value, bare};
}

// Moodle's short answers take '*' as "anything"; a literal one is written "\*".
std::string literal(const std::string& text) {
    std::string out;
    for (char c : text) out += c == '*' ? std::string("\\*") : std::string(1, c);
    return out;
}

// A value, a number or a field pick: typed. A number the lab computes is numerical with tolerance
// 0; a value (and a field's key) short answer, case ignored as the lab ignores it. A last answer
// "*" gives every other answer the question's wrong feedback.
Item Writer::typed(const Question& q, const ExpectedAnswer& expected) const {
    const std::string& right = q.kind == Question::Kind::Field ? q.pick.field.key : expected.expected;
    const auto number = q.kind == Question::Kind::Number ? lesson::leadingNumber(right) : std::nullopt;
    std::string body;
    if (number) {
        body = "<answer fraction=\"100\"><text>" + std::to_string(*number) + "</text><tolerance>0</tolerance>" +
               htmlElement("feedback", html(q.feedback.right)) + "</answer>\n";
        body += "<answer fraction=\"0\"><text>*</text><tolerance>0</tolerance>" +
                htmlElement("feedback", html(q.feedback.wrong)) + "</answer>\n";
        return {"numerical", body};
    }
    body = "<usecase>0</usecase>\n";
    for (const std::string& form : typedForms(right))
        body += "<answer fraction=\"100\" format=\"plain_text\"><text>" + escaped(literal(form)) + "</text>" +
                htmlElement("feedback", html(q.feedback.right)) + "</answer>\n";
    body += "<answer fraction=\"0\" format=\"plain_text\"><text>*</text>" +
            htmlElement("feedback", html(q.feedback.wrong)) + "</answer>\n";
    return {"shortanswer", body};
}

Item Writer::question(const ExpectedAnswer& expected) const {
    const Question& q = expected.question;
    std::string prompt = html(q.prompt);
    if (q.kind == Question::Kind::Field)
        prompt += "<p><i>Answer with the field's key, as the packet inspector names it (Wireshark's display-filter "
                  "name).</i></p>";
    Item item;
    switch (q.kind) {
    case Question::Kind::Choice:
    case Question::Kind::MultiSelect: item = multichoice(q); break;
    case Question::Kind::Ordering: item = ordering(q); break;
    default: item = typed(q, expected);
    }
    item.body = htmlElement("questiontext", prompt) + htmlElement("generalfeedback", {}) + item.body;
    return item;
}

// What one student's lab shows of a lesson: each step's text as read (its templates filled in for
// the seed) and each question with its right answer.
struct StudentLesson {
    const Student* student = nullptr;
    std::vector<std::string> stepText;
    std::map<std::size_t, ExpectedAnswer> answers; // by step
};

std::string stepMarkdown(const lesson::LessonStep& step) {
    return step.red.empty() ? step.text : step.text + "\n\n**In red, as expected:**\n\n" + step.red;
}

Result<StudentLesson> play(const lesson::Lesson& lesson, const Student& student) {
    const auto failed = [&](const Error& e) {
        return fail(lesson.id + ", lab code " + student.code + ": " + e.message, e.field);
    };
    auto answers = expectedAnswers(lesson, student.seed);
    if (!answers) return failed(answers.error());
    StudentLesson out{&student, {}, {}};
    for (ExpectedAnswer& a : *answers) out.answers.emplace(a.step, std::move(a));
    lesson::PlayerOptions options;
    options.seed = student.seed;
    auto player = lesson::LessonPlayer::create(lesson, options);
    if (!player) return failed(player.error());
    if (auto played = (*player)->playToEnd(); !played) return failed(played.error());
    for (const lesson::StepReport& report : (*player)->reports()) out.stepText.push_back(stepMarkdown(report.rendered));
    return out;
}

std::string questionElement(const Item& item, const std::string& name) {
    return "<question type=\"" + item.type + "\">\n<name><text>" + escaped(name) + "</text></name>\n" + item.body +
           "</question>\n";
}

// One item when every student's is the same, else one per student named with the lab code.
std::string variants(const std::string& id, const std::vector<std::pair<const Student*, Item>>& items) {
    if (items.empty()) return {};
    bool same = true;
    for (const auto& [student, item] : items) same = same && item == items.front().second;
    if (same) return questionElement(items.front().second, id);
    std::string out;
    for (const auto& [student, item] : items) out += questionElement(item, id + " · " + student->code);
    return out;
}

std::string lessonBank(const ClassSet& set, const lesson::Lesson& lesson, const std::vector<StudentLesson>& played,
                       const Writer& writer) {
    std::string out = "<question type=\"category\">\n<category><text>" +
                      escaped(moodleCategory(set.name, lesson.title)) + "</text></category>\n" +
                      htmlElement("info", writer.html(lesson.summary)) + "</question>\n";
    for (std::size_t step = 0; step < lesson.steps.size(); ++step) {
        const std::string id = questionId(lesson.id, step);
        std::vector<std::pair<const Student*, Item>> texts, questions;
        for (const StudentLesson& s : played) {
            if (!s.stepText[step].empty())
                texts.emplace_back(s.student,
                                   Item{"description", htmlElement("questiontext", writer.html(s.stepText[step]))});
            if (const auto a = s.answers.find(step); a != s.answers.end())
                questions.emplace_back(s.student, writer.question(a->second));
        }
        out += variants(id + " · text", texts) + variants(id, questions);
    }
    return out;
}

std::string categoryName(const std::string& name) {
    std::string out;
    for (char c : name) out += c == '/' ? std::string("//") : std::string(1, c);
    // A name that starts or ends with '/' keeps it apart from the path's separators by a space.
    if (!out.empty() && out.front() == '/') out.insert(0, " ");
    if (!out.empty() && out.back() == '/') out += ' ';
    return out;
}

} // namespace

std::string moodleCategory(const std::string& className, const std::string& lessonTitle) {
    return "$course$/IPsec Lab/" + categoryName(className) + "/" + categoryName(lessonTitle);
}

Result<std::string> moodleXml(const ClassSet& set, const std::vector<lesson::Lesson>& lessons,
                              const MarkdownToHtml& markdownToHtml) {
    const Writer writer{markdownToHtml};
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n";
    for (const lesson::Lesson& lesson : lessons) {
        std::vector<StudentLesson> played;
        for (const Student& student : set.students) {
            auto one = play(lesson, student);
            if (!one) return tl::unexpected(one.error());
            played.push_back(std::move(*one));
        }
        out += lessonBank(set, lesson, played, writer);
    }
    return out + "</quiz>\n";
}

} // namespace ipseclab::classroom
