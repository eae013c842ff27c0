// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/replay/ReplayChart.h"

#include <algorithm>
#include <cmath>

namespace ipseclab::ui {

namespace {

std::size_t classIndex(VerdictClass verdict) { return static_cast<std::size_t>(verdict); }

// Rejection counters are often equal (one replay, one forgery...): each line sits a hair off the
// integer so none hides another.
double lineOffset(VerdictClass verdict) {
    switch (verdict) {
    case VerdictClass::Duplicate: return 0.05;
    case VerdictClass::TooOld: return -0.05;
    case VerdictClass::Policy: return 0.1;
    case VerdictClass::Other: return -0.1;
    default: return 0;
    }
}

// Ticks on whole numbers only, 1, 2 or 5 times a power of ten apart: a sequence number or a packet
// count has no 2.5, and labels rounded from one would repeat (0, 1, 1, 2) or step unevenly (0, 3, 5, 8).
class IntegerTicker : public QCPAxisTicker {
protected:
    double getTickStep(const QCPRange& range) override {
        const double exact = range.size() / std::max(1, tickCount());
        if (exact <= 1) return 1;
        const double magnitude = std::pow(10.0, std::floor(std::log10(exact)));
        const double mantissa = exact / magnitude;
        return (mantissa < 1.5 ? 1 : mantissa < 3.5 ? 2 : mantissa < 7.5 ? 5 : 10) * magnitude;
    }
    int getSubTickCount(double tickStep) override {
        return tickStep <= 1 ? 0 : QCPAxisTicker::getSubTickCount(tickStep);
    }
};

void countWholeNumbers(QCPAxis* axis) {
    axis->setTicker(QSharedPointer<QCPAxisTicker>(new IntegerTicker));
    axis->setNumberFormat(QStringLiteral("f"));
    axis->setNumberPrecision(0);
}

// Old points go once a graph holds more than kPointLimit: a burst must not slow every frame after it.
void trim(QCPGraph* graph) {
    const int excess = graph->dataCount() - ReplayChart::kPointLimit;
    if (excess > 0) graph->data()->removeBefore((graph->data()->constBegin() + excess)->key);
}

} // namespace

ReplayChart::ReplayChart(QWidget* parent)
    : QCustomPlot(parent), m_seqRect(new QCPAxisRect(this)), m_countRect(new QCPAxisRect(this)),
      m_seqTitle(new QCPTextElement(this, tr("Sequence number of each packet"))),
      m_countTitle(new QCPTextElement(this, tr("Counters per verdict"))), m_far(nullptr), m_farLabel(nullptr) {
    plotLayout()->clear();
    m_stacked = true; // so that arrange() lays them out
    arrange(false);

    QCPAxis* time = m_seqRect->axis(QCPAxis::atBottom);
    QCPAxis* seq = m_seqRect->axis(QCPAxis::atLeft);
    time->setLabel(tr("virtual time (s)"));
    seq->setLabel(tr("sequence number"));
    countWholeNumbers(seq);
    for (const VerdictClass verdict : kVerdictClasses) {
        QCPGraph* graph = addGraph(time, seq);
        graph->setName(verdictLabel(verdict));
        graph->setLineStyle(QCPGraph::lsNone);
        QPen outline(Qt::black, 0); // cosmetic: the shape is scaled, its outline is not
        graph->setScatterStyle(QCPScatterStyle(verdictShape(verdict, 6), outline, verdictColor(verdict), 10));
        graph->setAdaptiveSampling(true);
        m_seq[classIndex(verdict)] = graph;
    }
    m_far = addGraph(time, seq);
    m_far->setLineStyle(QCPGraph::lsNone);
    m_far->setScatterStyle(QCPScatterStyle(verdictShape(VerdictClass::BadIcv, 6), QPen(Qt::black, 0),
                                           verdictColor(VerdictClass::BadIcv), 14));
    m_farLabel = new QCPItemText(this);
    m_farLabel->setClipAxisRect(m_seqRect);
    m_farLabel->position->setAxes(time, seq);
    m_farLabel->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
    m_farLabel->setVisible(false);

    QCPAxis* countTime = m_countRect->axis(QCPAxis::atBottom);
    QCPAxis* rejected = m_countRect->axis(QCPAxis::atLeft);
    QCPAxis* accepted = m_countRect->axis(QCPAxis::atRight);
    accepted->setVisible(true);
    countTime->setLabel(tr("virtual time (s)"));
    rejected->setLabel(tr("rejected packets"));
    accepted->setLabel(tr("accepted packets"));
    for (QCPAxis* axis : {rejected, accepted}) countWholeNumbers(axis);
    for (const VerdictClass verdict : kVerdictClasses) {
        QCPGraph* graph = addGraph(countTime, verdict == VerdictClass::Accepted ? accepted : rejected);
        graph->setName(verdictLabel(verdict));
        graph->setLineStyle(QCPGraph::lsStepLeft);
        // Colour and dash pattern both tell the lines apart.
        QPen pen(verdictColor(verdict), 2.5);
        if (verdict == VerdictClass::Duplicate) pen.setStyle(Qt::DashLine);
        if (verdict == VerdictClass::TooOld) pen.setStyle(Qt::DotLine);
        if (verdict == VerdictClass::Policy) pen.setStyle(Qt::DashDotDotLine);
        if (verdict == VerdictClass::Other) pen.setStyle(Qt::DashDotLine);
        graph->setPen(pen);
        QPen outline(Qt::black, 0);
        graph->setScatterStyle(QCPScatterStyle(verdictShape(verdict, 6), outline, verdictColor(verdict), 7));
        graph->setScatterSkip(40); // a few marks along each line show its shape
        m_counts[classIndex(verdict)] = graph;
    }
    setMinimumHeight(220);
    setAccessibleName(tr("Anti-replay charts"));
    applyPalette();
    follow();
}

QString ReplayChart::describe() const {
    QStringList counts;
    for (const VerdictClass verdict : kVerdictClasses)
        counts << QStringLiteral("%1 %2").arg(verdictLabel(verdict)).arg(m_running[classIndex(verdict)]);
    QString text = tr("Left: the sequence number of each packet over virtual time, in its verdict's colour and shape. "
                      "Right: the packets counted per verdict over time. ");
    if (m_recent.empty() && m_farAhead.empty()) return text + tr("No packet yet.");
    if (!m_recent.empty()) {
        const auto [low, high] = std::minmax_element(m_recent.begin(), m_recent.end(),
                                                     [](const Point& a, const Point& b) { return a.seq < b.seq; });
        text += tr("The latest %n packet(s), from %1 s to %2 s, carry sequence numbers %3 to %4. ", nullptr,
                   int(m_recent.size()))
                    .arg(m_recent.front().time, 0, 'f', 3)
                    .arg(m_recent.back().time, 0, 'f', 3)
                    .arg(static_cast<std::uint64_t>(low->seq))
                    .arg(static_cast<std::uint64_t>(high->seq));
    }
    if (!m_farAhead.empty())
        text += tr("%n forged number(s) far ahead of the window, the latest #%1. ", nullptr, int(m_farAhead.size()))
                    .arg(static_cast<std::uint64_t>(m_farAhead.back().seq));
    return text + tr("Counters: %1.").arg(counts.join(QStringLiteral(", ")));
}

int ReplayChart::pointCount(VerdictClass verdict) const { return m_seq[classIndex(verdict)]->dataCount(); }

void ReplayChart::clearData() {
    for (QCPGraph* graph : m_seq) graph->data()->clear();
    for (QCPGraph* graph : m_counts) graph->data()->clear();
    m_far->data()->clear();
    m_recent.clear();
    m_farAhead.clear();
    m_running = {};
    m_maxRejected = 0;
}

void ReplayChart::showSa(const ReplaySa* sa) {
    clearData();
    if (sa) {
        // The counters start where the kept history starts (older packets were let go).
        for (const VerdictClass verdict : kVerdictClasses) m_running[classIndex(verdict)] = sa->count(verdict);
        for (const ReplayArrival& arrival : sa->history) --m_running[classIndex(classify(arrival.verdict))];
        for (const ReplayArrival& arrival : sa->history) addArrival(arrival, sa->windowSize);
    }
    for (QCPGraph* graph : m_seq) trim(graph);
    for (QCPGraph* graph : m_counts) trim(graph);
    follow();
}

void ReplayChart::append(const std::vector<ReplayArrival>& arrivals, std::uint32_t windowSize) {
    for (const ReplayArrival& arrival : arrivals) addArrival(arrival, windowSize);
    for (QCPGraph* graph : m_seq) trim(graph);
    for (QCPGraph* graph : m_counts) trim(graph);
}

void ReplayChart::addArrival(const ReplayArrival& arrival, std::uint32_t windowSize) {
    const VerdictClass verdict = classify(arrival.verdict);
    const Point point{arrival.time, static_cast<double>(arrival.sequenceNumber)};
    const std::uint64_t count = ++m_running[classIndex(verdict)];
    m_counts[classIndex(verdict)]->addData(point.time, static_cast<double>(count) + lineOffset(verdict));
    if (verdict != VerdictClass::Accepted) m_maxRejected = std::max(m_maxRejected, count);
    // A number far beyond the window (forge:seq=+100000) would squash every other dot into one
    // line: it is pinned to the top of the chart and labelled instead.
    const std::uint64_t reach = std::max<std::uint64_t>(2ULL * windowSize, 64);
    if (verdict != VerdictClass::Accepted && arrival.sequenceNumber > arrival.rightEdgeBefore + reach) {
        m_farAhead.push_back(point);
        if (m_farAhead.size() > 32) m_farAhead.pop_front();
        return;
    }
    m_seq[classIndex(verdict)]->addData(point.time, point.seq);
    m_recent.push_back(point);
    if (m_recent.size() > kFollowedPackets) m_recent.pop_front();
}

void ReplayChart::follow() {
    double first = 0, last = 10;
    if (!m_recent.empty() || !m_farAhead.empty()) {
        first = m_recent.empty() ? m_farAhead.front().time : m_recent.front().time;
        last = std::max(m_recent.empty() ? 0 : m_recent.back().time, m_farAhead.empty() ? 0 : m_farAhead.back().time);
        if (!m_farAhead.empty()) first = std::min(first, m_farAhead.front().time);
    }
    // At most the last two minutes: a pause in the traffic (a lifetime timer, a late attack) must
    // not squash the live packets into one column. Never before 0 (the lab starts there): one packet
    // at 0.5 s shows on 0 to 1.1 s, not on -0.5 to 0.55.
    // A burst a few milliseconds long keeps its own scale; one packet alone gets a second.
    const double span = last > first ? std::clamp(last - first, 0.01, kFollowedSeconds) : 1.0;
    const double lower = std::max(0.0, last - span * 1.05);
    const QCPRange x(lower, std::max(last + span * 0.05, lower + span * 1.1));
    m_seqRect->axis(QCPAxis::atBottom)->setRange(x);
    m_countRect->axis(QCPAxis::atBottom)->setRange(x);

    // The sequence numbers on screen decide the vertical range.
    double low = 0, high = 10;
    bool any = false;
    for (const Point& p : m_recent)
        if (p.time >= x.lower) {
            low = any ? std::min(low, p.seq) : p.seq;
            high = any ? std::max(high, p.seq) : p.seq;
            any = true;
        }
    const double pad = std::max((high - low) * 0.1, 2.0);
    const double top = high + pad * (m_farAhead.empty() ? 1 : 2.5);
    m_seqRect->axis(QCPAxis::atLeft)->setRange(std::max(0.0, low - pad), top);

    m_far->data()->clear();
    m_farLabel->setVisible(false);
    for (const Point& p : m_farAhead)
        if (p.time >= x.lower) {
            m_far->addData(p.time, top - pad * 0.5);
            m_farLabel->position->setCoords(p.time, top - pad * 0.9);
            m_farLabel->setPositionAlignment((p.time < x.center() ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignTop);
            m_farLabel->setText(tr("▲ #%1 — far ahead, off the scale").arg(static_cast<std::uint64_t>(p.seq)));
            m_farLabel->setVisible(true);
        }

    // Each line runs on to now: a counter that stopped still counts.
    for (QCPGraph* graph : m_counts)
        if (!graph->data()->isEmpty() && (graph->data()->constEnd() - 1)->key < last)
            graph->addData(last, (graph->data()->constEnd() - 1)->value);
    m_countRect->axis(QCPAxis::atLeft)
        ->setRange(0, static_cast<double>(std::max<std::uint64_t>(m_maxRejected, 1)) * 1.25 + 0.5);
    m_countRect->axis(QCPAxis::atRight)
        ->setRange(0, static_cast<double>(std::max<std::uint64_t>(m_running[classIndex(VerdictClass::Accepted)], 1)) *
                              1.1 +
                          0.5);
    setAccessibleDescription(describe());
}

void ReplayChart::applyPalette() {
    // QCustomPlot draws in its own colours: take the application's (light or dark) palette.
    const QColor text = palette().color(QPalette::Text);
    const QColor grid = palette().color(QPalette::Mid);
    setBackground(palette().brush(QPalette::Window));
    for (QCPAxisRect* rect : {m_seqRect, m_countRect}) {
        rect->setBackground(palette().brush(QPalette::Base));
        for (QCPAxis* axis : rect->axes()) {
            axis->setBasePen(QPen(text, 1));
            axis->setTickPen(QPen(text, 1));
            axis->setSubTickPen(QPen(text, 1));
            axis->setLabelColor(text);
            axis->setTickLabelColor(text);
            axis->grid()->setPen(QPen(grid, 0, Qt::DotLine));
        }
    }
    for (int i = 0; i < plotLayout()->elementCount(); ++i)
        if (auto* title = qobject_cast<QCPTextElement*>(plotLayout()->elementAt(i))) {
            title->setTextColor(text);
            QFont font = this->font();
            font.setBold(true);
            title->setFont(font);
        }
    m_farLabel->setColor(text);
}

// Side by side each chart needs room for its axis labels and a readable plot; below that width
// (in characters, so it follows the text size) they stack.
void ReplayChart::resizeEvent(QResizeEvent* event) {
    arrange(event->size().width() < fontMetrics().averageCharWidth() * 75);
    QCustomPlot::resizeEvent(event);
}

void ReplayChart::arrange(bool stacked) {
    if (stacked == m_stacked) return;
    m_stacked = stacked;
    for (QCPLayoutElement* element :
         std::initializer_list<QCPLayoutElement*>{m_seqTitle, m_countTitle, m_seqRect, m_countRect})
        if (element->layout()) plotLayout()->take(element); // not yet placed: the first arrangement
    plotLayout()->simplify();
    if (stacked) {
        plotLayout()->addElement(0, 0, m_seqTitle);
        plotLayout()->addElement(1, 0, m_seqRect);
        plotLayout()->addElement(2, 0, m_countTitle);
        plotLayout()->addElement(3, 0, m_countRect);
        plotLayout()->setRowStretchFactors({0.01, 1, 0.01, 1});
    } else {
        plotLayout()->addElement(0, 0, m_seqTitle);
        plotLayout()->addElement(0, 1, m_countTitle);
        plotLayout()->addElement(1, 0, m_seqRect);
        plotLayout()->addElement(1, 1, m_countRect);
        plotLayout()->setRowStretchFactors({0.01, 1});
    }
    // Tall enough to read each plot; a dock too short for that scrolls rather than squash them.
    setMinimumHeight(fontMetrics().height() * (stacked ? 26 : 13));
    replot(QCustomPlot::rpQueuedReplot);
}

void ReplayChart::changeEvent(QEvent* event) {
    QCustomPlot::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        applyPalette();
        replot();
    }
}

} // namespace ipseclab::ui
