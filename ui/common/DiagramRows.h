// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The sequence diagram as data: the lab's timeline folded into rows. One row per packet — a
// datagram on the WAN or an echo on a LAN — in the order it was sent; a header row where the phase
// changes; a note row for what happens without a packet (a timeout, an attack armed, the outcome).
// Every other event (derived keys, state changes, verdicts, timers) is attached to the row it
// belongs to: the receiver's reactions to the packet it just got, the sender's state after it
// sent. So a click on a row selects its packet, and a selection anywhere finds its row.
//
// A packet is sent in one step and delivered in a later one: its row appears "on the wire" when
// the sender's event arrives and is completed by the WAN event (delivered, lost, dropped). The
// rows only read the timeline: labels are the events' summaries, verdicts and reasons are the
// events' own words.

#include <QObject>
#include <QString>

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lab/LabEvent.h"

namespace ipseclab::lab {
class Timeline;
}

namespace ipseclab::ui {

class LabController;

// The vertical lines of the diagram, left to right.
enum class Lane { HostA, SiteA, Wire, SiteB, HostB };

// Something shown beside a lane or on the time axis of a row.
struct DiagramMark {
    enum class Kind { State, Timer };
    Kind kind = Kind::State;
    lab::Origin site = lab::Origin::SiteA;
    QString text;   // State: "MM3 sent, waiting for MM4"; Timer: "retransmission"
    QString detail; // the tooltip: the Cisco-like state name, the timer's sentence
    qsizetype event = -1;
};

struct DiagramRow {
    enum class Kind { Phase, Packet, Note };
    // What became of a packet, or the tone of a note.
    enum class Fate {
        InFlight,  // sent, not delivered yet (or held by an attacker)
        Delivered, // and accepted
        Failed,    // the receiver failed because of it (a Failure event), or a failure note
        Rejected,  // the receiver refused it (an ESP verdict other than accepted, an IKE drop)
        Ignored,   // a duplicate the receiver ignored
        Lost,      // never arrived: the receiver is silent, or an attacker removed it
        NotSent,   // the sender is silent
        Neutral,   // notes: nothing good or bad
        Good,      // notes: an outcome as designed with the tunnel up
    };

    Kind kind = Kind::Note;
    lab::Phase phase = lab::Phase::InterestingTraffic;
    lab::Timestamp time{0};                // sent, or happened
    std::optional<lab::Timestamp> arrival; // delivered
    Lane from = Lane::Wire;
    Lane to = Lane::Wire;
    QString label;          // "MM5 · IDii, HASH_I", "ESP seq 7", "attack 1 · replay:seq=5 · injected"
    bool encrypted = false; // an encrypted IKE message: the diagram adds a padlock
    Fate fate = Fate::Neutral;
    QString reason; // the receiver's or the lab's sentence for anything but a plain delivery
    std::optional<int> attack;
    bool lan = false;             // a LAN packet between a host and its gateway
    qsizetype event = -1;         // the packet as sent, the note's event, or the phase's first event
    qsizetype wireEvent = -1;     // the packet on the WAN (a PacketRecord), once delivered
    qsizetype receivedEvent = -1; // the receiver's event about it (DatagramReceived, an ESP verdict)
    std::vector<DiagramMark> marks;

    // The label as a textbook writes it: "MM5 · IDii, HASH_I 🔒".
    QString caption() const;
    bool isBad() const {
        return fate == Fate::Failed || fate == Fate::Rejected || fate == Fate::Lost || fate == Fate::NotSent;
    }
};

class DiagramRows : public QObject {
    Q_OBJECT
public:
    explicit DiagramRows(QObject* parent = nullptr);
    // Follows the controller: rebuilt on reset(), extended on eventsAdded().
    void follow(LabController& controller);

    void clear();
    // A class's setting (a student's lab card): a failure's row says "failure", and a failed, refused
    // or ignored packet's reason says only that — not the cause (the notify, the failure kind, the
    // engine's sentence), so the student finds it in the packets.
    // Rows folded before keep theirs until the lab is loaded again.
    void setHideFailureNames(bool hide) { m_hideFailureNames = hide; }
    bool hidesFailureNames() const { return m_hideFailureNames; }
    // Folds timeline events [first, first + count) in; they must follow those already folded.
    void append(const lab::Timeline& timeline, qsizetype first, qsizetype count);

    const std::vector<DiagramRow>& rows() const { return m_rows; }
    qsizetype rowCount() const { return static_cast<qsizetype>(m_rows.size()); }
    const DiagramRow& row(qsizetype index) const { return m_rows.at(static_cast<std::size_t>(index)); }
    // The row an event belongs to, -1 if none (or not folded yet).
    qsizetype rowOfEvent(qsizetype event) const;
    qsizetype eventCount() const { return static_cast<qsizetype>(m_rowOfEvent.size()); }
    // The latest state of each site ("QM_IDLE" in the detail), for the lane headers; a Delete that
    // leaves the site without its IKE SA or its IPsec SAs says so ("tunnel deleted", "DELETED").
    const std::optional<DiagramMark>& currentState(lab::Origin site) const;

signals:
    void modelReset();
    // Rows [first, rowCount()) are new, and rows from `firstChanged` on may have changed (a packet
    // in flight was delivered). firstChanged <= first.
    void rowsUpdated(qsizetype firstChanged, qsizetype first);

private:
    struct Activity { // where the last thing happened, to attach what follows
        qsizetype row = -1;
        lab::Timestamp time{0};
        lab::Origin site = lab::Origin::Wire;
    };

    void fold(const lab::Timeline& timeline, const lab::LabEvent& event);
    bool startsPacket(const lab::Timeline& timeline, const lab::LabEvent& event, qsizetype& row);
    void deliver(const lab::LabEvent& event, const lab::PacketRecord& record);
    void attach(const lab::LabEvent& event);
    std::optional<DiagramMark> trackSas(const lab::LabEvent& event, const ike::Event& ike);
    void applyAttackStep(const lab::LabEvent& event, const lab::AttackRecord& record);
    qsizetype addRow(DiagramRow row, const lab::LabEvent& event);
    qsizetype takeInFlight(const std::string& key);
    void setRowOf(qsizetype event, qsizetype row);
    void touch(qsizetype row);
    void hideCause(DiagramRow& row) const;

    std::vector<DiagramRow> m_rows;
    std::vector<qsizetype> m_rowOfEvent;
    // Packets on the wire by key ("ike:MM3", "esp:A2B:5"), oldest first: retransmissions share a key.
    std::map<std::string, std::deque<qsizetype>> m_inFlight;
    Activity m_activity;
    std::optional<lab::Phase> m_phase;
    std::optional<DiagramMark> m_state[2];
    struct Sas { // what a site holds: IKE SAs by cookies, child SAs by inbound SPI
        std::set<std::pair<wire::Cookie, wire::Cookie>> ike;
        std::set<std::uint32_t> children;
    };
    Sas m_sas[2];
    qsizetype m_firstChanged = -1; // lowest row changed during an append
    bool m_hideFailureNames = false;
};

// The datagram an IKE event carries, explained: a retransmission's copy carries the bytes only,
// so it is explained by the first sending of the same datagram (byte for byte the same). Null
// when the event carries none.
const ike::DatagramInfo* explainedDatagram(const lab::Timeline& timeline, const lab::LabEvent& event);
// The IKE datagram a WAN packet record carries (an attacker's copy included: the original sending
// describes the same bytes). Null for ESP, AH and LAN packets.
const ike::DatagramInfo* copiedDatagram(const lab::Timeline& timeline, const lab::PacketRecord& record);

// "0.004 s", as the command line prints times.
QString formatTime(lab::Timestamp time);
// The lane of a site's gateway, and of its LAN host.
Lane gatewayLane(lab::Origin site);
Lane hostLane(lab::Origin site);

} // namespace ipseclab::ui
