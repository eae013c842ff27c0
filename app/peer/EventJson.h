// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// `ipsec-lab peer --events FILE`: every event as one JSON object per line (JSON Lines), so a test,
// jq or a script reads the run without parsing text. Each object has
//   "id"     the event's stable id ("MM1.sent", "SKEYID_a", "ESP.out.seq1.sent", "peer.ping.1.reply")
//   "layer"  "ike" (the IKEv1 engine), "ikev2" (the IKEv2 engine, --ikev2), "ipsec" (the data plane) or "peer" (this
//   program: sockets,
//            pings, counters, exit)
//   "kind"   the kind within its layer ("Derived", "ChildSaEstablished", "Verdict", "PingReply"...)
//   "time"   seconds since the peer started (microsecond resolution)
//   "text"   the one-line description
// and the kind's own fields. Byte strings are lower-case hex, SPIs "0x1234abcd", endpoints
// "127.0.0.1:500". Derived values carry their formula, function, key, inputs (name, source, bytes)
// and value; established SAs carry their keys: the file is secret material, like the key files.

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "base/Error.h"
#include "ike/Event.h"
#include "ikev2/Event.h"
#include "ipsec/Event.h"

namespace ipseclab::peer {

// "DatagramSent", "Derived", "Failure"...: the enumerator's name.
std::string ikeKindToken(ike::EventKind kind);
// "Verdict", "Sent", "RefusedToSend"...
std::string ipsecKindToken(ipsec::EventKind kind);

nlohmann::ordered_json toJson(const ike::Event& event);
nlohmann::ordered_json toJson(const ikev2::Event& event); // Ikev2EventJson.cpp
nlohmann::ordered_json toJson(const ipsec::Event& event);
// A peer-level event: the common fields; the caller adds its own.
nlohmann::ordered_json peerEvent(const std::string& id, const std::string& kind, ike::Timestamp time,
                                 const std::string& text);

// One JSON object per line, flushed line by line (so a test can follow the file while the peer runs).
class JsonLinesWriter {
public:
    JsonLinesWriter() = default; // writes nothing
    static Result<JsonLinesWriter> open(const std::string& path);
    JsonLinesWriter(JsonLinesWriter&& other) noexcept;
    JsonLinesWriter& operator=(JsonLinesWriter&& other) noexcept;
    JsonLinesWriter(const JsonLinesWriter&) = delete;
    JsonLinesWriter& operator=(const JsonLinesWriter&) = delete;
    ~JsonLinesWriter();

    bool enabled() const { return m_file != nullptr; }
    void write(const nlohmann::ordered_json& object);
    // The line write() would write (invalid UTF-8 in texts is replaced, never thrown).
    static std::string line(const nlohmann::ordered_json& object);

private:
    std::FILE* m_file = nullptr;
};

} // namespace ipseclab::peer
