// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/report/SessionReport.h"

#include <QApplication>

#include <array>
#include <map>

#include "lab/Lab.h"
#include "ui/common/DiagramRows.h"
#include "ui/report/ReportDiagram.h"

namespace ipseclab::ui {

namespace {

constexpr std::array<lab::Phase, 5> kPhases{lab::Phase::InterestingTraffic, lab::Phase::IkePhase1,
                                            lab::Phase::IkePhase2, lab::Phase::DataTransfer, lab::Phase::Termination};

QString esc(const std::string& text) { return QString::fromStdString(text).toHtmlEscaped(); }

QString hex(ByteView bytes) { return QString::fromStdString(toHexGrouped(bytes)); }

// Meanings already written, and in which message: a meaning is written out once ("AF bit set:
// Type/Value form..." comes back for every attribute of every SA payload); later rows point back.
using Explained = std::map<std::string, QString>;

QString fieldTable(const wire::Annotations& annotations, const QString& message, Explained& explained) {
    QString html = QStringLiteral(
        "<table class=fields width='100%' cellspacing=0><tr><th width='21%'>Field</th><th width='9%'>Bytes</th>"
        "<th width='30%'>Value</th><th width='40%'>Meaning</th></tr>");
    for (const wire::Annotation& a : annotations) {
        const int depth = static_cast<int>(std::count(a.path.begin(), a.path.end(), '/'));
        const std::string name = a.path.substr(a.path.rfind('/') == std::string::npos ? 0 : a.path.rfind('/') + 1);
        const auto [first, isNew] = explained.emplace(a.meaning, message);
        const QString meaning =
            isNew || first->second == message
                ? esc(a.meaning)
                : QObject::tr("<span class=muted>as in %1</span>").arg(first->second.toHtmlEscaped());
        const std::size_t last = a.offset + a.length - (a.length ? 1 : 0);
        const QString bytes = last == a.offset ? QString::number(a.offset)
                                               : QStringLiteral("%1–%2").arg(a.offset).arg(last);
        html += QStringLiteral(
                    "<tr><td style='padding-left:%1px'>%2</td><td>%3</td><td class=value>%4</td><td>%5</td></tr>")
                    .arg(4 + depth * 10)
                    .arg(esc(name), bytes, esc(a.value), meaning);
    }
    return html + QStringLiteral("</table>");
}

QString datagramSection(const lab::LabEvent& e, const ike::DatagramInfo& d, Explained& explained) {
    // "MM5 · IDii, HASH_I (encrypted)" is pointed back to as "MM5".
    const QString message = QString::fromStdString(e.summary()).section(QStringLiteral(" · "), 0, 0);
    QString html = QStringLiteral("<h3>%1 <span class=muted>%2 · %3 · %4 bytes</span></h3>")
                       .arg(esc(e.summary()), formatTime(e.time), esc(e.text()))
                       .arg(d.udpPayload.size());
    html += fieldTable(d.annotations(), message, explained);
    if (d.encrypted && !d.plaintext.empty()) {
        html += QObject::tr("<p><b>Decrypted</b> (IV %1): the payloads and %n byte(s) of padding</p>", nullptr,
                            int(d.paddingLength))
                    .arg(hex(d.iv));
        html += fieldTable(d.plaintextAnnotations(), message, explained);
    }
    return html;
}

QString derivationSection(const lab::LabEvent& e, const ike::Derivation& d) {
    QStringList inputs;
    for (const ike::InputRef& input : d.inputs) inputs << esc(input.name);
    QString html = QStringLiteral("<p class=derived><b>%1</b> %2 = <span class=formula>%3</span>")
                       .arg(esc(d.id), e.origin == lab::Origin::SiteA ? QStringLiteral("(A)") : QStringLiteral("(B)"),
                            esc(d.formula.empty() ? d.function : d.formula));
    if (!d.function.empty())
        html += QStringLiteral(" <span class=muted>[%1%2]</span>")
                    .arg(esc(d.function),
                         d.keyName.empty() ? QString() : QObject::tr(" keyed with %1").arg(esc(d.keyName)));
    html += QStringLiteral("<br><span class=value>%1</span>").arg(hex(d.value.view()));
    if (!inputs.isEmpty())
        html += QObject::tr("<br><span class=muted>inputs: %1</span>").arg(inputs.join(QStringLiteral(", ")));
    return html + QStringLiteral("</p>");
}

QString line(const lab::LabEvent& e, const char* cssClass = "") {
    return QStringLiteral("<p class='%1'>%2 · %3 · <b>%4</b> — %5</p>")
        .arg(QLatin1String(cssClass), formatTime(e.time), esc(std::string(lab::originName(e.origin))), esc(e.summary()),
             esc(e.text()));
}

// One event as the report shows it: a datagram with its fields, a derivation with its value, a
// line for the rest (red for a failure, green for an outcome as designed).
QString eventSection(const lab::LabEvent& e, Explained& explained) {
    if (const ike::Event* ike = e.ike()) {
        const auto* datagram = ike->as<ike::DatagramInfo>();
        if (datagram && (ike->kind == ike::EventKind::DatagramSent || ike->kind == ike::EventKind::Retransmitted))
            return datagramSection(e, *datagram, explained);
        if (const auto* derived = ike->as<ike::Derivation>()) return derivationSection(e, *derived);
        if (const auto* dh = ike->as<ike::DhInfo>())
            return QObject::tr("<p class=derived><b>g^xy</b> (%1) %2, %3<br>ours g^x <span class=value>%4</span><br>"
                               "the peer's <span class=value>%5</span><br>g^xy <span class=value>%6</span></p>")
                .arg(esc(std::string(lab::originName(e.origin))), esc(dh->purpose),
                     QString::fromStdString(std::string(crypto::dhGroupInfo(dh->group).name)), hex(dh->ourPublic),
                     hex(dh->peerPublic), hex(dh->sharedSecret.view()));
        return line(e, ike->kind == ike::EventKind::Failure ? "failure" : "");
    }
    if (const auto* outcome = e.as<lab::OutcomeRecord>()) return line(e, outcome->asDesigned ? "good" : "failure");
    return line(e, e.attack ? "attack" : "");
}

// One SA's traffic as the timeline tells it: what its sender sent, what its receiver judged.
struct SaTraffic {
    ipsec::IpsecProtocol protocol = ipsec::IpsecProtocol::Esp;
    std::uint32_t spi = 0;
    std::uint64_t sent = 0;
    const lab::LabEvent* firstSent = nullptr;
    const lab::LabEvent* lastSent = nullptr;
    std::array<std::uint64_t, ipsec::kVerdictCount> verdicts{};
    const lab::LabEvent* firstJudged = nullptr;
    const lab::LabEvent* lastJudged = nullptr;
};

QString packetAt(const lab::LabEvent* e) {
    if (!e) return QStringLiteral("—");
    const lab::DataPlaneRecord& event = *e->as<lab::DataPlaneRecord>();
    QString text = QObject::tr("seq %1 at %2").arg(event.sequenceNumber()).arg(formatTime(e->time));
    if (event.kind() == ipsec::EventKind::Verdict)
        text += QStringLiteral(" · ") + esc(std::string(ipsec::verdictName(event.verdict())));
    return text;
}

QString trafficSummary(const lab::Timeline& timeline, std::size_t routineLines, bool listed) {
    std::map<std::string, SaTraffic> sas; // by the SA's name ("A2B", "B2A#2")
    for (const lab::LabEvent& e : timeline) {
        const auto* record = e.as<lab::DataPlaneRecord>();
        if (!record || (record->kind() != ipsec::EventKind::Sent && record->kind() != ipsec::EventKind::Verdict))
            continue;
        SaTraffic& sa = sas[record->label()];
        sa.protocol = record->protocol();
        sa.spi = record->spi();
        if (record->kind() == ipsec::EventKind::Sent) {
            ++sa.sent;
            if (!sa.firstSent) sa.firstSent = &e;
            sa.lastSent = &e;
        } else {
            ++sa.verdicts[static_cast<std::size_t>(record->verdict())];
            if (!sa.firstJudged) sa.firstJudged = &e;
            sa.lastJudged = &e;
        }
    }
    if (sas.empty()) return {};
    QString html = QObject::tr(
        "<h3>Traffic through the tunnel</h3><table class=fields width='100%' cellspacing=0><tr><th>SA</th>"
        "<th>Sent</th><th>First sent</th><th>Last sent</th><th>Received, by verdict</th>"
        "<th>First received</th><th>Last received</th></tr>");
    for (const auto& [name, sa] : sas) {
        QStringList verdicts;
        for (std::size_t v = 0; v < ipsec::kVerdictCount; ++v)
            if (sa.verdicts[v]) {
                const auto verdict = static_cast<ipsec::Verdict>(v);
                verdicts << QStringLiteral("<span class='%1'>%2 %3</span>")
                                .arg(verdict == ipsec::Verdict::Accepted ? QString() : QStringLiteral("failure"),
                                     esc(std::string(ipsec::verdictName(verdict))))
                                .arg(sa.verdicts[v]);
            }
        html += QStringLiteral("<tr><td><b>%1</b> %2 SPI "
                               "0x%3</td><td>%4</td><td>%5</td><td>%6</td><td>%7</td><td>%8</td><td>%9</td></tr>")
                    .arg(esc(name),
                         sa.protocol == ipsec::IpsecProtocol::Esp ? QStringLiteral("ESP") : QStringLiteral("AH"))
                    .arg(sa.spi, 8, 16, QLatin1Char('0'))
                    .arg(sa.sent)
                    .arg(packetAt(sa.firstSent), packetAt(sa.lastSent),
                         verdicts.isEmpty() ? QObject::tr("none") : verdicts.join(QStringLiteral(", ")),
                         packetAt(sa.firstJudged), packetAt(sa.lastJudged));
    }
    html += QStringLiteral("</table>");
    if (routineLines && !listed)
        html += QObject::tr(
                    "<p class=muted>%1 about packets that went as they should (sent, delivered, accepted, untouched by "
                    "an attack) summed up above; anything else is listed below. Export the report \"with every packet "
                    "listed\" to see them all.</p>")
                    .arg(routineLines == 1 ? QObject::tr("1 line") : QObject::tr("%1 lines").arg(routineLines));
    return html;
}

QString diagramSection(const lab::Lab& lab, bool everyRow) {
    // Drawn a bit wider than printed, so the labels keep their room.
    constexpr int kDrawnWidth = 760;
    QFont font = QApplication::font();
    font.setPointSizeF(8.5);
    // About half a page each: the first fits under the report's head, two share a page.
    const int pieceHeight = 440 * kDrawnWidth / SessionReport::kDiagramPrintWidth;
    const ReportDiagram diagram = ReportDiagram::draw(lab.timeline(), lab.scenario().nat, kDrawnWidth, pieceHeight,
                                                      font, everyRow);
    if (diagram.pieces.empty()) return {};
    QString html = QObject::tr("<h2>The sequence diagram</h2>");
    qsizetype leftOutBetween = 0;
    for (const ReportDiagram::Piece& piece : diagram.pieces) {
        if (piece.rowsLeftOutBefore)
            html +=
                QObject::tr(
                    "<p class=muted>⋮ %1 here (sent, delivered, accepted): counted in \"Traffic through the tunnel\" "
                    "below.</p>")
                    .arg(piece.rowsLeftOutBefore == 1
                             ? QObject::tr("1 more packet of routine traffic")
                             : QObject::tr("%1 more packets of routine traffic").arg(piece.rowsLeftOutBefore));
        leftOutBetween += piece.rowsLeftOutBefore;
        html += QStringLiteral("<p><img width=%1 src='data:image/png;base64,%2'></p>")
                    .arg(SessionReport::kDiagramPrintWidth)
                    .arg(QString::fromLatin1(piece.png.toBase64()));
    }
    if (diagram.rowsLeftOut > leftOutBetween)
        html += QObject::tr("<p class=muted>The diagram's first %1 rows; %2 more follow.</p>")
                    .arg(diagram.rowsDrawn)
                    .arg(diagram.rowsLeftOut - leftOutBetween);
    if (diagram.rowsLeftOut) html += QObject::tr("<p class=muted>File › Export the diagram draws every row.</p>");
    return html;
}

} // namespace

QString SessionReport::html(const lab::Lab& lab, const Options& options) {
    const lab::Scenario& s = lab.scenario();
    QString html = QStringLiteral(
        "<html><head><meta charset='utf-8'><title>IPsec Lab session report</title><style>"
        "body{font-family:sans-serif;font-size:9.5pt} h1{font-size:17pt} h2{font-size:13pt;border-bottom:1px solid "
        "#888;margin-top:16px}"
        "h3{font-size:10.5pt;margin-bottom:2px} p{margin-top:2px;margin-bottom:4px} "
        ".muted{color:#666;font-weight:normal}"
        ".value{font-family:monospace} .formula{font-family:monospace} .failure{color:#c01c28;font-weight:bold}"
        ".good{color:#26783a;font-weight:bold} .attack{color:#9c27b0}"
        "table.fields{border-collapse:collapse;margin-left:4px} table.fields td,table.fields th{border:1px solid "
        "#ccc;padding:1px 3px;"
        "font-size:8pt;vertical-align:top} table.fields th{background:#eee;text-align:left}"
        "</style></head><body>");
    html += QObject::tr("<h1>IPsec Lab — session report</h1>");
    if (!options.who.isEmpty()) html += QObject::tr("<p><b>For</b> %1</p>").arg(options.who.toHtmlEscaped());
    html += QObject::tr(
                "<p><b>Scenario</b> %1 — %2<br><b>Seed</b> %3 (the same scenario and seed give the same bytes)<br>"
                "<b>Steps</b> %4, virtual time %5</p>")
                .arg(esc(s.name), esc(s.description))
                .arg(lab.seed())
                .arg(lab.stepCount())
                .arg(formatTime(lab.now()));
    for (lab::Site site : {lab::Site::A, lab::Site::B}) {
        const lab::SiteSettings& settings = s.site(site);
        QStringList child;
        for (const auto& p : settings.childProposals) child << esc(p);
        html +=
            QObject::tr(
                "<p><b>Site %1</b> %2: %3 Mode, IKE %4, %5 %6, local subnet %7, remote subnet %8, replay window %9</p>")
                .arg(QLatin1String(lab::siteName(site)), esc(lab::LabNetwork::gateway(site).toString()),
                     settings.mode == ike::Phase1Mode::Main ? QObject::tr("Main") : QObject::tr("Aggressive"),
                     esc(lab::ikeProposalsText(site, settings)),
                     settings.protocol == ike::ChildProtocol::Esp ? QStringLiteral("ESP") : QStringLiteral("AH"),
                     child.join(QStringLiteral(", ")),
                     esc(settings.localSubnet.empty() ? lab::LabNetwork::lan(site) : settings.localSubnet),
                     esc(settings.remoteSubnet.empty()
                             ? lab::LabNetwork::lan(site == lab::Site::A ? lab::Site::B : lab::Site::A)
                             : settings.remoteSubnet))
                .arg(settings.replayWindow);
    }
    if (const auto outcome = lab.outcome())
        html += QObject::tr("<p class='%1'>Outcome: %2</p>")
                    .arg(outcome->asDesigned ? QStringLiteral("good") : QStringLiteral("failure"),
                         esc(outcome->sentence));
    if (options.diagram) html += diagramSection(lab, options.everyPacket);

    // The five phases in their order, each with its events in time order (a rekey's exchange
    // joins its phase, at its own time).
    std::array<std::vector<const lab::LabEvent*>, kPhases.size()> byPhase;
    std::size_t routine = 0;
    for (const lab::LabEvent& e : lab.timeline()) {
        if (!options.everyPacket && lab::routinePacket(e)) {
            ++routine;
            continue;
        }
        byPhase[static_cast<std::size_t>(e.phase)].push_back(&e);
    }
    int packetLines = 0, packetLinesLeftOut = 0;
    Explained explained;
    for (const lab::Phase phase : kPhases) {
        const auto& events = byPhase[static_cast<std::size_t>(phase)];
        const bool summary = phase == lab::Phase::DataTransfer && (routine || options.everyPacket);
        if (events.empty() && !summary) continue;
        html += QStringLiteral("<h2>%1 · %2</h2>")
                    .arg(static_cast<int>(phase) + 1)
                    .arg(esc(std::string(lab::phaseName(phase))));
        if (summary) html += trafficSummary(lab.timeline(), routine, options.everyPacket);
        for (const lab::LabEvent* e : events) {
            if (e->kind == lab::LabEventKind::DataPlane || e->kind == lab::LabEventKind::Wire ||
                e->kind == lab::LabEventKind::Lan) {
                if (packetLines >= kMaxDataPlaneLines) {
                    ++packetLinesLeftOut;
                    continue;
                }
                ++packetLines;
            }
            html += eventSection(*e, explained);
        }
    }
    if (packetLinesLeftOut)
        html += QObject::tr("<p class=muted>… and %1 more packet and verdict lines (the Log shows them all).</p>")
                    .arg(packetLinesLeftOut);

    const auto attacks = lab.attackReports();
    if (!attacks.empty()) {
        html += QObject::tr("<h2>Attacks</h2>");
        for (const lab::AttackReport& a : attacks) {
            QStringList verdicts;
            for (ipsec::Verdict v : a.verdicts) verdicts << esc(std::string(ipsec::verdictName(v)));
            html += QObject::tr("<p class=attack><b>attack %1</b> %2: %3 — %4; verdicts: %5</p>")
                        .arg(a.index)
                        .arg(esc(a.spec.toString()), esc(a.status), esc(a.summary),
                             verdicts.isEmpty() ? QObject::tr("none") : verdicts.join(QStringLiteral(", ")));
        }
    }
    html += QObject::tr("<h2>Security associations</h2>");
    for (const lab::SaReport& sa : lab.saReports())
        html += QObject::tr("<p><b>%1 %2</b> %3 SPI 0x%4 %5 → %6, %7: %8 packets, %9 bytes%10</p>")
                    .arg(QLatin1String(lab::siteName(sa.site)), esc(sa.name),
                         sa.protocol == ipsec::IpsecProtocol::Esp ? QStringLiteral("ESP") : QStringLiteral("AH"))
                    .arg(sa.spi, 8, 16, QLatin1Char('0'))
                    .arg(esc(sa.source.toString()), esc(sa.destination.toString()), esc(sa.suite))
                    .arg(sa.inbound ? sa.counters.packetsReceived : sa.counters.packetsSent)
                    .arg(sa.inbound ? sa.counters.bytesReceived : sa.counters.bytesSent)
                    .arg(sa.rightEdge ? QObject::tr(", right edge %1").arg(*sa.rightEdge) : QString());
    return html + QStringLiteral("</body></html>");
}

} // namespace ipseclab::ui
