// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A class set (docs/class-files.md): the teacher's class file (class.json in the class folder) holds
// the class secret, the lessons set, the teacher's settings and, per student of the roster, the id,
// the name, the seed round and the lab code. A student gets only a lab card (their code, name, id,
// the class's lessons and settings; no secret). Plain data with a JSON form, without Qt.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/Bytes.h"
#include "base/Error.h"

namespace ipseclab::classroom {

// What the teacher allows; the window of a student opened with a lab card keeps to it, and the
// grader counts only the attempts allowed.
struct ClassSettings {
    std::optional<std::uint32_t> attemptsAllowed; // per question; none: unlimited
    bool backPastAnswered = true;                 // Back may return to a step whose question was answered
    bool hideFailureNames = false;                // the diagram shows a failure without naming its cause
    friend bool operator==(const ClassSettings&, const ClassSettings&) = default;
};

struct Student {
    std::string id;
    std::string name;
    std::uint32_t round = 0; // LabCode.h studentSeed's round
    std::string code;        // "K7QF-92XD"
    std::uint64_t seed = 0;  // what the code carries
    friend bool operator==(const Student&, const Student&) = default;
};

struct ClassSet {
    static constexpr int kVersion = 1;
    std::string name;                 // shown to students ("Networks 2, group B")
    Bytes secret;                     // 32 random bytes
    std::vector<std::string> lessons; // lesson ids, in the order set
    ClassSettings settings;
    std::vector<Student> students; // the roster's order

    // The public id of the class: the first 8 bytes of SHA-256("ipsec-lab class id v1" || secret), hex.
    // Lab cards and results files carry it, so a file from another class is told apart.
    std::string classId() const;
    const Student* findByCode(std::string_view code) const; // code in any form decodeLabCode takes
    const Student* findById(std::string_view id) const;
};

// A row of the roster CSV: at least the columns id and name (a header line names them, in any
// order; other columns are ignored; RFC 4180 quoting).
struct RosterEntry {
    std::string id;
    std::string name;
    std::size_t line = 0;
};
// A duplicate id, an empty id or name, a malformed line: an error naming the file, the line and the
// problem; nothing is returned then.
Result<std::vector<RosterEntry>> readRoster(std::string_view csvText, std::string_view fileName);

// A new class: a fresh secret from `secret` (32 bytes; OsRandom in the CLI), a code per student (a
// seed shared with an earlier student bumps the later one's round).
ClassSet makeClass(std::string name, Bytes secret, std::vector<std::string> lessons, ClassSettings settings,
                   const std::vector<RosterEntry>& roster);

std::string toJson(const ClassSet& set);
// Errors name the file, the key (JSON pointer) and the line; codes are recomputed from the secret
// and must match what the file says (an edited class file is refused).
Result<ClassSet> classFromJson(std::string_view text, std::string_view fileName);

// A student's lab card: what the window needs to open their lab, without the secret.
struct LabCard {
    static constexpr int kVersion = 1;
    std::string className;
    std::string classId;
    std::string studentId;
    std::string name;
    std::string code;
    std::vector<std::string> lessons;
    ClassSettings settings;
    friend bool operator==(const LabCard&, const LabCard&) = default;
};
LabCard cardFor(const ClassSet& set, const Student& student);
std::string toJson(const LabCard& card);
Result<LabCard> cardFromJson(std::string_view text, std::string_view fileName);

} // namespace ipseclab::classroom
