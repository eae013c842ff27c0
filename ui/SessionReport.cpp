#include "SessionReport.h"

#include <QFile>
#include <QPageSize>
#include <QPrinter>
#include <QTextDocument>

#include "DiagramModel.h"
#include "lab/Lab.h"

namespace ipseclab::ui {

namespace {

QString esc(const std::string& text) { return QString::fromStdString(text).toHtmlEscaped(); }

QString hex(ByteView bytes) { return QString::fromStdString(toHexGrouped(bytes)); }

QString fieldTable(const wire::Annotations& annotations) {
    QString html = QStringLiteral("<table class=fields><tr><th>Field</th><th>Bytes</th><th>Value</th><th>Meaning</th></tr>");
    for (const wire::Annotation& a : annotations) {
        const int depth = static_cast<int>(std::count(a.path.begin(), a.path.end(), '/'));
        const std::string name = a.path.substr(a.path.rfind('/') == std::string::npos ? 0 : a.path.rfind('/') + 1);
        html += QStringLiteral("<tr><td style='padding-left:%1px'>%2</td><td>%3–%4</td><td class=value>%5</td><td>%6</td></tr>")
                    .arg(6 + depth * 14)
                    .arg(esc(name))
                    .arg(a.offset)
                    .arg(a.offset + a.length - (a.length ? 1 : 0))
                    .arg(esc(a.value), esc(a.meaning));
    }
    return html + QStringLiteral("</table>");
}

QString datagramSection(const lab::LabEvent& e, const ike::DatagramInfo& d) {
    QString html = QStringLiteral("<h3>%1 <span class=muted>%2 · %3 · %4 bytes</span></h3>")
                       .arg(esc(e.summary), formatTime(e.time), esc(e.text))
                       .arg(d.udpPayload.size());
    html += fieldTable(d.annotations());
    if (d.encrypted && !d.plaintext.empty()) {
        html += QObject::tr("<p><b>Decrypted</b> (IV %1): the payloads and %n byte(s) of padding</p>", nullptr, int(d.paddingLength))
                    .arg(hex(d.iv));
        html += fieldTable(d.plaintextAnnotations());
    }
    return html;
}

QString derivationSection(const lab::LabEvent& e, const ike::Derivation& d) {
    QStringList inputs;
    for (const ike::InputRef& input : d.inputs) inputs << esc(input.name);
    QString html = QStringLiteral("<p class=derived><b>%1</b> %2 = <span class=formula>%3</span>")
                       .arg(esc(d.id), e.origin == lab::Origin::SiteA ? QStringLiteral("(A)") : QStringLiteral("(B)"),
                            esc(d.formula.empty() ? d.function : d.formula));
    if (!d.function.empty()) html += QStringLiteral(" <span class=muted>[%1%2]</span>").arg(esc(d.function), d.keyName.empty() ? QString() : QObject::tr(" keyed with %1").arg(esc(d.keyName)));
    html += QStringLiteral("<br><span class=value>%1</span>").arg(hex(d.value.view()));
    if (!inputs.isEmpty()) html += QObject::tr("<br><span class=muted>inputs: %1</span>").arg(inputs.join(QStringLiteral(", ")));
    return html + QStringLiteral("</p>");
}

QString line(const lab::LabEvent& e, const char* cssClass = "") {
    return QStringLiteral("<p class='%1'>%2 · %3 · <b>%4</b> — %5</p>")
        .arg(QLatin1String(cssClass), formatTime(e.time), esc(std::string(lab::originName(e.origin))), esc(e.summary), esc(e.text));
}

} // namespace

QString SessionReport::html(const lab::Lab& lab) {
    const lab::Scenario& s = lab.scenario();
    QString html = QStringLiteral(
        "<html><head><meta charset='utf-8'><title>IPsec Lab session report</title><style>"
        "body{font-family:sans-serif;font-size:10pt} h1{font-size:18pt} h2{font-size:14pt;border-bottom:1px solid #888;margin-top:18px}"
        "h3{font-size:11pt;margin-bottom:2px} .muted{color:#666;font-weight:normal} .value{font-family:monospace}"
        ".formula{font-family:monospace} .failure{color:#c01c28;font-weight:bold} .attack{color:#9c27b0}"
        "table.fields{border-collapse:collapse;margin-left:8px} table.fields td,table.fields th{border:1px solid #ccc;padding:1px 4px;"
        "font-size:9pt;vertical-align:top} table.fields th{background:#eee}"
        "</style></head><body>");
    html += QObject::tr("<h1>IPsec Lab — session report</h1>");
    html += QObject::tr("<p><b>Scenario</b> %1 — %2<br><b>Seed</b> %3 (the same scenario and seed give the same bytes)<br>"
                        "<b>Steps</b> %4, virtual time %5</p>")
                .arg(esc(s.name), esc(s.description))
                .arg(lab.seed())
                .arg(lab.stepCount())
                .arg(formatTime(lab.now()));
    for (lab::Site site : {lab::Site::A, lab::Site::B}) {
        const lab::SiteSettings& settings = s.site(site);
        QStringList ike, child;
        for (const auto& p : settings.ikeProposals) ike << esc(p);
        for (const auto& p : settings.childProposals) child << esc(p);
        html += QObject::tr("<p><b>Site %1</b> %2: %3 Mode, IKE %4, %5 %6, local subnet %7, remote subnet %8, replay window %9</p>")
                    .arg(QLatin1String(lab::siteName(site)),
                         esc(lab::LabNetwork::gateway(site).toString()),
                         settings.mode == ike::Phase1Mode::Main ? QObject::tr("Main") : QObject::tr("Aggressive"),
                         ike.join(QStringLiteral(", ")),
                         settings.protocol == ike::ChildProtocol::Esp ? QStringLiteral("ESP") : QStringLiteral("AH"),
                         child.join(QStringLiteral(", ")),
                         esc(settings.localSubnet.empty() ? lab::LabNetwork::lan(site) : settings.localSubnet),
                         esc(settings.remoteSubnet.empty() ? lab::LabNetwork::lan(site == lab::Site::A ? lab::Site::B : lab::Site::A)
                                                           : settings.remoteSubnet))
                    .arg(settings.replayWindow);
    }
    if (const auto outcome = lab.outcome())
        html += QStringLiteral("<p class='%1'><b>%2</b></p>")
                    .arg(outcome->asDesigned ? QString() : QStringLiteral("failure"), esc(outcome->sentence));

    std::optional<lab::Phase> phase;
    int dataPlaneLines = 0;
    int dataPlaneSkipped = 0;
    for (const lab::LabEvent& e : lab.timeline()) {
        if (!phase || *phase != e.phase) {
            phase = e.phase;
            html += QStringLiteral("<h2>%1 · %2</h2>").arg(static_cast<int>(e.phase) + 1).arg(esc(std::string(lab::phaseName(e.phase))));
        }
        if (const ike::Event* ike = e.ike()) {
            const auto* datagram = ike->as<ike::DatagramInfo>();
            if (datagram && (ike->kind == ike::EventKind::DatagramSent || ike->kind == ike::EventKind::Retransmitted)) {
                html += datagramSection(e, *datagram);
            } else if (const auto* derived = ike->as<ike::Derivation>()) {
                html += derivationSection(e, *derived);
            } else if (const auto* dh = ike->as<ike::DhInfo>()) {
                html += QObject::tr("<p class=derived><b>g^xy</b> (%1) %2, %3<br>ours g^x <span class=value>%4</span><br>"
                                    "the peer's <span class=value>%5</span><br>g^xy <span class=value>%6</span></p>")
                            .arg(esc(std::string(lab::originName(e.origin))), esc(dh->purpose),
                                 QString::fromStdString(std::string(crypto::dhGroupInfo(dh->group).name)), hex(dh->ourPublic),
                                 hex(dh->peerPublic), hex(dh->sharedSecret.view()));
            } else {
                html += line(e, ike->kind == ike::EventKind::Failure ? "failure" : "");
            }
            continue;
        }
        if (e.kind == lab::LabEventKind::DataPlane || e.kind == lab::LabEventKind::Wire || e.kind == lab::LabEventKind::Lan) {
            if (dataPlaneLines >= kMaxDataPlaneLines) {
                ++dataPlaneSkipped;
                continue;
            }
            ++dataPlaneLines;
        }
        html += line(e, e.attack ? "attack" : e.kind == lab::LabEventKind::Outcome ? "failure" : "");
    }
    if (dataPlaneSkipped)
        html += QObject::tr("<p class=muted>… and %1 more packet and verdict lines (the Log shows them all).</p>").arg(dataPlaneSkipped);

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

bool SessionReport::writeHtml(const QString& html, const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(html.toUtf8()) < 0) {
        if (error) *error = QObject::tr("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool SessionReport::writePdf(const QString& html, const QString& path, QString* error) {
    QTextDocument document;
    document.setHtml(html);
    QPrinter printer(QPrinter::HighResolution);
    printer.setOutputFormat(QPrinter::PdfFormat);
    printer.setPageSize(QPageSize(QPageSize::A4));
    printer.setOutputFileName(path);
    document.print(&printer);
    if (printer.printerState() == QPrinter::Error || !QFile::exists(path)) {
        if (error) *error = QObject::tr("%1: cannot write the PDF").arg(path);
        return false;
    }
    return true;
}

} // namespace ipseclab::ui
