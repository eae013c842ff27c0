// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The one Event an SA fills and hands to its sink for every packet, so that a packet builds no
// string: the SA's label and the other fields that never change are set once, at creation. The
// guard covers a sink that re-enters the SA (a lesson step that sends a reply, a test) while it
// still holds the reused event: that call gets an event of its own.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "ipsec/Event.h"

namespace ipseclab::ipsec {

// A copy of `view` made from its pointer and size, for the spans event lambdas capture by reference
// (docs/performance.md, store forwarding).
inline ByteView eventView(ByteView view) { return {view.data(), view.size()}; }

class ReusedEvent {
public:
    // Events go to `sink` (none by default).
    void setSink(EventSink sink) { m_sink = std::move(sink); }
    // The SA's own fields, the same on all its events: set once, at creation.
    void stamp(std::string label, IpsecProtocol protocol, std::uint32_t spi, std::optional<wire::EspLayout> espLayout,
               bool extendedSequenceNumbers);

    // Resets the event to `kind` at `now`, lets `fill` set the rest and hands it to the sink.
    // Nothing happens without a sink.
    template <typename Fill>
    void send(EventKind kind, Timestamp now, Fill&& fill) {
        if (!m_sink) return;
        if (m_busy) return sendOwn(kind, now, fill);
        m_busy = true;
        struct Release {
            bool& busy;
            ~Release() { busy = false; }
        } release{m_busy};
        reset(m_event, kind, now);
        fill(m_event);
        m_sink(m_event);
    }

private:
    // Every field but the SA's own (label, ESP layout, ESN) back to its default, for an event of `kind`.
    void reset(Event& e, EventKind kind, Timestamp now) const {
        e.kind = kind;
        e.protocol = m_protocol;
        e.spi = m_spi;
        e.sequenceNumber = 0;
        e.verdict = Verdict::Accepted;
        e.window.reset();
        e.limit = LimitKind::None;
        e.time = now;
        e.reason.clear();
        e.packet = {};
        e.payload = {};
        e.cleartext = {};
    }
    // send() while the sink holds the reused event: a local one, stamped the same.
    template <typename Fill>
    [[gnu::cold, gnu::noinline]] void sendOwn(EventKind kind, Timestamp now, Fill& fill) {
        Event local;
        local.label = m_event.label;
        local.espLayout = m_event.espLayout;
        local.extendedSequenceNumbers = m_event.extendedSequenceNumbers;
        reset(local, kind, now);
        fill(local);
        m_sink(local);
    }

    EventSink m_sink;
    Event m_event;
    IpsecProtocol m_protocol = IpsecProtocol::Esp;
    std::uint32_t m_spi = 0;
    bool m_busy = false;
};

} // namespace ipseclab::ipsec
