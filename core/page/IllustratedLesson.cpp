// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "page/IllustratedLesson.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "capture/FileWriter.h"
#include "classroom/ExpectedAnswers.h"
#include "lesson/LessonLibrary.h"
#include "lesson/LessonPlayer.h"
#include "lesson/QuestionKinds.h"
#include "lesson/StepActs.h"
#include "page/IllustratedHtml.h"
#include "page/IllustratedPage.h"
#include "page/PageMarkdown.h"

namespace ipseclab::page {

namespace {

using classroom::ExpectedAnswer;
using lab::json::Json;
using lesson::Highlight;
using lesson::Question;

// The lesson played for the page's seed, and the grader's list of its answers from that very play.
// The page shows one lab: of a lesson that starts several, the one with the most field questions
// (they are answered by picking a field of its run), the last one when none has more; a reading
// lesson's page none.
struct Played {
    const lesson::LessonPlayer* player = nullptr;
    std::vector<ExpectedAnswer> answers;
    std::unique_ptr<lesson::LessonPlayer> earlier; // played to the end of an earlier lab, when that one is shown
    const lab::Lab* lab = nullptr;                 // none: a reading lesson
    lesson::Glossary glossary;                     // the lesson folder's, which its text links to
    std::string glossaryProblem;                   // why it did not load, when it did not
    std::size_t labStart = 0, labEnd = 0;          // the steps [labStart, labEnd) run the page's lab
    std::vector<PageMessage> messages;
    bool inPageLab(std::size_t step) const { return step >= labStart && step < labEnd; }
};

// The steps of each lab the lesson starts: [start, end) pairs, the one with the most field questions chosen.
std::pair<std::size_t, std::size_t> shownLab(const Played& p) {
    const auto& reports = p.player->reports();
    std::pair<std::size_t, std::size_t> best{0, 0};
    std::size_t bestFields = 0;
    for (std::size_t start = 0; start < reports.size(); ++start) {
        if (!reports[start].newLab) continue;
        std::size_t end = start + 1, fields = 0;
        while (end < reports.size() && !reports[end].newLab) ++end;
        for (const ExpectedAnswer& e : p.answers)
            fields += e.step >= start && e.step < end && e.question.kind == Question::Kind::Field;
        if (fields >= bestFields) best = {start, end}, bestFields = fields;
    }
    return best;
}

// The lab the page shows, out of `p`'s play at its end. An earlier lab is played again with the
// seed that lab had in `p`'s play, whatever the page's options say.
Result<Played> showLab(Played p) {
    const lesson::Lesson& lesson = p.player->lesson();
    if (auto glossary = lessonGlossary(lesson)) p.glossary = std::move(*glossary);
    else p.glossaryProblem = glossary.error().toString();
    if (!p.player->lab()) return p; // a reading lesson (a lab, once started, runs to the lesson's end)
    std::tie(p.labStart, p.labEnd) = shownLab(p);
    p.lab = p.player->lab();
    if (p.labEnd < p.player->stepCount()) { // an earlier lab, as its last step leaves it
        lesson::PlayerOptions again;
        again.seed = p.player->reports()[p.labStart].labSeed;
        auto replay = lesson::LessonPlayer::create(lesson, again);
        if (!replay) return fail("lesson " + lesson.id + ": its earlier lab: " + replay.error().toString());
        p.earlier = std::move(*replay);
        if (auto reached = p.earlier->goTo(p.labEnd - 1); !reached)
            return fail(lesson.error(reached.error().field, reached.error().message).toString());
        p.lab = p.earlier->lab();
    }
    p.messages = pageMessages(p.lab->timeline()).shown;
    return p;
}

Result<Played> fromPlay(const lesson::LessonPlayer& played, std::vector<ExpectedAnswer> answers) {
    if (!played.atEnd()) return fail("lesson " + played.lesson().id + " was not played to its end: no page of it");
    Played p;
    p.player = &played;
    p.answers = std::move(answers);
    return showLab(std::move(p));
}

// The lesson played to its end for `options`, by the page maker.
Result<std::unique_ptr<LessonPageMaker>> playedToEnd(const lesson::Lesson& lesson, const LessonPageOptions& options) {
    auto maker = LessonPageMaker::create(lesson, options);
    if (!maker) return maker;
    for (;;) {
        auto atEnd = (*maker)->advance();
        if (!atEnd) return tl::unexpected(atEnd.error());
        if (*atEnd) return maker;
    }
}

// Where in the page a WAN message's field picks and highlights land: its own event, the IKE
// datagram it carries (as its sender's event: a lesson's pick names that one) and where the
// datagram's UDP payload starts in the packet.
struct MessageEvents {
    std::string wan;
    std::string ike;
    std::size_t payload = 0;
};

std::vector<MessageEvents> messageEvents(const lab::Timeline& timeline, const std::vector<PageMessage>& messages) {
    std::vector<MessageEvents> out;
    for (const PageMessage& m : messages) {
        MessageEvents e{timeline.at(m.event).id, {}, 0};
        const lab::Origin from = m.from == lab::Origin::SiteB ? lab::Origin::SiteB : lab::Origin::SiteA;
        if (const lab::LabEvent* sent = m.datagramId.empty() ? nullptr : timeline.datagram(from, m.datagramId))
            if (const auto* d = sent->ike() ? sent->ike()->as<ike::DatagramInfo>() : nullptr) {
                e.ike = sent->id;
                e.payload = m.isakmpOffset - std::min(m.isakmpOffset, d->isakmpOffset);
            }
        out.push_back(std::move(e));
    }
    return out;
}

// The message (0-based) that shows event `e`: a WAN packet itself, or the one carrying its IKE datagram.
std::optional<std::size_t> messageOf(const lab::LabEvent& e, const std::vector<PageMessage>& messages,
                                     const std::vector<MessageEvents>& events) {
    for (std::size_t i = 0; i < messages.size(); ++i)
        if (messages[i].event == e.index || (!events[i].ike.empty() && events[i].ike == e.id)) return i;
    const auto* d = e.ike() ? e.ike()->as<ike::DatagramInfo>() : nullptr;
    for (std::size_t i = 0; d && i < messages.size(); ++i)
        if (messages[i].datagramId == d->datagramId) return i;
    return std::nullopt;
}

std::string where(const lab::LabEvent& e) {
    const std::string site = e.origin == lab::Origin::SiteA   ? "Site A"
                             : e.origin == lab::Origin::SiteB ? "Site B"
                                                              : "The wire";
    return site + " · " + e.summary();
}

struct StepContext {
    const Played& played;
    const std::vector<MessageEvents>& events;
    bool inPageLab = false;
};

// A highlight as a line of "Look at", a link to what it points at when the page shows it. Values
// are left out: a step may ask for the very value its highlight shows.
std::string highlightItem(const lesson::ResolvedHighlight& r, const StepContext& c) {
    const Highlight& h = r.highlight;
    if (h.kind == Highlight::Kind::ToyDh)
        return "The by-hand example: p = " + std::to_string(h.toy.p) + ", g = " + std::to_string(h.toy.g) +
               ", Site A's a = " + std::to_string(h.toy.a) + ", Site B's b = " + std::to_string(h.toy.b);
    if (!c.inPageLab || !r.resolved() || !r.eventIndex || *r.eventIndex >= c.played.lab->timeline().size())
        return escapeHtml(r.resolved() ? h.kind == Highlight::Kind::Key ? h.key : h.event : r.problem);
    const lab::Timeline& timeline = c.played.lab->timeline();
    const lab::LabEvent& e = timeline.at(*r.eventIndex);
    if (h.kind == Highlight::Kind::Key) {
        const ike::Event* ike = e.ike();
        const std::string id = ike ? ike->id : h.key;
        // Each site's chain has its own anchors (IllustratedKeys): "d-" for Site A, "dB-" for Site B.
        const std::string anchor = e.origin == lab::Origin::SiteB ? "#dB-" : "#d-";
        return "<a href=\"" + anchor + escapeHtml(id) + "\">" + escapeHtml(h.key) + "</a>";
    }
    if (h.kind == Highlight::Kind::Window) return "The anti-replay window of the " + escapeHtml(h.sa) + " SA";
    const auto m = messageOf(e, c.played.messages, c.events);
    const std::string text = escapeHtml(where(e)) + (r.field ? " › <code>" + escapeHtml(r.field->key) + "</code>" : "");
    if (!m) return text;
    const std::string href = "\"#m" + std::to_string(*m + 1) + "\"";
    if (h.kind != Highlight::Kind::Field || !r.field) return "<a href=" + href + ">" + text + "</a>";
    // A field: its message opens with exactly its bytes lit (the page's input links do the same).
    const bool wan = c.played.messages[*m].event == e.index;
    const std::size_t offset = r.field->offset + (r.inPlaintext || wan ? 0 : c.events[*m].payload);
    return "<a class=\"src\" href=" + href + " data-layer=\"" + (r.inPlaintext ? "1" : "0") + "\" data-o=\"" +
           std::to_string(offset) + "\" data-l=\"" + std::to_string(r.field->length) + "\">" + text + "</a>";
}

// What the lab does at the step, in words, with a crack's result (as the window's lesson dock says it).
std::string actsHtml(const lesson::StepReport& r, bool gatewaysTalk) {
    std::string out;
    for (const std::string& line : lesson::actsLines(r, gatewaysTalk))
        out += "<li>" + inlineMarkdownHtml(line) + "</li>";
    return out.empty()
               ? out
               : "<div class=\"acts\"><h4>" + escapeHtml(lesson::kActsHeading) + "</h4><ul>" + out + "</ul></div>";
}

std::string choicesHtml(const ExpectedAnswer& e, const std::string& name) {
    const Question& q = e.question;
    if (q.kind == Question::Kind::Ordering) {
        std::string html = "<ol class=\"order\" aria-label=\"Put these in order: move each with its buttons\">";
        for (const std::size_t c : e.shownOrder)
            html += "<li data-c=\"" + std::to_string(c) + "\"><span>" + inlineMarkdownHtml(q.choices[c]) +
                    "</span> <button type=\"button\" class=\"up\" aria-label=\"Move up\">↑</button><button "
                    "type=\"button\" class=\"down\" aria-label=\"Move down\">↓</button></li>";
        return html + "</ol>";
    }
    const bool multi = q.kind == Question::Kind::MultiSelect;
    std::string html = "<div class=\"choices\" role=\"" + std::string(multi ? "group" : "radiogroup") +
                       "\" aria-labelledby=\"" + name + "p\">";
    for (const std::size_t c : e.shownOrder)
        html += "<label><input type=\"" + std::string(multi ? "checkbox" : "radio") + "\" name=\"" + name +
                "\" value=\"" + std::to_string(c) + "\"> <span>" + inlineMarkdownHtml(q.choices[c]) + "</span></label>";
    return html + "</div>";
}

std::string questionHtml(const ExpectedAnswer& e, bool inPageLab) {
    const Question& q = e.question;
    const std::string name = "q" + std::to_string(e.step + 1);
    const std::string prompt = "<h4>Question</h4><p class=\"prompt\" id=\"" + name + "p\">" +
                               (q.predict ? "<strong>Predict, then press Next to see.</strong> " : "") +
                               inlineMarkdownHtml(q.prompt) + "</p>";
    // A field of a lab this page does not show cannot be picked here: no form, so no attempt is
    // recorded (or handed in) for it.
    if (q.kind == Question::Kind::Field && !inPageLab)
        return "<div class=\"question elsewhere\">" + prompt +
               "<p>This question's datagram is in another lab of the lesson, which this page does not show: "
               "answer it in the window.</p></div>";
    std::string html = "<form class=\"question\" data-step=\"" + std::to_string(e.step) + "\" aria-labelledby=\"" +
                       name + "p\">" + prompt;
    if (lesson::hasChoices(q)) html += choicesHtml(e, name);
    else if (q.kind == Question::Kind::Field)
        html += "<p class=\"picked\" aria-live=\"polite\">Select the field in a message of the run below (click its "
                "row, or focus it and press Enter), then press Check.</p>";
    else
        html += "<p><input type=\"text\" class=\"typed\" autocomplete=\"off\" spellcheck=\"false\" aria-labelledby=\"" +
                name + "p\"></p>";
    return html + "<p class=\"attempts\" aria-live=\"polite\"></p><p><button type=\"submit\" class=\"check\">Check"
                  "</button></p><div class=\"feedback\" role=\"status\" aria-live=\"polite\"></div></form>";
}

std::string stepHtml(const lesson::StepReport& r, const ExpectedAnswer* question, const StepContext& c) {
    const std::size_t count = c.played.player->stepCount();
    const std::string n = std::to_string(r.step + 1);
    std::string html = "<article class=\"lstep\" id=\"s" + n + "\" data-step=\"" + std::to_string(r.step) +
                       "\" aria-label=\"Step " + n + " of " + std::to_string(count) + "\"><p class=\"where\">Step " +
                       n + " of " + std::to_string(count) + "</p><div class=\"ltext\">" +
                       markdownHtml(c.played.glossary.link(r.rendered.text)) + "</div>";
    if (!r.rendered.red.empty())
        html += "<div class=\"red\" role=\"note\"><p><strong>In red, as expected:</strong> " +
                inlineMarkdownHtml(r.rendered.red) + "</p></div>";
    html += actsHtml(r, c.inPageLab && c.played.lab->scenario().gatewaysTalk());
    std::string look;
    for (const lesson::ResolvedHighlight& h : r.highlights) look += "<li>" + highlightItem(h, c) + "</li>";
    if (!look.empty()) html += "<div class=\"look\"><h4>Look at:</h4><ul>" + look + "</ul></div>";
    if (r.reveal)
        html += "<div class=\"reveal\" data-of=\"" + std::to_string(r.reveal->step) + "\" aria-live=\"polite\"></div>";
    if (question) html += questionHtml(*question, c.inPageLab);
    return html + "</article>";
}

Json questionJson(const ExpectedAnswer& e) {
    const Question& q = e.question;
    std::vector<std::string> choiceFeedback;
    for (const std::string& f : q.choiceFeedback) choiceFeedback.push_back(f.empty() ? f : inlineMarkdownHtml(f));
    return {{"step", e.step},
            {"id", e.questionId},
            {"kind", std::string(lesson::questionKindName(q.kind))},
            {"predict", q.predict},
            {"choices", q.choices.size()},
            {"answerIndex", q.answerIndex},
            {"answerSet", q.answerSet},
            {"expected", e.expected},
            {"pickEvent", q.pick.event},
            {"pickKey", q.pick.field.key},
            {"sameEvents", e.sameEvents},
            {"right", inlineMarkdownHtml(q.feedback.right)},
            {"wrong", inlineMarkdownHtml(q.feedback.wrong)},
            {"choiceFeedback", choiceFeedback},
            {"answer", inlineMarkdownHtml(e.answer)}};
}

// The answers are kept per seed of the lab shown (the play's, whatever the options say). A reading
// lesson's answers hold for every seed: it keeps them under seed 0.
std::string storageKey(const lesson::Lesson& lesson, const LessonPageOptions& options, const lab::Lab* lab) {
    const std::uint64_t seed = lab ? lab->seed() : options.seed.value_or(lesson.seed.value_or(0));
    const std::string who = options.handIn ? "code " + options.handIn->code : "seed " + std::to_string(seed);
    return "ipsec-lab/lesson/" + lesson.id + "/" + who;
}

Json dataJson(const lesson::Lesson& lesson, const LessonPageOptions& options, const Played& p,
              const std::vector<MessageEvents>& events) {
    Json questions = Json::array();
    for (const ExpectedAnswer& e : p.answers) questions.push_back(questionJson(e));
    Json messages = Json::array();
    for (const MessageEvents& m : events) messages.push_back({m.wan, m.ike, m.payload});
    Json data = {{"lesson", lesson.id},
                 {"steps", lesson.steps.size()},
                 {"storageKey", storageKey(lesson, options, p.lab)},
                 {"questions", std::move(questions)},
                 {"messages", std::move(messages)},
                 {"attemptsAllowed", nullptr},
                 {"handIn", nullptr}};
    if (options.attemptsAllowed) data["attemptsAllowed"] = *options.attemptsAllowed;
    if (const auto& h = options.handIn)
        data["handIn"] = {{"code", h->code},
                          {"studentId", h->studentId},
                          {"name", h->name},
                          {"classId", h->classId},
                          {"app", options.app}};
    return data;
}

// JSON inside <script type="application/json">: no "<" at all, so nothing in it closes the element.
std::string scriptSafe(const Json& j) {
    std::string out;
    for (char c : j.dump(-1, ' ', false, Json::error_handler_t::replace)) {
        if (c == '<') out += "\\u003c";
        else out += c;
    }
    return out;
}

// The terms the steps' text links (lesson::Glossary::link) and the terms each of them names under
// "see", defined in the glossary's order; empty when the text links none.
std::string glossaryHtml(const Played& p) {
    std::set<std::string> shown;
    for (const lesson::StepReport& r : p.player->reports())
        for (const std::string& id : p.glossary.mentioned(r.rendered.text))
            if (const lesson::GlossaryTerm* t = p.glossary.find(id); t && shown.insert(id).second)
                for (const std::string& see : t->see)
                    if (p.glossary.find(see)) shown.insert(see);
    if (shown.empty()) return {};
    const auto anchor = [](const std::string& id) { return std::string(kGlossaryAnchor) + escapeHtml(id); };
    std::string html = "<section class=\"glossary\" id=\"glossary\" aria-labelledby=\"glossary-title\"><h3 "
                       "id=\"glossary-title\">Glossary</h3><dl>";
    for (const lesson::GlossaryTerm& t : p.glossary.terms()) {
        if (!shown.count(t.id)) continue;
        html += "<dt id=\"" + anchor(t.id) + "\">" + escapeHtml(t.term) +
                (t.expansion.empty() ? "" : " <span class=\"exp\">" + escapeHtml(t.expansion) + "</span>") +
                "</dt><dd>" + markdownHtml(t.definition);
        std::string see;
        for (const std::string& id : t.see) // a link where the page defines the term, else its name
            if (const lesson::GlossaryTerm* s = p.glossary.find(id))
                see += std::string(see.empty() ? "" : ", ") +
                       (shown.count(id) ? "<a href=\"#" + anchor(id) + "\">" + escapeHtml(s->term) + "</a>"
                                        : escapeHtml(s->term));
        html += (see.empty() ? "" : "<p class=\"see\">See also: " + see + "</p>") + "</dd>";
    }
    return html + "</dl></section>";
}

std::string sectionHtml(const lesson::Lesson& lesson, const LessonPageOptions& options, const Played& p,
                        const std::vector<MessageEvents>& events) {
    std::string html =
        "<section class=\"lesson\" id=\"lesson\" aria-labelledby=\"lesson-title\"><h2 id=\"lesson-title\">"
        "Lesson · " +
        escapeHtml(lesson.title) + "</h2>";
    if (!options.subtitle.empty()) html += "<p class=\"who\">" + escapeHtml(options.subtitle) + "</p>";
    if (!lesson.summary.empty()) html += "<p class=\"sub\">" + inlineMarkdownHtml(lesson.summary) + "</p>";
    if (!p.glossaryProblem.empty())
        html += "<p class=\"problem\" role=\"note\">The glossary did not load, so the text links no terms: " +
                escapeHtml(p.glossaryProblem) + "</p>";
    std::string goals;
    for (const std::string& g : lesson.goals) goals += "<li>" + inlineMarkdownHtml(g) + "</li>";
    if (!goals.empty()) html += "<details class=\"goals\"><summary>Goals</summary><ul>" + goals + "</ul></details>";
    html += "<nav class=\"lsteps\" aria-label=\"Steps of the lesson\"><ol>";
    for (std::size_t s = 0; s < lesson.steps.size(); ++s)
        html += "<li><a href=\"#s" + std::to_string(s + 1) + "\" data-step=\"" + std::to_string(s) +
                "\" aria-label=\"Step " + std::to_string(s + 1) + (lesson.steps[s].question ? ", a question" : "") +
                "\">" + std::to_string(s + 1) + (lesson.steps[s].question ? "?" : "") + "</a></li>";
    html += "</ol></nav><p class=\"lprogress\" aria-live=\"polite\"></p><div class=\"lbody\">";
    for (const lesson::StepReport& r : p.player->reports()) {
        const auto q = std::find_if(p.answers.begin(), p.answers.end(),
                                    [&](const auto& e) { return e.step == r.step; });
        html += stepHtml(r, q == p.answers.end() ? nullptr : &*q, StepContext{p, events, p.inPageLab(r.step)});
    }
    html += "</div><nav class=\"lnav\" aria-label=\"Lesson steps\"><button type=\"button\" class=\"back\">← Back"
            "</button><button type=\"button\" class=\"next\">Next →</button></nav>";
    if (options.handIn)
        html += "<div class=\"handin\"><button type=\"button\" class=\"handin-button\">Hand in</button> <span>" +
                escapeHtml((options.handIn->name.empty() ? "" : options.handIn->name + " · ") + options.handIn->code) +
                ": downloads your results file, to upload to your course.</span><p class=\"handin-note\" "
                "role=\"status\"></p></div>";
    return html + glossaryHtml(p) + "<script type=\"application/json\" id=\"lesson-data\">" +
           scriptSafe(dataJson(lesson, options, p, events)) + "</script></section>";
}

// The run's WAN messages' events, where the page shows a run.
std::vector<MessageEvents> messageEvents(const Played& p) {
    return p.lab ? messageEvents(p.lab->timeline(), p.messages) : std::vector<MessageEvents>{};
}

Result<std::string> pageOf(const lesson::Lesson& lesson, const LessonPageOptions& options, const Played& played) {
    PageOptions page;
    page.lesson = sectionHtml(lesson, options, played, messageEvents(played));
    page.style = lessonStyle();
    page.script = lessonScript();
    if (!played.lab) {
        page.title = "lesson " + lesson.id;
        return readingPage(page);
    }
    page.title = "lesson " + lesson.id + ", seed " + std::to_string(played.lab->seed());
    return illustratedPage(*played.lab, page);
}

Result<void> write(const Result<std::string>& html, const std::string& path) {
    if (!html) return tl::unexpected(html.error());
    return capture::writeFile(path, ByteView(reinterpret_cast<const std::uint8_t*>(html->data()), html->size()));
}

} // namespace

LessonPageMaker::LessonPageMaker(std::unique_ptr<lesson::LessonPlayer> player, LessonPageOptions options)
    : m_player(std::move(player)), m_options(std::move(options)) {}

Result<std::unique_ptr<LessonPageMaker>> LessonPageMaker::create(const lesson::Lesson& lesson,
                                                                 LessonPageOptions options) {
    lesson::PlayerOptions playerOptions;
    playerOptions.seed = options.seed;
    auto created = lesson::LessonPlayer::create(lesson, playerOptions);
    if (!created) return fail(lesson.error(created.error().field, created.error().message).toString());
    return std::unique_ptr<LessonPageMaker>(new LessonPageMaker(std::move(*created), std::move(options)));
}

Result<bool> LessonPageMaker::advance() {
    if (m_player->atEnd()) return true;
    auto reached = m_player->advance();
    if (!reached) {
        const lesson::Lesson& lesson = m_player->lesson();
        return tl::unexpected(Error{lesson.error(reached.error().field, reached.error().message).toString(),
                                    reached.error().field, std::nullopt});
    }
    m_answers.note(*m_player, *reached);
    return m_player->atEnd();
}

Result<std::string> LessonPageMaker::page() const {
    auto list = answers();
    if (!list) return tl::unexpected(list.error());
    return illustratedLessonPage(*m_player, std::move(*list), m_options);
}

Result<lesson::Glossary> lessonGlossary(const lesson::Lesson& lesson) {
    if (lesson.file.empty()) return lesson::Glossary{};
    auto loaded = lesson::LessonLibrary::glossary(std::filesystem::path(lesson.file).parent_path().string());
    if (!loaded) return fail(loaded.error().toString());
    return std::move(*loaded);
}

Result<void> LessonPageMaker::write(const std::string& path) const { return page::write(page(), path); }

Result<std::string> lessonPageData(const lesson::Lesson& lesson, const LessonPageOptions& options) {
    auto maker = playedToEnd(lesson, options);
    if (!maker) return tl::unexpected(maker.error());
    auto list = (*maker)->answers();
    if (!list) return tl::unexpected(list.error());
    auto played = fromPlay((*maker)->player(), std::move(*list));
    if (!played) return tl::unexpected(played.error());
    return dataJson(lesson, options, *played, messageEvents(*played))
        .dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<std::string> illustratedLessonPage(const lesson::Lesson& lesson, const LessonPageOptions& options) {
    auto maker = playedToEnd(lesson, options);
    if (!maker) return tl::unexpected(maker.error());
    return (*maker)->page();
}

Result<std::string> illustratedLessonPage(const lesson::LessonPlayer& played,
                                          std::vector<classroom::ExpectedAnswer> answers,
                                          const LessonPageOptions& options) {
    auto p = fromPlay(played, std::move(answers));
    if (!p) return tl::unexpected(p.error());
    return pageOf(played.lesson(), options, *p);
}

Result<void> writeIllustratedLessonPage(const lesson::Lesson& lesson, const std::string& path,
                                        const LessonPageOptions& options) {
    return write(illustratedLessonPage(lesson, options), path);
}

Result<void> writeIllustratedLessonPage(const lesson::LessonPlayer& played,
                                        std::vector<classroom::ExpectedAnswer> answers, const std::string& path,
                                        const LessonPageOptions& options) {
    return write(illustratedLessonPage(played, std::move(answers), options), path);
}

} // namespace ipseclab::page
