// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The session report: the whole run as one document a student hands in or a teacher prints —
// the scenario and seed, the outcome, the sequence diagram, then the five phases in their order,
// each with its events in time order: every message with every field (and, encrypted, every
// decrypted field), every derived value with its formula and full value, every verdict and
// failure. The data transfer's routine packets (lab::routinePacket: sent, delivered, accepted,
// untouched by an attack) are summed up per SA — counts per verdict, the first and the last packet — unless
// every packet is asked for; anything refused, lost or attacked is always listed. Then the
// attacks and the SAs' counters. HTML from the timeline; PDF through HtmlDocument.

#include <QString>

namespace ipseclab::lab {
class Lab;
}

namespace ipseclab::ui {

class SessionReport {
public:
    struct Options {
        bool everyPacket = false; // list each routine packet event too, not just the summary
        bool diagram = true;
        QString who; // whom the report is for ("Ada Lovelace · K7QF-92XD", a student's lab); empty: none
    };
    // Listed packet lines beyond this many are summed up in one line (the Log has them all).
    static constexpr int kMaxDataPlaneLines = 2000;
    // The diagram's width as printed (HTML pixels; the page's text is about 620 wide).
    static constexpr int kDiagramPrintWidth = 620;

    static QString html(const lab::Lab& lab, const Options& options);
    static QString html(const lab::Lab& lab) { return html(lab, Options{}); }
    // Writes `html` as a PDF (A4); false with `error` set when the file cannot be written.
};

} // namespace ipseclab::ui
