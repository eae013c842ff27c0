// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/keys/DerivationDetails.h"

#include <QEvent>
#include <QUrl>

#include "ui/common/HexText.h"
#include "ui/keys/DerivationTracker.h"

namespace ipseclab::ui {

namespace {

QString siteName(lab::Site site) { return site == lab::Site::A ? QStringLiteral("A") : QStringLiteral("B"); }

QString code(const QString& text) { return QStringLiteral("<code>%1</code>").arg(text.toHtmlEscaped()); }

// A link that follows input `input` of the node at `site` ("input:A:3"), or the plain text when
// the input points nowhere the views can go (the PSK, a constant).
QString followLink(const ike::Source& source, lab::Site site, int input, const QString& text, const QPalette& palette) {
    if (source.kind != ike::Source::Kind::Derived && source.kind != ike::Source::Kind::Datagram)
        return text.toHtmlEscaped();
    return linkHtml(QStringLiteral("input:%1:%2").arg(siteName(site)).arg(input), text.toHtmlEscaped(), palette);
}

} // namespace

DerivationDetails::DerivationDetails(DerivationTracker& tracker, QWidget* parent)
    : QTextBrowser(parent), m_tracker(tracker) {
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setAccessibleName(tr("Selected key"));
    setAccessibleDescription(
        tr("The selected key in full: its formula, each site's value and every input with its bytes; each "
           "input is a link to where it came from."));
    connect(this, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        const QStringList parts = url.toString().split(':');
        if (parts.size() != 3 || parts[0] != QLatin1String("input")) return;
        emit inputClicked(m_id, parts[1] == QLatin1String("A") ? lab::Site::A : lab::Site::B, parts[2].toInt());
    });
    connect(&tracker, &DerivationTracker::nodesChanged, this, &DerivationDetails::refresh);
    connect(&tracker, &DerivationTracker::cleared, this, [this] { showNode({}); });
    showNode({});
}

void DerivationDetails::changeEvent(QEvent* event) {
    QTextBrowser::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) refresh(); // the links take the new link colour
}

void DerivationDetails::showNode(const QString& id) {
    m_id = id;
    refresh();
}

void DerivationDetails::refresh() {
    const DerivationNode* node = m_tracker.node(m_id.toStdString());
    if (!node) {
        setHtml(tr("<p style=\"color:gray\">Click a key in the graph to see its whole value and every input. Click an "
                   "input to go where it came from: the key it was made from, or the field of the packet that "
                   "carried it.</p>"));
        return;
    }
    const DerivedAtSite* shown = node->first();
    const lab::Site inputSite = node->at(lab::Site::A) ? lab::Site::A : lab::Site::B;
    QString html = QStringLiteral("<h3>%1").arg(QString::fromStdString(node->id).toHtmlEscaped());
    if (const auto agrees = node->agrees())
        html += *agrees ? tr(" <span style=\"color:#009e73\">— Site A and Site B agree ✓</span>")
                        : tr(" <span style=\"color:#d55e00\">— Site A and Site B differ ✗</span>");
    html += QStringLiteral("</h3>");
    if (!node->caption.isEmpty()) html += QStringLiteral("<p><i>%1</i></p>").arg(node->caption.toHtmlEscaped());
    html += QStringLiteral("<p>%1 = %2")
                .arg(code(QString::fromStdString(node->id)), code(QString::fromStdString(node->formula)));
    if (!node->function.empty()) {
        html += QStringLiteral("<br>") + QString::fromStdString(node->function).toHtmlEscaped();
        if (!node->keyName.empty())
            html += tr(" keyed with %1")
                        .arg(followLink(shown->keySource, inputSite, -1, QString::fromStdString(node->keyName),
                                        palette()));
    }
    html += QStringLiteral("</p><table cellspacing=\"4\">");
    for (const lab::Site site : {lab::Site::A, lab::Site::B}) {
        const DerivedAtSite* at = node->at(site);
        html += QStringLiteral("<tr><td><b>Site %1</b></td><td>%2</td></tr>")
                    .arg(siteName(site), at ? code(groupedHex(at->value)) + tr(" (%1 bytes)").arg(at->value.size())
                                            : tr("<i>not derived yet</i>"));
    }
    html += QStringLiteral("</table>");

    const DerivedAtSite* at = node->at(inputSite);
    html += tr("<p><b>Inputs</b> (as Site %1 used them)</p><table cellspacing=\"4\">").arg(siteName(inputSite));
    for (std::size_t i = 0; i < at->inputs.size(); ++i) {
        const ike::InputRef& input = at->inputs[i];
        const ByteView bytes = input.offset + input.length <= at->data.size()
                                   ? ByteView(at->data).subspan(input.offset, input.length)
                                   : ByteView();
        html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>")
                    .arg(followLink(input.source, inputSite, static_cast<int>(i), QString::fromStdString(input.name),
                                    palette()),
                         describeSource(input.source).toHtmlEscaped(), code(elidedHex(bytes, 16, 4)));
    }
    html += QStringLiteral("</table>");
    setHtml(html);
}

} // namespace ipseclab::ui
