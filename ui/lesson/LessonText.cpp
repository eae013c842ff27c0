// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/lesson/LessonText.h"

#include <QObject>
#include <QRegularExpression>
#include <QTextDocument>

#include "lab/Timeline.h"
#include "lesson/Lesson.h"
#include "lesson/TimelineLookup.h"

namespace ipseclab::ui::LessonText {

using lesson::Highlight;
using lesson::ValueSource;

QString markdownToHtml(const std::string& markdown) {
    QTextDocument document;
    document.setMarkdown(QString::fromStdString(markdown));
    const QString html = document.toHtml();
    static const QRegularExpression body(QStringLiteral("<body[^>]*>(.*)</body>"),
                                         QRegularExpression::DotMatchesEverythingOption);
    const auto match = body.match(html);
    return match.hasMatch() ? match.captured(1) : html;
}

QString markdownToPlainHtml(const std::string& markdown) {
    QString html = markdownToHtml(markdown);
    // QTextDocument writes a run of text in one format as one <span>, never nested.
    static const QRegularExpression span(QStringLiteral(R"re(<span style="([^"]*)">(.*?)</span>)re"),
                                         QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression bold(QStringLiteral(R"(font-weight:\s*(bold|[6-9]00))"));
    QString out;
    qsizetype from = 0;
    for (auto it = span.globalMatch(html); it.hasNext();) {
        const auto m = it.next();
        const QString style = m.captured(1);
        QString open, close;
        const auto wrap = [&](bool on, const char* tag) {
            if (!on) return;
            open += QStringLiteral("<%1>").arg(QLatin1String(tag));
            close.prepend(QStringLiteral("</%1>").arg(QLatin1String(tag)));
        };
        wrap(style.contains(QLatin1String("monospace")), "code");
        wrap(style.contains(bold), "b");
        wrap(style.contains(QLatin1String("italic")), "i");
        out += html.mid(from, m.capturedStart() - from) + open + m.captured(2) + close;
        from = m.capturedEnd();
    }
    out += html.mid(from);
    static const QRegularExpression styles(QStringLiteral(R"re( style="[^"]*")re"));
    return out.remove(styles);
}

namespace {

QString valueText(const lab::Timeline& timeline, const ValueSource& source) {
    auto value = lesson::valueOf(source, &timeline, nullptr);
    return value ? QString::fromStdString(*value) : QString();
}

} // namespace

namespace {

// Where an event happened, for a student: "Site A", "Site B", "the wire".
QString where(const lab::LabEvent& e) {
    switch (e.origin) {
    case lab::Origin::SiteA: return QObject::tr("Site A");
    case lab::Origin::SiteB: return QObject::tr("Site B");
    default: return QObject::tr("the wire");
    }
}

// "A2B" → "A→B", "B2A#2" → "B→A #2": an SA as the diagram names its direction.
QString saName(const std::string& sa) {
    QString name = QString::fromStdString(sa);
    if (name.size() >= 3 && name[1] == QLatin1Char('2')) name.replace(1, 1, QStringLiteral("→"));
    return name.replace(QLatin1Char('#'), QStringLiteral(" #"));
}

// "B.SKEYID_a" → "SKEYID_a of Site B".
QString keyName(const std::string& key) {
    if (key.size() > 2 && key[1] == '.' && (key[0] == 'A' || key[0] == 'B'))
        return QObject::tr("%1 of Site %2").arg(QString::fromStdString(key.substr(2))).arg(QLatin1Char(key[0]));
    return QString::fromStdString(key);
}

// Where a highlight points, without what is there: the message and field (its path and key), the
// key's name and dock, the SA's window in the Anti-replay dock, the event.
QString placeLine(const QString& event, const lab::LabEvent& e, const lesson::ResolvedHighlight& r) {
    const Highlight& h = r.highlight;
    switch (h.kind) {
    case Highlight::Kind::Field: {
        const QString key = QString::fromStdString(h.field.describe());
        if (!r.field) return event + QStringLiteral(" › ") + key;
        return event + QStringLiteral(" › ") + QString::fromStdString(r.field->path) + QStringLiteral(" (") + key +
               QLatin1Char(')');
    }
    case Highlight::Kind::Key: return QObject::tr("%1, in the Keys dock").arg(keyName(h.key));
    case Highlight::Kind::Window:
        return QObject::tr("The anti-replay window of the %1 SA, in the Anti-replay dock, after %2")
            .arg(saName(h.sa), QString::fromStdString(e.summary()));
    case Highlight::Kind::Event:
    case Highlight::Kind::ToyDh: break;
    }
    return event;
}

} // namespace

bool showsValues(const lesson::LessonStep& step) { return !step.question.has_value(); }

QString highlightLine(const lab::Timeline* timeline, const lesson::ResolvedHighlight& r, bool values) {
    const Highlight& h = r.highlight;
    if (h.kind == Highlight::Kind::ToyDh)
        return QObject::tr("The by-hand example (Keys dock): p = %1, g = %2, Site A's a = %3, Site B's b = %4")
            .arg(h.toy.p)
            .arg(h.toy.g)
            .arg(h.toy.a)
            .arg(h.toy.b);
    if (!timeline || !r.resolved() || !r.eventIndex || *r.eventIndex >= timeline->size())
        return QString::fromStdString(r.describe());
    const lab::LabEvent& e = timeline->at(*r.eventIndex);
    // Words, never the timeline's ids: what the diagram and the docks show.
    const QString event = QStringLiteral("%1 · %2").arg(where(e), QString::fromStdString(e.summary()));
    if (!values) return placeLine(event, e, r);
    switch (h.kind) {
    case Highlight::Kind::Field: {
        ValueSource source;
        source.kind = ValueSource::Kind::Event;
        source.id = h.event;
        source.field = h.field;
        const QString bytes = valueText(*timeline, source);
        // The field as the packet tree names it; its key when it could not be resolved.
        QString line = event + QStringLiteral(" › ") +
                       QString::fromStdString(r.field ? r.field->path : h.field.describe());
        if (r.field) line += QStringLiteral(" = ") + QString::fromStdString(r.field->value);
        if (!bytes.isEmpty()) line += QObject::tr(" — bytes ") + bytes;
        return line;
    }
    case Highlight::Kind::Key: {
        ValueSource source;
        source.kind = ValueSource::Kind::Derived;
        source.id = h.key;
        const QString bytes = valueText(*timeline, source);
        return keyName(h.key) + (bytes.isEmpty() ? QString() : QStringLiteral(" = ") + bytes);
    }
    case Highlight::Kind::Window:
        return QObject::tr("The anti-replay window of the %1 SA, after %2: %3")
            .arg(saName(h.sa), QString::fromStdString(e.summary()), QString::fromStdString(e.text()));
    case Highlight::Kind::Event:
    case Highlight::Kind::ToyDh: break;
    }
    return event + QStringLiteral(": ") + QString::fromStdString(e.text());
}

} // namespace ipseclab::ui::LessonText
