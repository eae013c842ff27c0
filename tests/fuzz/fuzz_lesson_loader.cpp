// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// libFuzzer target for the lesson loader: any bytes as a lesson file. Beyond "no crash" it checks
// what the loader promises: a refused file gets an error naming the file and saying what is wrong,
// with a line inside the text; a lesson that loads passes the validator's static checks again, and
// each of its templates ({{spi:A2B}}, lessons/README.md) parses, and without a lab renders as
// written with one problem each.
// (Lessons are not played here: that needs the lab's sockets and is the unit tests' job.)

#include <cstdlib>
#include <string_view>

#include "lesson/JsonLineIndex.h"
#include "lesson/LessonLoader.h"
#include "lesson/LessonTemplate.h"
#include "lesson/LessonValidator.h"

using namespace ipseclab::lesson;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto lesson = LessonLoader::fromJson(text, "fuzz.json");
    if (!lesson) {
        const LessonError& e = lesson.error();
        if (e.file != "fuzz.json" || e.problem.empty()) std::abort();
        if (e.line && (*e.line == 0 || *e.line > JsonLineIndex::lineOf(text, text.size()))) std::abort();
        if (e.toString().find("fuzz.json") != 0) std::abort();
        return 0;
    }
    if (lesson->steps.empty() || lesson->id.empty() || !LessonValidator::check(*lesson).empty()) std::abort();
    for (std::size_t i = 0; i < lesson->steps.size(); ++i)
        forEachTemplatedText(lesson->steps[i], i, [](const std::string&, const std::string& words) {
            const auto found = findTemplates(words);
            if (!found) std::abort();
            std::vector<std::string> problems;
            if (renderTemplates(words, nullptr, std::nullopt, problems) != words || problems.size() != found->size())
                std::abort();
        });
    return 0;
}
