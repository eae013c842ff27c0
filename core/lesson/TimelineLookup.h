// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A lesson's references into a lab's timeline, followed without re-parsing anything (docs/architecture.md
// "One timeline"): a step's anchor, what a highlight points at, and the value a
// question's answer is compared with. Free functions over a Timeline, so a view that runs its own
// lab (the GUI's controller) can use them as LessonPlayer does.

#include <cstddef>
#include <optional>
#include <string>

#include "base/Error.h"
#include "lab/Timeline.h"
#include "lesson/Lesson.h"
#include "lesson/PskCrack.h"
#include "wire/Annotation.h"

namespace ipseclab::lesson {

// The event an anchor names: the exact id, or with a trailing '*' the first id starting with the
// rest. Only events at index >= `from` are considered.
const lab::LabEvent* findAnchor(const lab::Timeline& timeline, const std::string& anchor, std::size_t from = 0);

struct ResolvedHighlight {
    Highlight highlight;
    std::optional<std::size_t> eventIndex; // the timeline event to select (Window: the SA's latest verdict)
    std::optional<wire::Annotation> field; // Field: the annotated field
    bool inPlaintext = false;              // Field: its offsets count in the decrypted payload chain
    std::string problem;                   // empty when resolved

    bool resolved() const { return problem.empty(); }
    std::string describe() const; // "field A.MM1.sent SA/... -> event 4, bytes 56+4 = AES-CBC (7)"
};

// `shown`: the events a step shows, [0, shown) — a step stops at its anchor although the lab step
// that made the anchor made later events too. A highlight must point at a shown event (what the
// student cannot see yet is a problem), and a window shows the SA as it stood there (its latest
// verdict up to the anchor). None: the whole timeline.
ResolvedHighlight resolveHighlight(const lab::Timeline& timeline, const Highlight& highlight,
                                   std::optional<std::size_t> shown = std::nullopt);

// The text a value question's answer is compared with. `timeline` may be null for sources that
// need no lab (ToyDh); `crack` is the latest crack's result, if any; `shown` as above: a value the
// step does not show yet is an error.
Result<std::string> valueOf(const ValueSource& source, const lab::Timeline* timeline, const PskCrackResult* crack,
                            std::optional<std::size_t> shown = std::nullopt);

// Whether events `a` and `b` are on the timeline and carry the same bytes: a datagram as its sender
// sent it and as its receiver got it (a field picked in either is the same field).
bool sameBytes(const lab::Timeline& timeline, const std::string& a, const std::string& b);

// A derived value's event, "B.SKEYID_a" or "A.g^xy" (site, then the engine's id), or by an SA's
// role, "A.KEYMAT.ESP.A2B" (SaRoles.h).
const lab::LabEvent* findDerived(const lab::Timeline& timeline, const std::string& roleOrId);

} // namespace ipseclab::lesson
