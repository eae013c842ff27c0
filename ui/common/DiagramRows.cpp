// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/common/DiagramRows.h"

#include <cstring>

#include "lab/Timeline.h"
#include "ui/common/LabController.h"

namespace ipseclab::ui {

namespace {

using lab::LabEvent;
using lab::LabEventKind;
using lab::Origin;
using Fate = DiagramRow::Fate;

Origin otherSite(Origin site) { return site == Origin::SiteA ? Origin::SiteB : Origin::SiteA; }

QString fromStd(const std::string& text) { return QString::fromStdString(text); }

// The summaries say "(encrypted)" in words; the diagram draws a padlock instead.
QString labelOf(const std::string& summary, bool encrypted) {
    const QString label = fromStd(summary);
    return encrypted && label.endsWith(QLatin1String(" (encrypted)")) ? label.chopped(12) : label;
}

std::string ikeKey(const std::string& datagramId) { return "ike:" + datagramId; }
std::string espKey(const std::string& sa, std::uint64_t seq) { return "esp:" + sa + ":" + std::to_string(seq); }

// Events that deserve a row of their own when they do not follow a packet.
bool notable(const LabEvent& e) {
    switch (e.kind) {
    case LabEventKind::Ike: {
        using K = ike::EventKind;
        const K kind = e.ike()->kind;
        return kind == K::Failure || kind == K::StateChanged || kind == K::Lifetime || kind == K::Dpd ||
               kind == K::SaDeleted;
    }
    case LabEventKind::DataPlane: {
        using K = ipsec::EventKind;
        const K kind = e.as<lab::DataPlaneRecord>()->kind();
        return kind == K::SoftLimit || kind == K::HardLimit || kind == K::RefusedToSend || kind == K::QueueDropped ||
               kind == K::SaDeleted || kind == K::Discarded;
    }
    case LabEventKind::Action:
    case LabEventKind::Clock:
    case LabEventKind::Lan:
    case LabEventKind::Wire: return true;
    default: return false;
    }
}

// A timer that fired, as a mark on the time axis; empty when the event is none.
QString timerOf(const LabEvent& e) {
    if (e.kind == LabEventKind::Clock) return QObject::tr("clock");
    if (const ike::Event* ike = e.ike()) {
        switch (ike->kind) {
        case ike::EventKind::Retransmitted: return QObject::tr("retransmission");
        case ike::EventKind::Lifetime: return QObject::tr("lifetime");
        case ike::EventKind::Dpd: return QObject::tr("DPD");
        default: break;
        }
    }
    if (const auto* record = e.as<lab::DataPlaneRecord>()) {
        if (record->kind() == ipsec::EventKind::SoftLimit || record->kind() == ipsec::EventKind::HardLimit)
            return QObject::tr("lifetime");
    }
    return {};
}

Fate noteTone(const LabEvent& e) {
    if (const auto* outcome = e.as<lab::OutcomeRecord>())
        return outcome->asDesigned && outcome->expected == "established" ? Fate::Good : Fate::Failed;
    if (const ike::Event* ike = e.ike(); ike && ike->kind == ike::EventKind::Failure) return Fate::Failed;
    if (const auto* action = e.as<lab::ActionRecord>(); action && action->action == "echo lost") return Fate::Lost;
    return Fate::Neutral;
}

} // namespace

const ike::DatagramInfo* explainedDatagram(const lab::Timeline& timeline, const LabEvent& e) {
    const ike::Event* ike = e.ike();
    const auto* info = ike ? ike->as<ike::DatagramInfo>() : nullptr;
    if (!info || ike->kind != ike::EventKind::Retransmitted) return info;
    const LabEvent* first = timeline.datagram(e.origin, info->datagramId);
    const auto* original = first && first->ike() ? first->ike()->as<ike::DatagramInfo>() : nullptr;
    return original && original->udpPayload == info->udpPayload ? original : info;
}

const ike::DatagramInfo* copiedDatagram(const lab::Timeline& timeline, const lab::PacketRecord& record) {
    if (record.datagramId().empty()) return nullptr;
    const LabEvent* original = timeline.datagram(record.from == Origin::SiteB ? Origin::SiteB : Origin::SiteA,
                                                 record.datagramId());
    return original && original->ike() ? original->ike()->as<ike::DatagramInfo>() : nullptr;
}

QString DiagramRow::caption() const { return encrypted ? label + QStringLiteral(" 🔒") : label; }

QString formatTime(lab::Timestamp time) {
    return QStringLiteral("%1 s").arg(static_cast<double>(time.count()) / 1e6, 0, 'f', 3);
}

Lane gatewayLane(Origin site) {
    return site == Origin::SiteA ? Lane::SiteA : site == Origin::SiteB ? Lane::SiteB : Lane::Wire;
}

Lane hostLane(Origin site) {
    return site == Origin::SiteA ? Lane::HostA : site == Origin::SiteB ? Lane::HostB : Lane::Wire;
}

DiagramRows::DiagramRows(QObject* parent) : QObject(parent) {}

void DiagramRows::follow(LabController& controller) { controller.feed(*this); }

void DiagramRows::clear() {
    m_rows.clear();
    m_rowOfEvent.clear();
    m_inFlight.clear();
    m_activity = {};
    m_phase.reset();
    m_state[0].reset();
    m_state[1].reset();
    m_sas[0] = {};
    m_sas[1] = {};
    emit modelReset();
}

void DiagramRows::append(const lab::Timeline& timeline, qsizetype first, qsizetype count) {
    // A view may hear of events it already has (a reset raced with a read): fold only new ones.
    const qsizetype begin = std::max(first, eventCount());
    const qsizetype end = std::min<qsizetype>(first + count, static_cast<qsizetype>(timeline.size()));
    if (begin >= end) return;
    const qsizetype rowsBefore = rowCount();
    m_firstChanged = rowsBefore;
    for (qsizetype i = begin; i < end; ++i) fold(timeline, timeline.at(static_cast<std::size_t>(i)));
    const qsizetype changed = std::min(m_firstChanged, rowsBefore);
    if (m_hideFailureNames)
        for (qsizetype r = changed; r < rowCount(); ++r) hideCause(m_rows[static_cast<std::size_t>(r)]);
    emit rowsUpdated(changed, rowsBefore);
}

void DiagramRows::hideCause(DiagramRow& row) const {
    // A refusal's or an ignored copy's sentence names the notify as well ("INFO.clear.PAYLOAD-MALFORMED").
    switch (row.fate) {
    case Fate::Failed:
        if (row.kind == DiagramRow::Kind::Note && row.label.startsWith(QLatin1String("failure")))
            row.label = tr("failure");
        row.reason = tr("failed: find the cause in the packets");
        break;
    case Fate::Rejected: row.reason = tr("refused: find why in the packets"); break;
    case Fate::Ignored: row.reason = tr("ignored: a copy"); break;
    default: break;
    }
}

qsizetype DiagramRows::rowOfEvent(qsizetype event) const {
    return event >= 0 && event < eventCount() ? m_rowOfEvent[static_cast<std::size_t>(event)] : -1;
}

const std::optional<DiagramMark>& DiagramRows::currentState(Origin site) const {
    return m_state[site == Origin::SiteB ? 1 : 0];
}

void DiagramRows::setRowOf(qsizetype event, qsizetype row) {
    if (static_cast<qsizetype>(m_rowOfEvent.size()) <= event)
        m_rowOfEvent.resize(static_cast<std::size_t>(event) + 1, -1);
    m_rowOfEvent[static_cast<std::size_t>(event)] = row;
}

void DiagramRows::touch(qsizetype row) { m_firstChanged = std::min(m_firstChanged, row); }

qsizetype DiagramRows::addRow(DiagramRow row, const LabEvent& event) {
    // Packets start a new phase band; notes stay in the current one (an attack armed at the start
    // belongs to data transfer but should not cut phase 1 in two), unless they end the story.
    const bool drivesPhase = row.kind == DiagramRow::Kind::Packet || row.phase == lab::Phase::Termination || !m_phase;
    if (drivesPhase && m_phase != row.phase) {
        DiagramRow header;
        header.kind = DiagramRow::Kind::Phase;
        header.phase = row.phase;
        header.time = row.time;
        header.event = static_cast<qsizetype>(event.index);
        header.label = QStringLiteral("%1 · %2")
                           .arg(static_cast<int>(row.phase) + 1)
                           .arg(fromStd(std::string(lab::phaseName(row.phase))));
        m_rows.push_back(std::move(header));
        m_phase = row.phase;
    } else if (!drivesPhase) {
        row.phase = *m_phase;
    }
    row.event = static_cast<qsizetype>(event.index);
    m_rows.push_back(std::move(row));
    const qsizetype index = rowCount() - 1;
    setRowOf(static_cast<qsizetype>(event.index), index);
    return index;
}

qsizetype DiagramRows::takeInFlight(const std::string& key) {
    auto it = m_inFlight.find(key);
    if (it == m_inFlight.end() || it->second.empty()) return -1;
    const qsizetype row = it->second.front();
    it->second.pop_front();
    if (it->second.empty()) m_inFlight.erase(it);
    return row;
}

void DiagramRows::fold(const lab::Timeline& timeline, const LabEvent& e) {
    qsizetype row = -1;
    if (startsPacket(timeline, e, row)) return;

    if (const auto* record = e.as<lab::PacketRecord>()) {
        if (e.kind == LabEventKind::Wire) {
            deliver(e, *record);
            // An attacker's copy of an IKE message: the padlock comes from the original.
            DiagramRow& r = m_rows[static_cast<std::size_t>(rowOfEvent(static_cast<qsizetype>(e.index)))];
            if (const ike::DatagramInfo* info = r.encrypted ? nullptr : copiedDatagram(timeline, *record);
                info && info->encrypted) {
                r.encrypted = true;
                r.label = labelOf(r.label.toStdString(), true);
            }
            return;
        }
        // A LAN packet: from the host to its gateway, or out of the tunnel to the host.
        DiagramRow lanRow;
        lanRow.kind = DiagramRow::Kind::Packet;
        lanRow.lan = true;
        lanRow.phase = e.phase;
        lanRow.time = e.time;
        lanRow.arrival = e.time;
        const bool fromHost = record->from == e.origin;
        lanRow.from = fromHost ? hostLane(e.origin) : gatewayLane(e.origin);
        lanRow.to = fromHost ? gatewayLane(e.origin) : hostLane(e.origin);
        lanRow.label = fromStd(e.summary());
        lanRow.fate = Fate::Delivered;
        lanRow.attack = e.attack;
        row = addRow(std::move(lanRow), e);
        m_activity = {row, e.time, e.origin};
        return;
    }

    if (const auto* attack = e.as<lab::AttackRecord>()) applyAttackStep(e, *attack);
    if (e.kind == LabEventKind::Attack || e.kind == LabEventKind::Outcome) {
        DiagramRow note;
        note.kind = DiagramRow::Kind::Note;
        note.phase = e.phase;
        note.time = e.time;
        note.from = note.to = Lane::Wire;
        note.label = fromStd(e.summary());
        note.reason = fromStd(e.text());
        note.fate = noteTone(e);
        note.attack = e.attack;
        addRow(std::move(note), e);
        return;
    }
    attach(e);
}

// A datagram or an ESP/AH packet leaves its sender: a new row, on the wire until delivered.
bool DiagramRows::startsPacket(const lab::Timeline& timeline, const LabEvent& e, qsizetype& row) {
    std::string key;
    bool encrypted = false;
    if (const ike::Event* ike = e.ike()) {
        const auto* info = explainedDatagram(timeline, e);
        if (!info || (ike->kind != ike::EventKind::DatagramSent && ike->kind != ike::EventKind::Retransmitted))
            return false;
        key = ikeKey(info->datagramId);
        encrypted = info->encrypted;
    } else if (const auto* record = e.as<lab::DataPlaneRecord>()) {
        if (record->kind() != ipsec::EventKind::Sent) return false;
        key = espKey(record->label(), record->sequenceNumber());
    } else {
        return false;
    }
    DiagramRow packet;
    packet.kind = DiagramRow::Kind::Packet;
    packet.phase = e.phase;
    packet.time = e.time;
    packet.from = gatewayLane(e.origin);
    packet.to = gatewayLane(otherSite(e.origin));
    packet.label = labelOf(e.summary(), encrypted);
    packet.encrypted = encrypted;
    packet.fate = Fate::InFlight;
    if (const QString timer = timerOf(e); !timer.isEmpty())
        packet.marks.push_back(
            DiagramMark{DiagramMark::Kind::Timer, e.origin, timer, fromStd(e.text()), static_cast<qsizetype>(e.index)});
    row = addRow(std::move(packet), e);
    m_inFlight[key].push_back(row);
    m_activity = {row, e.time, e.origin};
    return true;
}

// The packet reaches the WAN's far end (or is lost on the way): complete its row, or — for a
// packet nobody sent, an attacker's — make one.
void DiagramRows::deliver(const LabEvent& e, const lab::PacketRecord& record) {
    std::string key;
    if (!record.datagramId().empty()) key = ikeKey(record.datagramId());
    else if (!record.saName().empty() && record.sequenceNumber())
        key = espKey(record.saName(), *record.sequenceNumber());
    qsizetype row = key.empty() ? -1 : takeInFlight(key);
    const Origin sender = record.from == Origin::Wire ? Origin::SiteA : record.from;
    if (row < 0) {
        DiagramRow packet;
        packet.kind = DiagramRow::Kind::Packet;
        packet.phase = e.phase;
        packet.time = e.time;
        packet.from = e.attack || record.from == Origin::Wire ? Lane::Wire : gatewayLane(sender);
        packet.to = gatewayLane(otherSite(sender));
        packet.label = labelOf(e.summary(), false);
        row = addRow(std::move(packet), e);
    } else {
        setRowOf(static_cast<qsizetype>(e.index), row);
        touch(row);
    }
    DiagramRow& r = m_rows[static_cast<std::size_t>(row)];
    r.wireEvent = static_cast<qsizetype>(e.index);
    r.arrival = e.time;
    if (e.attack) r.attack = e.attack;
    switch (record.fate) {
    case lab::PacketFate::Delivered: r.fate = Fate::Delivered; break;
    case lab::PacketFate::Lost: r.fate = Fate::Lost; break;
    case lab::PacketFate::NotSent: r.fate = Fate::NotSent; break;
    }
    if (r.fate != Fate::Delivered) r.reason = fromStd(record.fateText);
    m_activity = {row, e.time, otherSite(sender)};
}

// What an attacker did to a packet already on the wire: held it back, or removed it.
void DiagramRows::applyAttackStep(const LabEvent& e, const lab::AttackRecord& record) {
    if (record.step != "held" && record.step != "dropped") return;
    qsizetype row = -1;
    if (record.sequenceNumber) {
        // ESP/AH attacks act on the A→B SA: the oldest A→B packet in flight with that number.
        const std::string suffix = ":" + std::to_string(*record.sequenceNumber);
        for (auto it = m_inFlight.begin(); it != m_inFlight.end() && row < 0; ++it) {
            const std::string& key = it->first;
            const qsizetype candidate = it->second.front();
            if (key.rfind("esp:", 0) == 0 && key.size() > suffix.size() &&
                key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0 &&
                m_rows[static_cast<std::size_t>(candidate)].from == Lane::SiteA)
                row = candidate;
        }
        if (row >= 0 && record.step == "dropped") {
            for (auto it = m_inFlight.begin(); it != m_inFlight.end(); ++it)
                if (!it->second.empty() && it->second.front() == row) {
                    takeInFlight(it->first);
                    break;
                }
        }
    } else if (auto spec = lab::AttackSpec::parse(record.spec); spec && spec->isIke()) {
        auto it = m_inFlight.find(ikeKey(spec->message));
        if (it != m_inFlight.end() && !it->second.empty()) {
            row = it->second.front();
            if (record.step == "dropped") takeInFlight(ikeKey(spec->message));
        }
    }
    if (row < 0) return;
    DiagramRow& r = m_rows[static_cast<std::size_t>(row)];
    r.attack = record.attack;
    r.reason = fromStd(e.text());
    if (record.step == "dropped") r.fate = Fate::Lost;
    setRowOf(static_cast<qsizetype>(e.index), row);
    touch(row);
}

// The SAs each site holds, so its badge follows a Delete: the engine records no state change when
// an SA goes, only the SA's SaDeleted event. A mark when the badge should change.
std::optional<DiagramMark> DiagramRows::trackSas(const LabEvent& e, const ike::Event& ike) {
    if (e.origin != Origin::SiteA && e.origin != Origin::SiteB) return std::nullopt;
    Sas& sas = m_sas[e.origin == Origin::SiteB ? 1 : 0];
    if (const auto* ikeSa = ike.as<ike::IkeSaInfo>(); ikeSa && ike.kind == ike::EventKind::IkeSaEstablished) {
        sas.ike.insert({ikeSa->initiatorCookie, ikeSa->responderCookie});
        return std::nullopt;
    }
    if (const auto* child = ike.as<ike::ChildSaInfo>(); child && ike.kind == ike::EventKind::ChildSaEstablished) {
        sas.children.insert(child->inbound.spi);
        return std::nullopt;
    }
    const auto* deleted = ike.as<ike::SaDeletedInfo>();
    if (!deleted || ike.kind != ike::EventKind::SaDeleted) return std::nullopt;
    const bool wasLive = deleted->sa == ike::SaDeletedInfo::Sa::Ike
                             ? sas.ike.erase({deleted->initiatorCookie, deleted->responderCookie}) > 0
                             : sas.children.erase(deleted->inboundSpi) > 0;
    if (!wasLive) return std::nullopt;
    QString text;
    if (sas.ike.empty() && sas.children.empty()) text = QObject::tr("tunnel deleted");
    else if (sas.ike.empty()) text = QObject::tr("IKE SA deleted");
    else if (sas.children.empty()) text = QObject::tr("IPsec SAs deleted");
    else return std::nullopt; // an older SA of several: the site is as it was
    return DiagramMark{DiagramMark::Kind::State, e.origin, text, QStringLiteral("DELETED · %1").arg(fromStd(e.text())),
                       static_cast<qsizetype>(e.index)};
}

// Everything else joins the row it follows — the receiver's reactions, the sender's state — or,
// when it happens on its own (a timeout, a lifetime), gets a note row.
void DiagramRows::attach(const LabEvent& e) {
    const bool follows = m_activity.row >= 0 && e.time == m_activity.time &&
                         (e.origin == m_activity.site || e.origin == Origin::Wire);
    qsizetype row = follows ? m_activity.row : rowCount() - 1;
    const QString timer = timerOf(e);
    const bool ownRow = !follows && notable(e);
    if (ownRow) {
        DiagramRow note;
        note.kind = DiagramRow::Kind::Note;
        note.phase = e.phase;
        note.time = e.time;
        note.from = note.to = gatewayLane(e.origin);
        note.label = fromStd(e.summary());
        note.reason = fromStd(e.text());
        note.fate = noteTone(e);
        note.attack = e.attack;
        if (!timer.isEmpty())
            note.marks.push_back(DiagramMark{DiagramMark::Kind::Timer, e.origin, timer, fromStd(e.text()),
                                             static_cast<qsizetype>(e.index)});
        row = addRow(std::move(note), e);
        m_activity = {row, e.time, e.origin};
    } else if (row >= 0) {
        setRowOf(static_cast<qsizetype>(e.index), row);
    }

    const ike::Event* ike = e.ike();
    if (ike && ike->kind == ike::EventKind::StateChanged)
        if (const auto* state = ike->as<ike::StateInfo>()) {
            // Beside the lane there is room for a few words: "waiting for MM4" (the arrow says MM3 was sent).
            QString words = fromStd(state->state);
            for (const char* role : {"initiator: ", "responder: "})
                if (words.startsWith(QLatin1String(role))) words = words.mid(static_cast<qsizetype>(std::strlen(role)));
            if (const qsizetype waiting = words.indexOf(QLatin1String("waiting for")); waiting > 0)
                words = words.mid(waiting);
            DiagramMark mark{DiagramMark::Kind::State, e.origin, words,
                             QStringLiteral("%1 · %2").arg(fromStd(state->ciscoName), fromStd(state->sa)),
                             static_cast<qsizetype>(e.index)};
            m_state[e.origin == Origin::SiteB ? 1 : 0] = mark;
            if (row >= 0 && !ownRow) { // a note of its own already says it
                m_rows[static_cast<std::size_t>(row)].marks.push_back(std::move(mark));
                touch(row);
            }
        }
    if (ike) {
        if (std::optional<DiagramMark> mark = trackSas(e, *ike)) {
            m_state[e.origin == Origin::SiteB ? 1 : 0] = *mark;
            if (row >= 0 && !ownRow) {
                m_rows[static_cast<std::size_t>(row)].marks.push_back(std::move(*mark));
                touch(row);
            }
        }
    }
    if (!follows || row < 0) return;

    DiagramRow& r = m_rows[static_cast<std::size_t>(row)];
    touch(row);
    if (!timer.isEmpty() && r.event != static_cast<qsizetype>(e.index))
        r.marks.push_back(
            DiagramMark{DiagramMark::Kind::Timer, e.origin, timer, fromStd(e.text()), static_cast<qsizetype>(e.index)});
    if (r.kind != DiagramRow::Kind::Packet) return;
    // The receiver's verdict on the packet of this row.
    if (ike) {
        switch (ike->kind) {
        case ike::EventKind::DatagramReceived: r.receivedEvent = static_cast<qsizetype>(e.index); break;
        case ike::EventKind::Failure:
            r.fate = Fate::Failed;
            if (const auto* failure = ike->as<ike::FailureInfo>()) r.reason = fromStd(failure->sentence);
            break;
        case ike::EventKind::Dropped:
            r.receivedEvent = static_cast<qsizetype>(e.index);
            if (r.fate != Fate::Failed) {
                r.fate = Fate::Rejected;
                r.reason = fromStd(ike->text);
            }
            break;
        case ike::EventKind::DuplicateIgnored:
            r.receivedEvent = static_cast<qsizetype>(e.index);
            if (r.fate == Fate::Delivered) {
                r.fate = Fate::Ignored;
                r.reason = fromStd(ike->text);
            }
            break;
        default: break;
        }
    } else if (const auto* record = e.as<lab::DataPlaneRecord>();
               record && record->kind() == ipsec::EventKind::Verdict) {
        r.receivedEvent = static_cast<qsizetype>(e.index);
        if (record->verdict() != ipsec::Verdict::Accepted) {
            r.fate = Fate::Rejected;
            r.reason = QStringLiteral("%1: %2").arg(fromStd(std::string(ipsec::verdictName(record->verdict()))),
                                                    fromStd(record->reason()));
        }
    } else if (e.kind == LabEventKind::Wire && !e.as<lab::PacketRecord>()) {
        // The gateway had nothing to hand the packet to.
        r.fate = Fate::Rejected;
        r.reason = fromStd(e.text());
    }
}

} // namespace ipseclab::ui
