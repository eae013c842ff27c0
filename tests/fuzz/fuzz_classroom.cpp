// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// libFuzzer target for the class set's readers (docs/class-files.md): the files a student, or
// anyone, hands the program. Beyond "no crash, no exception past the API" it checks what the
// readers promise: a refused file gets an error naming the file and saying what is wrong; what is
// read is written back and read again the same; an accepted lab code re-encodes to its shown form;
// the grader, given any results file next to a small valid class, grades it or refuses it, with
// the other students untouched.
//
// Input: byte 0 % 6 chooses the reader   0 results file   1 roster CSV   2 class file
//                                        3 lab card       4 typed lab code
//                                        5 the grader (the file as given, and resealed as the
//                                          documented seal says, so the fuzzer reaches past it)
//        the rest: the text.

#include <cstdlib>
#include <string_view>

#include "classroom/ClassFile.h"
#include "classroom/Csv.h"
#include "classroom/Grader.h"
#include "classroom/LabCode.h"
#include "classroom/Results.h"
#include "crypto/Hmac.h"
#include "lab/JsonReader.h"
#include "lesson/LessonLibrary.h"
#include "lesson/LessonLoader.h"

using namespace ipseclab;
using namespace ipseclab::classroom;

namespace {

void require(bool holds) {
    if (!holds) std::abort();
}

// A refused file: a message that starts with the file's name and says more (not only "FILE: key /k: ").
template <typename T>
bool refused(const Result<T>& read, std::string_view file) {
    if (read) return false;
    const std::string& message = read.error().message;
    require(message.size() > file.size() + 2 && message.compare(0, file.size(), file) == 0 && message.back() != ' ');
    return true;
}

bool sameResults(const Results& a, const Results& b) {
    return a.code == b.code && a.studentId == b.studentId && a.name == b.name && a.classId == b.classId &&
           a.app == b.app && a.questions == b.questions;
}

void results(std::string_view text) {
    const auto read = resultsFromJson(text, "fuzz.json");
    if (refused(read, "fuzz.json")) return;
    require(decodeLabCode(read->code) && normalizeLabCode(read->code).value() == read->code);
    const std::string written = toJson(*read);
    const auto again = resultsFromJson(written, "again.json");
    require(again && sameResults(*read, *again) && toJson(*again) == written);
}

void roster(std::string_view text) {
    const auto read = readRoster(text, "roster.csv");
    if (refused(read, "roster.csv")) return;
    require(!read->empty());
    // The entries written back as a roster read the same (ids and names are trimmed already).
    std::string written = csvLine({"id", "name"});
    for (const RosterEntry& e : *read) {
        require(!e.id.empty() && !e.name.empty() && e.line >= 2);
        written += csvLine({e.id, e.name});
    }
    const auto again = readRoster(written, "again.csv");
    require(again && again->size() == read->size());
    for (std::size_t i = 0; i < read->size(); ++i)
        require((*again)[i].id == (*read)[i].id && (*again)[i].name == (*read)[i].name);
}

bool sameClass(const ClassSet& a, const ClassSet& b) {
    return a.name == b.name && a.secret == b.secret && a.lessons == b.lessons && a.settings == b.settings &&
           a.students == b.students;
}

void classFile(std::string_view text) {
    const auto read = classFromJson(text, "class.json");
    if (refused(read, "class.json")) return;
    for (const Student& s : read->students) {
        require(s.seed < kLabSeedLimit && s.code == encodeLabCode(s.seed));
        require(read->findByCode(s.code) == &s && read->findById(s.id) == &s);
        const auto card = cardFromJson(toJson(cardFor(*read, s)), "card.json");
        require(card && *card == cardFor(*read, s));
    }
    const auto again = classFromJson(toJson(*read), "again.json");
    require(again && sameClass(*read, *again));
}

void card(std::string_view text) {
    const auto read = cardFromJson(text, "card.json");
    if (refused(read, "card.json")) return;
    require(decodeLabCode(read->code) && normalizeLabCode(read->code).value() == read->code);
    const auto again = cardFromJson(toJson(*read), "again.json");
    require(again && *again == *read);
}

void labCode(std::string_view text) {
    const auto seed = decodeLabCode(text);
    const auto shown = normalizeLabCode(text);
    require(seed.has_value() == shown.has_value());
    if (!seed) {
        require(!seed.error().message.empty() && shown.error().message == seed.error().message);
        return;
    }
    require(*seed < kLabSeedLimit && *shown == encodeLabCode(*seed));
    require(shown->size() == 9 && (*shown)[4] == '-' && decodeLabCode(*shown).value() == *seed);
}

// The class the grader is given: a fixed secret, three students, lesson 5 (quick-mode) only.
struct Fixture {
    ClassSet set;
    std::vector<lesson::Lesson> lessons;
};

const Fixture& fixture() {
    static const Fixture f = [] {
        const auto file = lesson::LessonLibrary::findFile("quick-mode", lesson::LessonLibrary::folder());
        require(file.has_value());
        auto loaded = lesson::LessonLoader::load(*file);
        require(loaded.has_value());
        const std::vector<RosterEntry> roster = {{"s1", "Doe, Jane", 2}, {"s2", "Bob", 3}, {"s3", "Ann", 4}};
        return Fixture{makeClass("Fuzz class", Bytes(32, 0x42), {"quick-mode"}, {}, roster), {std::move(*loaded)}};
    }();
    return f;
}

// The file is graded (its student's row names it) or refused (a report line names it, no row does);
// every other row is not handed in; the grade sheet has a row per student.
void gradeFile(const std::string& text) {
    const Fixture& f = fixture();
    const auto report = grade(f.set, f.lessons, {{"fuzz.json", text}});
    require(report && report->students.size() == f.set.students.size());
    std::size_t graded = 0;
    for (const StudentGrade& g : report->students) {
        if (g.status == "graded") {
            require(g.file == "fuzz.json");
            ++graded;
        } else {
            require(g.file.empty() && (g.status == "not handed in" || g.status == "refused (see the report)"));
        }
    }
    require(graded == 1 || (graded == 0 && !report->problems.empty()));
    for (const std::string& problem : report->problems) require(problem.rfind("fuzz.json:", 0) == 0);
    const auto sheet = parseCsv(gradesCsv(*report), "grades.csv");
    require(sheet && sheet->size() == f.set.students.size() + 1);
    require(moodleCsv(*report).size() > 0);
}

// The file resealed as docs/class-files.md defines the seal (HMAC-SHA-256 keyed by the code as
// written, over the compact, key-sorted JSON without "seal"): anyone can do this, so the grader
// must hold without the seal.
std::string resealed(std::string_view text) {
    auto j = lab::json::Json::parse(text, nullptr, false);
    if (!j.is_object() || !j.contains("code") || !j.at("code").is_string()) return {};
    j.erase("seal");
    const std::string code = j.at("code").get<std::string>();
    j["seal"] = toHex(crypto::Hmac(crypto::HashAlgorithm::Sha256, bytesOf(code)).mac(bytesOf(j.dump())));
    return j.dump();
}

void grader(std::string_view text) {
    gradeFile(std::string(text));
    if (const std::string sealed = resealed(text); !sealed.empty()) gradeFile(sealed);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 6) {
    case 0: results(text); break;
    case 1: roster(text); break;
    case 2: classFile(text); break;
    case 3: card(text); break;
    case 4: labCode(text); break;
    case 5: grader(text); break;
    }
    return 0;
}
