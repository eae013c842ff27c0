// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// One entry of the lab's timeline (docs/architecture.md "One timeline"): what happened, when
// on the virtual clock, where (Site A, Site B, the wire), in which of the five phases, in one
// textbook line, and the full detail — the IKE engine's event, the data plane's event with its
// bytes copied, the packet on the wire with its capture frame number, an attack step, a clock
// jump, the outcome. The GUI, the command line and the exporters read only this: nothing is
// re-parsed or recomputed from it.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "base/Bytes.h"
#include "base/SharedBytes.h"
#include "ike/Event.h"
#include "ipsec/Event.h"
#include "lab/Scenario.h"
#include "wire/PacketDissector.h"

namespace ipseclab::lab {

// The overview article's five stages (seed/ipsec-overview.md).
enum class Phase : std::uint8_t { InterestingTraffic, IkePhase1, IkePhase2, DataTransfer, Termination };
// "interesting traffic", "IKE phase 1", "IKE phase 2", "data transfer", "termination".
std::string_view phaseName(Phase phase);

// The virtual clock as the timeline's texts show it: "1.250 s".
std::string formatSeconds(Timestamp t);

enum class Origin : std::uint8_t { SiteA, SiteB, Wire };
std::string_view originName(Origin origin); // "A", "B", "wire"
inline Origin originOf(Site site) { return site == Site::A ? Origin::SiteA : Origin::SiteB; }

enum class LabEventKind : std::uint8_t {
    Ike,       // detail: ike::Event
    DataPlane, // detail: DataPlaneRecord (SPD / SAD / SA events)
    Wire,      // detail: PacketRecord (a packet delivered, lost or held on the WAN)
    Lan,       // detail: PacketRecord (a cleartext packet on LAN A or LAN B)
    Attack,    // detail: AttackRecord
    Clock,     // detail: ClockRecord (the virtual clock jumped with nothing else to show)
    Action,    // detail: ActionRecord (a scenario or user action: silence, DPD, delete, traffic started...)
    Outcome,   // detail: OutcomeRecord
};
std::string_view labEventKindName(LabEventKind kind);

// ipsec::Event as the timeline keeps it: its fields, without the byte views (which live only
// during the sink call: the record holds the bytes) and the time (the LabEvent's).
struct DataPlaneEvent {
    ipsec::EventKind kind = ipsec::EventKind::Verdict;
    ipsec::IpsecProtocol protocol = ipsec::IpsecProtocol::Esp;
    ipsec::Verdict verdict = ipsec::Verdict::Accepted;
    ipsec::LimitKind limit = ipsec::LimitKind::None;
    bool extendedSequenceNumbers = false; // beside the one-byte fields (issue 18: bytes per event)
    std::uint32_t spi = 0;
    std::uint64_t sequenceNumber = 0;
    std::string label;
    std::string reason;
    std::optional<ipsec::WindowDelta> window;
    std::optional<wire::EspLayout> espLayout;
};

class Timeline;

// A data-plane event with its bytes kept (ipsec::Event's views live only during its sink call).
struct DataPlaneRecord {
    SharedBytes packet; // the ESP or AH packet: shares the WAN frame's bytes where the frame holds them

    // Copies `event`; its bytes are kept by `timeline` (once: Timeline::keep).
    static DataPlaneRecord of(const ipsec::Event& event, Timeline& timeline);
    // The event's fields, made from the compact form kept (a copy: the loops over the timeline
    // read the fields below instead).
    DataPlaneEvent event() const;
    ipsec::EventKind kind() const { return static_cast<ipsec::EventKind>(m_kind); }
    ipsec::IpsecProtocol protocol() const { return static_cast<ipsec::IpsecProtocol>(m_protocol); }
    ipsec::Verdict verdict() const { return static_cast<ipsec::Verdict>(m_verdict); }
    ipsec::LimitKind limit() const { return static_cast<ipsec::LimitKind>(m_limit); }
    std::uint32_t spi() const { return m_spi; }
    std::uint64_t sequenceNumber() const { return m_sequenceNumber; }
    bool extendedSequenceNumbers() const { return m_flags & kEsn; }
    const std::string& label() const { return m_label; }
    const std::string& reason() const; // empty when the event gave none
    std::optional<ipsec::WindowDelta> window() const;
    std::optional<wire::EspLayout> espLayout() const;
    // What was delivered (sent, queued), and an ESP verdict's decrypted part, padding and trailer
    // included (empty if not decrypted).
    ByteView payload() const { return m_opened.view().first(m_payloadLength); }
    ByteView cleartext() const { return m_opened.view().subspan(m_cleartextOffset); }

private:
    friend class Timeline; // keep() moves the bytes into a buffer that holds them too
    void setWindow(const ipsec::WindowDelta& window);

    // The payload and the cleartext, each byte once: the SA delivers from the buffer it decrypted
    // into, so a tunnel-mode payload is the front of the cleartext, a transport-mode one the
    // rebuilt IPv4 header and the front of the cleartext after it.
    SharedBytes m_opened;
    std::uint32_t m_payloadLength = 0;
    std::uint32_t m_cleartextOffset = 0;
    // The event in small fields, and its rare parts (a reason, a window change that does not fit
    // the small fields) held apart: every event of the timeline is as large as its largest detail
    // (issue 18: bytes per frame), 112 bytes, which the fields below fill.
    std::uint32_t m_spi = 0;
    std::uint8_t m_kind = 0, m_protocol = 0, m_verdict = 0, m_limit = 0;
    std::uint64_t m_sequenceNumber = 0;
    std::uint16_t m_ivLength = 0, m_icvLength = 0;
    static constexpr std::uint8_t kLayout = 1, kEsn = 2, kWindow = 4; // m_flags
    std::uint8_t m_flags = 0;
    // An accepted verdict's window change, inline (one allocation each cost about 112 bytes): the
    // bit set is the packet's own number, the right edge that number plus m_windowAhead, the edge
    // before it the right edge minus m_windowShift.
    std::uint8_t m_firstClearedWord = 0, m_clearedWords = 0;
    std::uint32_t m_windowAhead = 0, m_windowShift = 0;
    std::string m_label;
    struct Rare {
        std::string reason;
        std::optional<ipsec::WindowDelta> window;
    };
    // Owned, and copied with the record: 8 bytes where a shared_ptr takes 16.
    struct RareBox {
        std::unique_ptr<const Rare> held;
        RareBox() = default;
        RareBox(const RareBox& other) : held(other.held ? std::make_unique<const Rare>(*other.held) : nullptr) {}
        RareBox(RareBox&&) noexcept = default;
        RareBox& operator=(const RareBox& other) { return *this = RareBox(other); }
        RareBox& operator=(RareBox&&) noexcept = default;
        ~RareBox() = default;
    };
    RareBox m_rare;
};

// What became of a packet on the wire. A LAN packet is always delivered.
enum class PacketFate : std::uint8_t { Delivered, Lost, NotSent };

enum class Interface : std::uint8_t { LanA, Wan, LanB };
std::string_view interfaceName(Interface interface); // "LAN A", "WAN", "LAN B"

struct PacketRecord {
    // The small fields first, side by side (every packet event holds one of these: issue 18).
    Interface interface = Interface::Wan;
    Origin from = Origin::SiteA;
    PacketFate fate = PacketFate::Delivered;
    std::size_t frame = 0; // the capture's frame number (1-based); 0 = not in the capture
    SharedBytes packet;    // the logical IPv4 packet as captured (shared: Timeline::keep)
    std::string comment;   // the capture's per-packet comment
    std::string fateText;  // "delivered", "lost: site B is silent", "not sent: site A is silent", "delivered to host B"

    // What only a WAN packet has, held apart so that a LAN frame does not carry it (every event is
    // as large as its largest detail: issue 18, bytes per frame).
    struct Wan {
        std::string datagramId; // IKE: the engine's datagram id ("MM3"), to find its DatagramSent event
        std::string saName;     // ESP/AH: "A2B"
        std::optional<std::uint64_t> sequenceNumber; // ESP/AH: as the sender numbered it (64-bit under ESN)
        wire::IpsecHints hints; // ESP/AH: what only the SA knows about these bytes (ESP layout, ESN high bits)
    };
    void setWan(Wan wan) { m_wan = std::make_shared<const Wan>(std::move(wan)); }
    const std::string& datagramId() const { return wan().datagramId; }
    const std::string& saName() const { return wan().saName; }
    const std::optional<std::uint64_t>& sequenceNumber() const { return wan().sequenceNumber; }
    const wire::IpsecHints& hints() const { return wan().hints; }

private:
    const Wan& wan() const;
    std::shared_ptr<const Wan> m_wan;
};

struct AttackRecord {
    int attack = 0;   // 1-based, in the order attacks were armed
    std::string spec; // "replay:seq=5"
    std::string step; // "armed", "started", "injected", "held", "released", "modified", "dropped", "failed", "done"
    std::optional<std::size_t> frame; // the WAN frame it concerns (the original of a replay)
    std::optional<std::uint64_t> sequenceNumber;
};

struct ClockRecord {
    Timestamp from{0};
    Timestamp to{0};
    std::string reason;
};

struct ActionRecord {
    std::string action;     // "silence B", "traffic: 20 echo requests", "fast-forward 60 s", "own packet"
    bool ownPacket = false; // transport mode: a packet reached its gateway's own stack (no LAN to capture it on)
};

struct OutcomeRecord {
    bool asDesigned = false;
    std::string expected; // "established", "failure:psk-mismatch"
    std::string sentence;
};

struct LabEvent {
    std::size_t index = 0;
    // Stable and unique within a run: engine events carry their site ("A.MM1.sent", "B.SKEYID_a"),
    // data-plane ids are already directional ("ESP.A2B.seq5.verdict"), wire events name the
    // message ("MM4.delivered"), attacks their number ("attack.1.injected"). A repeated id gets
    // "#2", "#3"... appended.
    std::string id;
    Timestamp time{0};
    Phase phase = Phase::InterestingTraffic;
    Origin origin = Origin::Wire;
    LabEventKind kind = LabEventKind::Clock;
    std::optional<int> attack; // the attack this event belongs to (its packets' verdicts too)
    // An engine's event is held apart (set it with setIke()): it is the largest detail by far, and
    // inline it would make every event of the timeline that large (issue 18: memory per frame).
    std::variant<std::monostate, std::shared_ptr<const ike::Event>, DataPlaneRecord, PacketRecord, AttackRecord,
                 ClockRecord, ActionRecord, OutcomeRecord>
        detail;

    template <typename T>
    const T* as() const {
        return std::get_if<T>(&detail);
    }
    const ike::Event* ike() const {
        const auto* held = std::get_if<std::shared_ptr<const ike::Event>>(&detail);
        return held ? held->get() : nullptr;
    }
    void setIke(ike::Event event) { detail = std::make_shared<const ike::Event>(std::move(event)); }

    // The textbook line ("MM1 · SA proposals", "ESP seq 7", "SKEYID_a") and the one line with the
    // particulars. Those of the events every packet makes (a LAN frame: its interface, number and
    // comment; a data-plane event: its fields) are made from the detail when asked, not kept
    // (issue 18: memory per frame); the others are kept as set.
    std::string summary() const;
    std::string text() const;
    void setSummary(std::string_view summary) { setWords(summary, keptText()); }
    void setText(std::string_view text) { setWords(keptSummary(), text); }
    // Both at once (one string kept, as long as they are: issue 18).
    void setWords(std::string_view summary, std::string_view text);

private:
    std::string_view keptSummary() const;
    std::string_view keptText() const;
    std::string m_words; // the summary, then '\0' and the text when there is one
};

// A packet of the data transfer that went as it should — sent, delivered on the WAN or a LAN,
// accepted — with no attacker near it: what the session report sums up rather than tells one by one.
bool routinePacket(const LabEvent& event);

} // namespace ipseclab::lab
