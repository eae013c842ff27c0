// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/packet/PacketDock.h"

#include <QTreeView>
#include <QVBoxLayout>

#include <functional>
#include <optional>

#include "lab/PacketAnnotations.h"
#include "ui/common/DiagramRows.h"
#include "ui/common/EventSelection.h"
#include "ui/common/HexView.h"
#include "ui/common/LabController.h"
#include "ui/common/Throttle.h"
#include "ui/packet/PacketView.h"

namespace ipseclab::ui {

namespace {

const ike::DatagramInfo* datagramOf(const lab::LabEvent& e) {
    const ike::Event* ike = e.ike();
    return ike ? ike->as<ike::DatagramInfo>() : nullptr;
}

bool carriesBytes(const lab::LabEvent& e) {
    if (datagramOf(e)) return true;
    if (const auto* record = e.as<lab::DataPlaneRecord>()) return !record->packet.empty();
    return e.as<lab::PacketRecord>() != nullptr;
}

QString bytesTitle(const QString& what, std::size_t size) {
    return QObject::tr("%1 · %n bytes", nullptr, static_cast<int>(size)).arg(what);
}

// One buffer as core dissected it: its fields, its layers and, when the dissection stopped short,
// which field and byte stopped it, as the product reports bad input everywhere.
PacketLayer dissectedLayer(const QString& where, const QString& title, ByteView bytes, lab::Dissected dissected) {
    PacketLayer layer{title,
                      Bytes(bytes.begin(), bytes.end()),
                      std::move(dissected.annotations),
                      std::move(dissected.dissection.layers),
                      {}};
    if (const auto& error = dissected.dissection.error)
        layer.problem = QObject::tr("%1: could not be dissected to its end — %2")
                            .arg(where, QString::fromStdString(error->toString()));
    return layer;
}

// "On the wire (IPv4 · ESP) · 152 bytes", "On LAN A (IPv4 · ICMP) · 84 bytes".
PacketLayer frameLayer(const lab::PacketRecord& record) {
    lab::Dissected dissected = lab::dissect(record);
    const QString where = record.interface == lab::Interface::Wan
                              ? QObject::tr("On the wire")
                              : QObject::tr("On %1").arg(
                                    QString::fromStdString(std::string(lab::interfaceName(record.interface))));
    const QString title = bytesTitle(QStringLiteral("%1 (%2)").arg(where, protocolNames(dissected.dissection.layers)),
                                     record.packet.size());
    return dissectedLayer(where, title, record.packet, std::move(dissected));
}

// Where the first layer of `kind` starts in a buffer, if it is there.
std::optional<std::size_t> offsetOf(const PacketLayer& layer, wire::Layer::Kind kind) {
    for (const wire::Layer& p : layer.protocols)
        if (p.kind == kind) return p.offset;
    return std::nullopt;
}

// The field of `layer` covering exactly [offset, offset + length), else the deepest one holding offset.
QModelIndex findField(const PacketModel& model, int layer, std::size_t offset, std::size_t length) {
    std::function<QModelIndex(const QModelIndex&)> search = [&](const QModelIndex& parent) -> QModelIndex {
        for (int r = 0; r < model.rowCount(parent); ++r) {
            const QModelIndex child = model.index(r, 0, parent);
            if (child.data(PacketModel::OffsetRole).toULongLong() == offset &&
                child.data(PacketModel::LengthRole).toULongLong() == length)
                return child;
            if (const QModelIndex deeper = search(child); deeper.isValid()) return deeper;
        }
        return {};
    };
    const QModelIndex exact = search(model.layerIndex(layer));
    return exact.isValid() ? exact : model.fieldAt(layer, offset);
}

} // namespace

PacketDock::PacketDock(LabController& controller, EventSelection& selection, const DiagramRows& diagram,
                       QWidget* parent)
    : QWidget(parent), m_controller(controller), m_selection(selection), m_diagram(diagram), m_view(new PacketView),
      m_refresh(new Throttle(
          100, [this] { show(m_selection.current(), true); }, this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    m_view->clear(tr("Click an arrow of the diagram to see its bytes."));

    connect(&m_selection, &EventSelection::currentChanged, this, &PacketDock::showSelected);
    connect(&m_selection, &EventSelection::fieldSelected, this, &PacketDock::showField);
    connect(m_view, &PacketView::fieldPicked, this,
            [this](const QString& key) { m_selection.pickField(m_shown, key); });
    connect(&m_controller, &LabController::reset, this, [this] {
        m_refresh->cancel();
        m_shown = -1;
        m_view->clear(tr("Click an arrow of the diagram to see its bytes."));
    });
    // A packet on the wire gets its verdict (and its plaintext) in a later step.
    connect(&m_diagram, &DiagramRows::rowsUpdated, this, [this](qsizetype firstChanged) {
        if (m_diagram.rowOfEvent(m_selection.current()) >= firstChanged) m_refresh->request();
    });
}

void PacketDock::showSelected() { show(m_selection.current(), false); }

qsizetype PacketDock::packetEventFor(const lab::Lab& lab, qsizetype index) const {
    const auto& timeline = lab.timeline();
    if (index < 0 || static_cast<std::size_t>(index) >= timeline.size()) return -1;
    if (carriesBytes(timeline.at(static_cast<std::size_t>(index)))) return index;
    const qsizetype row = m_diagram.rowOfEvent(index);
    if (row < 0 || m_diagram.row(row).kind != DiagramRow::Kind::Packet) return -1;
    return m_diagram.row(row).event;
}

void PacketDock::show(qsizetype index, bool force) {
    m_controller.read([&](const lab::Lab& lab) {
        const qsizetype packet = packetEventFor(lab, index);
        if (packet < 0) {
            if (index >= 0 && static_cast<std::size_t>(index) < lab.timeline().size())
                m_view->clear(
                    tr("%1\nNot a packet: select an arrow to see bytes.")
                        .arg(QString::fromStdString(lab.timeline().at(static_cast<std::size_t>(index)).summary())));
            m_shown = -1;
            return;
        }
        if (packet == m_shown && !force) return;
        m_shown = packet;
        const lab::LabEvent& e = lab.timeline().at(static_cast<std::size_t>(packet));
        const qsizetype rowIndex = m_diagram.rowOfEvent(packet);
        const DiagramRow* row = rowIndex >= 0 ? &m_diagram.row(rowIndex) : nullptr;

        // The title: the textbook line, where and when, and what became of it.
        QStringList title;
        // Not the caption's padlock glyph: not every machine has a font for it.
        title << (row && row->kind == DiagramRow::Kind::Packet
                      ? row->label + (row->encrypted ? tr(" · encrypted") : QString())
                      : QString::fromStdString(e.summary()));
        QString where = QStringLiteral("%1 · %2").arg(QString::fromStdString(std::string(lab::originName(e.origin))),
                                                      formatTime(e.time));
        if (row && row->wireEvent >= 0)
            if (const auto* wire = lab.timeline().at(static_cast<std::size_t>(row->wireEvent)).as<lab::PacketRecord>();
                wire && wire->frame)
                where += tr(" · WAN frame #%1 of the capture").arg(wire->frame);
        title << where;
        if (row && !row->reason.isEmpty()) title << row->reason;

        // The whole packet as captured when the wire has carried it (a WAN or LAN record), else the
        // bytes the sender's event holds (a packet still in flight).
        const lab::PacketRecord* frame = e.as<lab::PacketRecord>();
        if (!frame && row && row->wireEvent >= 0)
            frame = lab.timeline().at(static_cast<std::size_t>(row->wireEvent)).as<lab::PacketRecord>();
        if (frame && frame->packet.empty()) frame = nullptr;

        std::vector<PacketLayer> layers;
        m_eventOffset = 0;
        auto addDatagram = [&](const ike::DatagramInfo& d) {
            // Field offsets (ike::Source) count in the ISAKMP message: where it starts in the frame.
            PacketLayer whole = frame ? frameLayer(*frame) : PacketLayer{};
            if (const auto isakmp = offsetOf(whole, wire::Layer::Kind::Isakmp)) {
                m_eventOffset = *isakmp;
                layers.push_back(std::move(whole));
            } else {
                m_eventOffset = d.isakmpOffset;
                layers.push_back({bytesTitle(tr("On the wire (UDP payload)"), d.udpPayload.size()),
                                  d.udpPayload,
                                  d.annotations(),
                                  {},
                                  {}});
            }
            if (d.encrypted && !d.plaintext.empty())
                layers.push_back({bytesTitle(tr("Decrypted (payloads and padding)"), d.plaintext.size()),
                                  d.plaintext,
                                  d.plaintextAnnotations(),
                                  {},
                                  {}});
            else if (d.encrypted) title << tr("Encrypted; this side could not decrypt it.");
        };
        const ike::DatagramInfo* datagram = explainedDatagram(lab.timeline(), e);
        // An attacker's copy of an IKE message: the original's plaintext describes the same bytes.
        if (!datagram && frame) datagram = copiedDatagram(lab.timeline(), *frame);
        if (datagram) {
            addDatagram(*datagram);
        } else if (frame) {
            layers.push_back(frameLayer(*frame));
            // A data-plane event's offsets count in its ESP or AH packet.
            if (const auto* sent = e.as<lab::DataPlaneRecord>())
                m_eventOffset = offsetOf(layers.back(), sent->protocol() == ipsec::IpsecProtocol::Esp
                                                            ? wire::Layer::Kind::Esp
                                                            : wire::Layer::Kind::Ah)
                                    .value_or(0);
        } else if (const auto* sent = e.as<lab::DataPlaneRecord>()) {
            lab::Dissected dissected = lab::dissect(*sent);
            const QString asSent = tr("As sent, before the wire");
            const QString what = bytesTitle(
                QStringLiteral("%1 (%2)").arg(asSent, protocolNames(dissected.dissection.layers)), sent->packet.size());
            layers.push_back(dissectedLayer(asSent, what, sent->packet, std::move(dissected)));
        }
        if (const auto* record = e.as<lab::PacketRecord>()) title << QString::fromStdString(record->comment);
        else if (e.as<lab::DataPlaneRecord>()) title << QString::fromStdString(e.text());
        // ESP: the receiver's verdict carries what it decrypted, trailer included.
        if (row && row->receivedEvent >= 0 && !datagram) {
            const lab::LabEvent& received = lab.timeline().at(static_cast<std::size_t>(row->receivedEvent));
            if (const auto* verdict = received.as<lab::DataPlaneRecord>()) {
                if (const ByteView cleartext = verdict->cleartext(); !cleartext.empty()) {
                    // The fields below it name the layers: the title stays short beside the wire's.
                    const QString decrypted =
                        tr("Decrypted by gateway %1")
                            .arg(QString::fromStdString(std::string(lab::originName(received.origin))));
                    layers.push_back(dissectedLayer(decrypted, bytesTitle(decrypted, cleartext.size()), cleartext,
                                                    lab::dissectCleartext(*verdict)));
                }
                title << QString::fromStdString(received.text());
            }
        }
        title.removeAll(QString());
        // The first line in the title's bold, the particulars under it in plain weight.
        QString html = title.first().toHtmlEscaped();
        for (qsizetype i = 1; i < title.size(); ++i)
            html += QStringLiteral("<br><span style='font-weight:normal; font-size:small'>%1</span>")
                        .arg(title[i].toHtmlEscaped());
        m_view->setPacket(html, std::move(layers));
    });
}

void PacketDock::showField(qsizetype index, bool plaintext, std::size_t offset, std::size_t length) {
    show(index, false);
    if (m_shown < 0) return;
    const int layer = plaintext ? 1 : 0;
    const std::size_t at = plaintext ? offset : offset + m_eventOffset;
    const QModelIndex field = findField(*m_view->model(), layer, at, length);
    if (field.isValid()) {
        m_view->tree()->scrollTo(field);
        m_view->tree()->setCurrentIndex(field);
    }
    // The exact range, even when it is part of a field.
    if (HexView* hex = m_view->hexView(layer)) hex->setHighlight(at, length);
}

} // namespace ipseclab::ui
