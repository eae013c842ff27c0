#include "LessonText.h"

#include <QObject>
#include <QRegularExpression>
#include <QTextDocument>

#include "lab/Timeline.h"
#include "lesson/TimelineLookup.h"

namespace ipseclab::ui::LessonText {

using lesson::Highlight;
using lesson::ValueSource;

QString markdownToHtml(const std::string& markdown) {
    QTextDocument document;
    document.setMarkdown(QString::fromStdString(markdown));
    const QString html = document.toHtml();
    static const QRegularExpression body(QStringLiteral("<body[^>]*>(.*)</body>"), QRegularExpression::DotMatchesEverythingOption);
    const auto match = body.match(html);
    return match.hasMatch() ? match.captured(1) : html;
}

namespace {

QString valueText(const lab::Timeline& timeline, const ValueSource& source) {
    auto value = lesson::valueOf(source, &timeline, nullptr);
    return value ? QString::fromStdString(*value) : QString();
}

} // namespace

QString highlightLine(const lab::Timeline* timeline, const lesson::ResolvedHighlight& r) {
    const Highlight& h = r.highlight;
    if (!timeline || !r.resolved() || !r.eventIndex || *r.eventIndex >= timeline->size())
        return QString::fromStdString(r.describe());
    const lab::LabEvent& e = timeline->at(*r.eventIndex);
    const QString event = QString::fromStdString(e.summary + " (" + e.id + ")");
    switch (h.kind) {
    case Highlight::Kind::Field: {
        ValueSource source;
        source.kind = ValueSource::Kind::Event;
        source.id = h.event;
        source.path = h.path;
        const QString bytes = valueText(*timeline, source);
        QString line = event + QStringLiteral(" › ") + QString::fromStdString(h.path);
        if (r.field) line += QStringLiteral(" = ") + QString::fromStdString(r.field->value);
        if (!bytes.isEmpty()) line += QStringLiteral(" — bytes ") + bytes;
        return line;
    }
    case Highlight::Kind::Key: {
        ValueSource source;
        source.kind = ValueSource::Kind::Derived;
        source.id = h.key;
        const QString bytes = valueText(*timeline, source);
        return QString::fromStdString(h.key) + (bytes.isEmpty() ? QString() : QStringLiteral(" = ") + bytes);
    }
    case Highlight::Kind::Window:
        return QObject::tr("anti-replay window of %1, at %2: %3")
            .arg(QString::fromStdString(h.sa), event, QString::fromStdString(e.text));
    case Highlight::Kind::Event: break;
    }
    return event + QStringLiteral(": ") + QString::fromStdString(e.text);
}

} // namespace ipseclab::ui::LessonText
