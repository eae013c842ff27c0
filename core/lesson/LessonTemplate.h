// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Lab values quoted in a lesson's words, so the words hold for every seed (lessons/README.md,
// "Templates"). A step's text, red, question prompt, choices and feedback may hold
//
//   {{spi:A2B}}                           the SPI of an SA, by role (SaRoles.h): "0xc6744e7c"
//   {{key:B.SKEYID_a:first-byte}}         a derived value (ValueSource::Kind::Derived), hex by default
//   {{field:A.QM1.sent/isakmp.messageid}} a datagram's field by key, "#2" for its second occurrence
//                                         (ValueSource::Kind::Event with a field), its text by default
//   {{event:ESP.A2B.seq1.sent:bytes=4+4}} an event's bytes (ValueSource::Kind::Event), hex by default
//
// with options after the reference, each after a ':': a rendering (hex, number, length, value) or
// a slice (bytes=OFFSET+COUNT, first-byte). The player replaces each with the value the lab being
// played shows at the step (its events up to the anchor); one that does not resolve is an error
// naming the lesson, the step and the template, never a value of another seed.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/Error.h"
#include "lab/Timeline.h"
#include "lesson/Lesson.h"

namespace ipseclab::lesson {

struct LessonTemplate {
    std::string written;           // as in the text: "{{spi:A2B}}"
    std::size_t begin = 0;         // where `written` starts in the text
    std::optional<std::string> sa; // spi: the SA's role
    ValueSource source;            // key, field, event: where the value comes from
};

// Every template of `text`, in order; an error names the first one that is not well-formed.
Result<std::vector<LessonTemplate>> findTemplates(std::string_view text);

// The value a template stands for in `timeline`, among the events [0, shown).
Result<std::string> templateValue(const LessonTemplate& t, const lab::Timeline& timeline,
                                  std::optional<std::size_t> shown);

// `text` with each template replaced by its value; one that does not resolve (or no lab: null
// `timeline`) stays as written and adds a line to `problems` ("{{spi:A2B#2}}: no site has …").
std::string renderTemplates(std::string_view text, const lab::Timeline* timeline, std::optional<std::size_t> shown,
                            std::vector<std::string>& problems);

// Calls f(key, text) for each text of step `i` that may hold templates, with its JSON pointer:
// text, red, the question's prompt, each choice, both feedbacks. `Step`: LessonStep, const or not.
template <typename Step, typename F>
void forEachTemplatedText(Step& step, std::size_t i, F&& f) {
    f(stepKey(i, "text"), step.text);
    f(stepKey(i, "red"), step.red);
    if (!step.question) return;
    auto& q = *step.question;
    f(stepKey(i, "question/prompt"), q.prompt);
    for (std::size_t c = 0; c < q.choices.size(); ++c)
        f(stepKey(i, "question/choices/" + std::to_string(c)), q.choices[c]);
    for (std::size_t c = 0; c < q.choiceFeedback.size(); ++c)
        f(stepKey(i, "question/choices/" + std::to_string(c) + "/feedback"), q.choiceFeedback[c]);
    f(stepKey(i, "question/feedback/right"), q.feedback.right);
    f(stepKey(i, "question/feedback/wrong"), q.feedback.wrong);
}

} // namespace ipseclab::lesson
