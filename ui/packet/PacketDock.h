// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The Packet dock's content: the packet view (PacketView) following the shared selection. Whatever is selected — an
// arrow of the diagram, a log line, an event attached to a packet — it shows that packet's bytes
// as they crossed the wire with the decoders' annotations and, for an encrypted message, the
// decrypted plaintext beside them, all as the timeline's events carry them (nothing re-parsed).
// EventSelection::fieldSelected (a key's input, say) selects that byte range.
//
// Every layer of a packet is dissected by core (lab/PacketAnnotations.h): the whole IPv4 packet as
// the wire carried it (IPv4, UDP, the NAT-T marker, ISAKMP, ESP, AH, the inner packet, ICMP) and,
// beside it, what the receiver decrypted (an IKE message's payload chain; an ESP packet's inner
// packet and trailer). A packet still in flight shows the bytes its sender's event holds.
//
// EventSelection::fieldSelected offsets count in the selected event's own bytes (ike::Source: the
// ISAKMP message; a data-plane event: its ESP or AH packet), wherever those start in the frame;
// for the plaintext, in the decrypted payload chain.

#include <QWidget>

namespace ipseclab::lab {
class Lab;
struct LabEvent;
} // namespace ipseclab::lab

namespace ipseclab::ui {

class DiagramRows;
class EventSelection;
class LabController;
class PacketView;
class Throttle;

class PacketDock : public QWidget {
    Q_OBJECT
public:
    PacketDock(LabController& controller, EventSelection& selection, const DiagramRows& diagram,
               QWidget* parent = nullptr);

    PacketView* packetView() const { return m_view; }
    // The timeline event whose bytes are shown, -1 for none.
    qsizetype shownEvent() const { return m_shown; }

private:
    void showSelected();
    void show(qsizetype index, bool force);
    void showField(qsizetype index, bool plaintext, std::size_t offset, std::size_t length);
    // The event holding the bytes to show for a selected event: itself when it carries a
    // datagram or a packet, else the packet of its diagram row.
    qsizetype packetEventFor(const lab::Lab& lab, qsizetype index) const;

    LabController& m_controller;
    EventSelection& m_selection;
    const DiagramRows& m_diagram;
    PacketView* m_view;
    Throttle* m_refresh; // the packet shown got its verdict: show it again (at most ten times a second)
    qsizetype m_shown = -1;
    // Where the shown event's own bytes start in the bytes on the wire: its ISAKMP message (the
    // offsets of ike::Source), its ESP or AH packet; 0 for a captured packet.
    std::size_t m_eventOffset = 0;
};

} // namespace ipseclab::ui
