#pragma once
// The session report: the whole run as one document a student hands in or a teacher prints —
// the scenario and seed, then phase by phase every message with every field (and, encrypted,
// every decrypted field), every derived value with its formula and full value, every verdict and
// failure, the attacks, the SAs' counters and the outcome. HTML from the timeline; PDF through
// QTextDocument and QPrinter.

#include <QString>

namespace ipseclab::lab {
class Lab;
}

namespace ipseclab::ui {

class SessionReport {
public:
    // Data-plane lines beyond this many are summed up in one line (the Log has them all).
    static constexpr int kMaxDataPlaneLines = 2000;

    static QString html(const lab::Lab& lab);
    // Writes `html` as a PDF (A4); false with `error` set when the file cannot be written.
    static bool writePdf(const QString& html, const QString& path, QString* error);
    static bool writeHtml(const QString& html, const QString& path, QString* error);
};

} // namespace ipseclab::ui
