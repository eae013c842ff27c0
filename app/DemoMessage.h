#pragma once
// Main Mode message 1 of a real strongSwan exchange, found and decoded by the core's decoders.
// It is what the window and the headless mode show until the lab runs its own exchange.

#include <string>

#include "base/Bytes.h"
#include "base/Error.h"
#include "wire/Annotation.h"

namespace ipseclab::app {

struct DemoMessage {
    std::string description; // "Main Mode message 1: frame 1, 127.100.0.1:500 -> 127.100.0.2:500, 196 bytes"
    Bytes bytes;             // the ISAKMP message
    wire::Annotations annotations;
};

// The capture shipped with the sources (a strongSwan Main Mode exchange).
std::string defaultDemoCapture();

// Reads `capturePath` and decodes its first Main Mode message 1 (Identity Protection, message ID 0,
// responder cookie still zero). Errors name the file and what was wrong.
Result<DemoMessage> loadMainModeMessage1(const std::string& capturePath);

// The decoding as text, one annotated field per line, indented by depth.
std::string formatAnnotated(const DemoMessage& message);

} // namespace ipseclab::app
