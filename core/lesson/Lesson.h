// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// A lesson as data (lessons/README.md): what a class reads, step by step, beside the lab. Each step
// waits for an event of the lab's timeline (its anchor), shows Markdown, points at things on
// screen, may act on the lab (an attack, traffic, a site action, a clock jump, a dictionary attack
// on Aggressive Mode) and may ask a question. The lab being deterministic for a seed, every value a
// lesson quotes or asks for is the value the students see.
//
// LessonLoader builds these from JSON; LessonValidator checks them; LessonPlayer plays them.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lab/AttackSpec.h"
#include "lab/Scenario.h"

namespace ipseclab::lesson {

// A problem in a lesson file: the file, the key as a JSON pointer ("/steps/2/anchor"; empty for the
// whole file), the line where known and what is wrong.
struct LessonError {
    std::string file;
    std::string key;
    std::optional<std::size_t> line;
    std::string problem;

    // "lessons/03-main-mode.json:12: key /steps/2/anchor: expected a string"
    std::string toString() const;
    friend bool operator==(const LessonError&, const LessonError&) = default;
};

// A lab to run: a ready-made scenario's name, or a whole scenario in the lab's format.
struct ScenarioRef {
    std::string name;                     // ready-made; empty when inline
    std::optional<lab::Scenario> inlined; // set when the lesson carries the scenario itself

    std::string describe() const; // "main-quick" or "weak-psk (inline)"
};

// A field of a datagram: its key (wire/Field.h, Wireshark's display-filter name where it has one)
// and which occurrence in the datagram (1 = the first), or in a lesson written before keys its
// annotation path (deprecated: read for one release, with a warning).
struct FieldRef {
    std::string key;
    std::size_t index = 1;
    std::string legacyPath;

    bool empty() const { return key.empty() && legacyPath.empty(); }
    std::string describe() const; // "isakmp.nonce", "isakmp.spi #2", or the legacy path
};

// What a step points at on screen.
struct Highlight {
    enum class Kind {
        Field,  // a packet field: a datagram event and a field of it
        Key,    // a node of the derivation graph: "B.SKEYID_a" (site, then the engine's derived id)
        Window, // the replay window of an SA: "A2B"
        Event,  // an event of the timeline
        ToyDh,  // the by-hand Diffie-Hellman of the Keys dock, with these numbers (no lab needed)
    };
    Kind kind = Kind::Event;
    std::string event; // Field, Event
    FieldRef field;    // Field
    std::string key;   // Key
    std::string sa;    // Window
    struct Toy {       // ToyDh: p, g and the two private numbers
        std::uint64_t p = 0, g = 0, a = 0, b = 0;
    } toy;
};

// Where a value question's answer comes from in the lab (or, for the by-hand Diffie-Hellman, from
// the toy arithmetic itself).
struct ValueSource {
    enum class Kind {
        Derived,  // bytes of a derived value or DH secret: "B.SKEYID_a", "A.g^xy"
        Event,    // an event's bytes (IKE datagram, ESP/AH packet, WAN packet) or one annotated field of it
        Crack,    // the result of the latest crack action: the key found or the words tried
        ToyDh,    // ToyDiffieHellman: a public value or the shared secret
        Window,   // the right edge of an SA's replay window ("A2B") as the step shows it
        Overhead, // the bytes an ESP/AH packet adds around what it carries (an accepted verdict event)
    };
    // How the bytes become text. Value: the annotation's own text ("28800 seconds").
    enum class Render { Hex, Number, Length, Value };

    Kind kind = Kind::Derived;
    std::string id; // Derived: "B.SKEYID_a"; Event, Overhead: the event id; Window: the SA name
    FieldRef field; // Event: a field of it (empty: the whole datagram or packet)
    std::size_t offset = 0;
    std::optional<std::size_t> length; // none: to the end
    Render render = Render::Hex;
    std::string crack; // Crack: "key" or "tries"
    struct Toy {
        std::uint64_t p = 0;
        std::uint64_t g = 0;
        std::uint64_t privateValue = 0;
        std::optional<std::uint64_t> peerPublic; // required for "shared"
        bool shared = false;                     // false: our public value g^a mod p
    } toy;
};

struct Feedback {
    std::string right;
    std::string wrong;
};

// The kinds beyond choice and value: lesson/QuestionKinds.h.
struct Question {
    enum class Kind {
        Choice,      // one right choice
        Value,       // typed text
        MultiSelect, // every right choice, and only those
        Ordering,    // the choices, stored in their right order, put back in it
        Number,      // a typed number the lab computes (`from` required)
        Field,       // a field picked in the packet inspector: `pick`
    };
    Kind kind = Kind::Choice;
    std::string prompt;
    std::vector<std::string> choices;        // Choice, MultiSelect, Ordering (in the right order)
    std::vector<std::string> choiceFeedback; // per choice: the misconception its pick is (empty: none)
    std::size_t answerIndex = 0;             // Choice
    std::vector<std::size_t> answerSet;      // MultiSelect: the right choices, ascending
    std::string answer;                      // Value, Number: the expected text for the lesson's seed
    std::optional<ValueSource> from;         // Value, Number: where the lab shows it
    struct Pick {                            // Field: the event and its field's key
        std::string event;
        FieldRef field;
    } pick;
    // Predict-then-observe: answered before stepping on; the next step reveals right or wrong.
    bool predict = false;
    Feedback feedback;
};

// Applied when the step is reached, in order.
struct StepAction {
    enum class Kind {
        Attack,      // arm an attack on the wire now
        Traffic,     // host A sends echo requests now
        SiteAction,  // silence, resume, dpd, rekey, delete-child, delete-ike at a site
        FastForward, // move the virtual clock, firing every timer on the way
        Crack,       // the offline dictionary attack on the Aggressive Mode exchange seen so far
    };
    Kind kind = Kind::Attack;
    lab::AttackSpec attack;
    lab::TrafficSpec traffic;
    lab::ActionKind siteAction = lab::ActionKind::Dpd;
    lab::Site site = lab::Site::A;
    lab::Timestamp duration{0};
    std::vector<std::string> words; // Crack

    std::string describe() const; // "attack replay:seq=5", "crack with 9 words", "silence B"
    // The same for a student, in words: "An attacker sends a copy of A→B packet 2 again, right after packet 3."
    // `gatewaysTalk`: the lab runs in transport mode, where gateway A, not host A, pings
    // (lab::Scenario::gatewaysTalk).
    std::string sentence(bool gatewaysTalk = false) const;
};

struct LessonStep {
    std::optional<std::string> anchor;   // none: shown at once; a trailing '*' matches a prefix
    std::optional<ScenarioRef> scenario; // a new lab starts at this step
    std::optional<std::uint64_t> seed;   // that lab's seed (default: the lesson's)
    std::string text;                    // Markdown
    // Markdown: what the red (failed, refused, lost) events this step shows mean, when the lesson
    // expects them — a replay refused, a negotiation that must fail — so a class reads red as the
    // lesson's point, not as the lab broken. Empty: the step expects no red.
    std::string red;
    std::vector<Highlight> highlights;
    std::vector<StepAction> actions;
    std::optional<Question> question;
};

struct Lesson {
    int format = 1;
    std::string id;
    std::string title;
    std::string summary;
    std::vector<std::string> goals;
    std::optional<ScenarioRef> scenario; // the lab from the first step on; none: a reading lesson
    std::optional<std::uint64_t> seed;
    std::optional<unsigned> minutes;        // about how long a class needs, for the browser
    std::vector<std::string> prerequisites; // ids of the lessons to do first
    std::vector<LessonStep> steps;

    // Where it was read from, for errors that come later (validation, playing).
    std::string file;
    std::map<std::string, std::size_t> lines; // JSON pointer -> line
    // What still loads but should change, each naming the file, key and line: today a field named
    // by its annotation path instead of its key.
    std::vector<LessonError> warnings;

    // An error about this lesson at `key`, with the line the key was on.
    LessonError error(const std::string& key, std::string problem) const;
    // Whether any step runs the lab.
    bool hasLab() const;
    // How many steps ask a question.
    std::size_t questionCount() const;
};

// The line of `key`, or of the closest enclosing key the file has (a missing key's object).
std::optional<std::size_t> lineOfKey(const std::map<std::string, std::size_t>& lines, const std::string& key);

// The JSON pointer of a step's key: stepKey(2, "anchor") = "/steps/2/anchor".
std::string stepKey(std::size_t step, const std::string& key = {});

} // namespace ipseclab::lesson
