#pragma once
// The Packet dock: the packet view following the shared selection. Whatever is selected — an
// arrow of the diagram, a log line, an event attached to a packet — it shows that packet's bytes
// as they crossed the wire with the decoders' annotations and, for an encrypted message, the
// decrypted plaintext beside them, all as the timeline's events carry them (nothing re-parsed).
// EventSelection::fieldSelected (a key's input, say) selects that byte range.
//
// Field offsets follow ike::Source: for the bytes on the wire they count in the ISAKMP message
// (after the non-ESP marker on port 4500); for the plaintext, in the decrypted payload chain.

#include <QWidget>

namespace ipseclab::lab {
class Lab;
struct LabEvent;
} // namespace ipseclab::lab

namespace ipseclab::ui {

class DiagramModel;
class EventSelection;
class LabController;
class PacketView;
class Throttle;

class PacketInspector : public QWidget {
    Q_OBJECT
public:
    PacketInspector(LabController& controller, EventSelection& selection, const DiagramModel& diagram,
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
    const DiagramModel& m_diagram;
    PacketView* m_view;
    Throttle* m_refresh; // the packet shown got its verdict: show it again (at most ten times a second)
    qsizetype m_shown = -1;
    std::size_t m_isakmpOffset = 0; // of the datagram shown
};

} // namespace ipseclab::ui
