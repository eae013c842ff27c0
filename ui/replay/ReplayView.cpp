// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/replay/ReplayView.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <functional>

#include "lab/TextReport.h"
#include "ui/common/AppTheme.h"
#include "ui/common/EventSelection.h"
#include "ui/common/FlowLayout.h"
#include "ui/common/LabController.h"
#include "ui/replay/ReplayChart.h"
#include "ui/replay/ReplayTracker.h"
#include "ui/replay/ReplayWindowStrip.h"

namespace ipseclab::ui {

namespace {

constexpr int kFrameMs = 16; // one frame at 60 Hz
// The charts follow the traffic at 10 Hz: plenty to read a trend, and a replot costs several
// strip frames, so the strip keeps its 60 Hz during a burst.
constexpr qint64 kChartIntervalMs = 100;

QString saTitle(const ReplaySa& sa) {
    // "A2B#2" -> "A→B #2 · Site B's window"
    const QString name = QString::fromStdString(sa.name);
    const QString direction = name.startsWith(QLatin1String("A2B")) ? QObject::tr("A→B") : QObject::tr("B→A");
    const QString generation = name.contains('#') ? QStringLiteral(" #") + name.section('#', 1) : QString();
    return QObject::tr("%1%2 · Site %3's window%4")
        .arg(direction, generation, sa.receiver == lab::Site::A ? QStringLiteral("A") : QStringLiteral("B"),
             sa.alive ? QString() : QObject::tr(" (gone)"));
}

QPixmap verdictIcon(VerdictClass verdict, const QColor& outline, qreal ratio) {
    const int side = 20;
    QPixmap pixmap(QSize(side, side) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    drawVerdict(painter, verdict, QPointF(side / 2.0, side / 2.0), 16, outline);
    return pixmap;
}

void record(ReplayView::FrameStatistics& statistics, double ms) {
    ++statistics.frames;
    statistics.totalMs += ms;
    statistics.lastMs = ms;
    statistics.maxMs = std::max(statistics.maxMs, ms);
}

QString verdictList(const std::vector<ipsec::Verdict>& verdicts) {
    QStringList names;
    for (ipsec::Verdict v : verdicts)
        names << QString::fromUtf8(ipsec::verdictName(v).data(), static_cast<int>(ipsec::verdictName(v).size()));
    return names.join(QStringLiteral(", "));
}

// What the receivers did with an IKE attack's datagrams, and whether the Quick Mode it named
// completed all the same: the defence at work, in the attack's status line.
QString ikeAttackText(const IkeAttackShown& shown) {
    QString text;
    for (const std::string& refused : shown.refused) {
        // "Site B dropped it" in bold, the receiver's reason after it.
        const QString line = QString::fromStdString(refused);
        const qsizetype colon = line.indexOf(QStringLiteral(": "));
        text += QObject::tr(" · <b>%1</b>%2").arg(line.left(colon).toHtmlEscaped(), line.mid(colon).toHtmlEscaped());
    }
    if (!shown.messageId || *shown.messageId == 0) return text;
    const QString id = QStringLiteral("0x%1").arg(*shown.messageId, 8, 16, QLatin1Char('0'));
    if (shown.completedAt.size() >= 2)
        return text +
               QObject::tr(" · <b>the Quick Mode completed</b>: both sites installed its SAs (Message ID %1)").arg(id);
    if (shown.completedAt.size() == 1)
        return text + QObject::tr(" · the Quick Mode (Message ID %1) completed at Site %2 so far")
                          .arg(id, QString::fromLatin1(lab::siteName(shown.completedAt.front())));
    return text + QObject::tr(" · the Quick Mode (Message ID %1) has not completed yet").arg(id);
}

} // namespace

ReplayView::ReplayView(LabController& controller, EventSelection& selection, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_selection(selection), m_tracker(new ReplayTracker(controller, this)),
      m_strip(new ReplayWindowStrip), m_chart(new ReplayChart), m_saBox(new QComboBox), m_windowLabel(new QLabel),
      m_esnLabel(new QLabel), m_chosenSeq(new QSpinBox), m_floodCount(new QSpinBox), m_attackNote(new QLabel),
      m_attackStatus(new QLabel), m_frameTimer(new QTimer(this)) {
    m_clock.start();
    m_frameTimer->setInterval(kFrameMs);
    m_frameTimer->setTimerType(Qt::PreciseTimer);
    connect(m_frameTimer, &QTimer::timeout, this, &ReplayView::frame);

    // The SA, its window size and its sequence-number space.
    m_saBox->setToolTip(tr("Which SA's window to show: each direction has its own, kept by its receiver."));
    m_saBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_windowLabel->setWordWrap(true); // "· 24 packets arriving" must not widen the dock
    m_windowLabel->setAccessibleName(tr("Anti-replay window state"));
    m_esnLabel->setWordWrap(true);
    m_esnLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // The SA on one line, its window's state under it: the dock may be a third of a small screen.
    m_saBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_saBox->setMinimumContentsLength(16);
    auto* header = new QHBoxLayout;
    header->addWidget(new QLabel(tr("SA:")));
    header->addWidget(m_saBox, 1);

    // Counters, which double as the legend: shape, colour, name, count; as many per row as fit.
    auto* counters = new FlowLayout(nullptr, 18);
    for (const VerdictClass verdict : kVerdictClasses) {
        auto* pair = new QWidget;
        auto* pairLayout = new QHBoxLayout(pair);
        pairLayout->setContentsMargins(0, 0, 0, 0);
        auto* icon = new QLabel;
        icon->setPixmap(verdictIcon(verdict, palette().color(QPalette::Text), devicePixelRatioF()));
        auto* text = new QLabel;
        pairLayout->addWidget(icon);
        pairLayout->addWidget(text);
        counters->addWidget(pair);
        m_counters[static_cast<std::size_t>(verdict)] = text;
    }

    // The attacks: each button injects one spec on the A→B SA.
    auto button = [this](Attack attack, const QString& text, const QString& tip) {
        auto* b = new QPushButton(text);
        b->setToolTip(tip);
        connect(b, &QPushButton::clicked, this, [this, attack] { inject(attack); });
        m_attackButtons[static_cast<std::size_t>(attack)] = b;
        return b;
    };
    m_chosenSeq->setRange(1, std::numeric_limits<int>::max());
    m_chosenSeq->setValue(1);
    m_chosenSeq->setToolTip(tr("The sequence number to replay (or click a cell of the window)"));
    auto* attacks = new FlowLayout;
    attacks->addWidget(button(Attack::ReplayLast, tr("Replay last"),
                              tr("replay — a copy of the last A→B packet, sent again.\nExpect: duplicate.")));
    auto* replayChosen = new QWidget; // the button and its number stay on one row
    auto* replayChosenLayout = new QHBoxLayout(replayChosen);
    replayChosenLayout->setContentsMargins(0, 0, 0, 0);
    replayChosenLayout->addWidget(
        button(Attack::ReplayChosen, tr("Replay #"),
               tr("replay:seq=N — a copy of A→B packet N.\nInside the window: duplicate; left of it: too old.")));
    replayChosenLayout->addWidget(m_chosenSeq);
    attacks->addWidget(replayChosen);
    attacks->addWidget(
        button(Attack::ReorderBurst, tr("Reorder burst"),
               tr("reorder:span=3 — one packet held back and released after 3 more.\nExpect: accepted, late: "
                  "the window allows reordering.")));
    attacks->addWidget(
        button(Attack::DelayBeyondWindow, tr("Delay beyond window"),
               tr("delay — one packet held back until the window size + 6 more have passed.\nExpect: too "
                  "old.")));
    // A button whose menu picks a variant of its attack (the bit flip's field, the Quick Mode
    // message a forged Informational follows); a click runs the variant chosen last.
    struct Choice {
        QString text;
        QString objectName;
        std::function<void()> choose;
    };
    auto withChoices = [this](Attack attack, const QString& tip, const std::vector<Choice>& choices) {
        auto* b = new QToolButton;
        b->setPopupMode(QToolButton::MenuButtonPopup);
        b->setToolTip(tip);
        auto* menu = new QMenu(b);
        for (const Choice& choice : choices) {
            QAction* action = menu->addAction(choice.text);
            action->setObjectName(choice.objectName);
            connect(action, &QAction::triggered, this, [this, attack, choose = choice.choose] {
                choose();
                inject(attack);
            });
        }
        b->setMenu(menu);
        connect(b, &QToolButton::clicked, this, [this, attack] { inject(attack); });
        m_attackButtons[static_cast<std::size_t>(attack)] = b;
        return b;
    };
    std::vector<Choice> fields;
    for (const lab::FlipField field :
         {lab::FlipField::Payload, lab::FlipField::Icv, lab::FlipField::Seq, lab::FlipField::Spi}) {
        const QString name = QString::fromUtf8(lab::flipFieldName(field).data());
        fields.push_back({tr("Flip a bit of the %1").arg(name), QStringLiteral("flip:") + name,
                          [this, field] { setFlipField(field); }});
    }
    auto* flip =
        withChoices(Attack::BitFlip,
                    tr("flip — one bit of a packet flipped in flight (the menu picks the field: payload by default).\n"
                       "Expect: bad ICV, and the window does not move (flipping the SPI: unknown SPI)."),
                    fields);
    flip->setText(tr("Bit flip"));
    attacks->addWidget(flip);
    attacks->addWidget(
        button(Attack::ForgeFarAhead, tr("Forge far ahead"),
               tr("forge:seq=+100000 — a made-up packet 100000 beyond the right edge with a made-up "
                  "ICV.\nExpect: bad ICV, and the right edge stays: the ICV is checked before the window "
                  "moves.")));
    attacks->addWidget(button(
        Attack::InjectOutside, tr("Inject from outside"),
        tr("inject:src=192.0.2.66 — a packet sealed with the A→B keys (a valid ICV, the next sequence number) whose "
           "inner source lies outside the SA's traffic selectors.\nExpect: policy mismatch: the window moves (the "
           "packet is authentic), but the receiver delivers nothing (RFC 4301 §5.2).")));
    // A forged Informational during a Quick Mode: the attacker has the cookies and the Message ID
    // (they travel in clear) but no key. Its menu picks the Quick Mode message it follows.
    std::vector<Choice> messages;
    for (const char* message : kQuickModeMessages) {
        const QString name = QString::fromLatin1(message);
        messages.push_back({tr("Forge an Informational during %1").arg(name), QStringLiteral("spoof:") + name,
                            [this, name] { setSpoofedMessage(name); }});
    }
    attacks->addWidget(withChoices(
        Attack::SpoofInformational,
        tr("spoof-info:msg=QM1 — a forged Informational with the cookies and Message ID of the next Quick Mode "
           "(they travel in clear) and a random body, right behind its QM1 (the menu picks QM2 or QM3). If the "
           "Quick Mode is over, Site A starts a new one.\nExpect: refused (it does not decrypt: the attacker has no "
           "key; behind QM2 or QM3 its Message ID is already spent), nothing changes, and the Quick Mode completes."),
        messages));
    setSpoofedMessage(m_spoofedMessage);
    // A flood: N packets back-to-back, so the class sees the window hold under load. Its menu picks
    // replays or forgeries; the box, how many.
    std::vector<Choice> floods{
        {tr("Flood with replays"), QStringLiteral("flood:replay"), [this] { setFloodKind(lab::FloodKind::Replay); }},
        {tr("Flood with forgeries"), QStringLiteral("flood:forge"), [this] { setFloodKind(lab::FloodKind::Forge); }}};
    auto* flood = new QWidget; // the button and its count stay on one row
    auto* floodLayout = new QHBoxLayout(flood);
    floodLayout->setContentsMargins(0, 0, 0, 0);
    floodLayout->addWidget(withChoices(
        Attack::Flood,
        tr("flood:replay=N — N copies of the last 2 × window A→B packets, back-to-back at 100 Mbit/s.\nExpect: "
           "duplicates (inside the window) and too old (left of it); the genuine traffic after it is accepted.\n"
           "flood:forge=N (the menu) — N forgeries numbered just beyond the right edge, with made-up ICVs.\n"
           "Expect: bad ICV, every one, and the right edge stays."),
        floods));
    m_floodCount->setRange(1, static_cast<int>(lab::kFloodLimit));
    m_floodCount->setSingleStep(1000);
    m_floodCount->setValue(10000);
    m_floodCount->setGroupSeparatorShown(true);
    m_floodCount->setPrefix(QStringLiteral("× "));
    m_floodCount->setToolTip(tr("How many packets the flood sends (1 to %L1)").arg(lab::kFloodLimit));
    m_floodCount->setAccessibleName(tr("Flood size"));
    floodLayout->addWidget(m_floodCount);
    attacks->addWidget(flood);
    setFloodKind(m_floodKind);
    m_attackNote->setText(
        tr("The attacker acts on the A→B SA (Site B's window); the lab sends extra echo requests when "
           "an attack needs a packet. Forge Informational acts on the next Quick Mode instead. Step or play the lab "
           "to see it land."));
    m_attackNote->setWordWrap(true);
    m_attackNote->setStyleSheet(QStringLiteral("color: gray"));
    m_attackStatus->setWordWrap(true);
    m_attackStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_windowLabel);
    layout->addWidget(m_esnLabel);
    layout->addWidget(m_strip);
    layout->addLayout(counters);
    layout->addLayout(attacks);
    layout->addWidget(m_attackNote);
    layout->addWidget(m_attackStatus);
    layout->addWidget(m_chart, 1);

    // The header and the counters a little larger than the text around them, whatever its size.
    AppTheme::setRelativeFont(m_windowLabel, 1.1, true);
    for (QLabel* counter : m_counters) AppTheme::setRelativeFont(counter, 1.15);
    connect(m_saBox, &QComboBox::currentIndexChanged, this, [this] { showSelected(); });
    connect(m_saBox, &QComboBox::activated, this, [this] { m_saChosen = true; });
    connect(m_tracker, &ReplayTracker::sasChanged, this, &ReplayView::refreshSaList);
    connect(m_tracker, &ReplayTracker::batchRead, this, &ReplayView::batchRead);
    connect(m_tracker, &ReplayTracker::cleared, this, [this] {
        m_saChosen = false;
        const QSignalBlocker blocker(m_saBox);
        m_saBox->clear();
        showSelected();
    });
    connect(m_strip, &ReplayWindowStrip::sequenceClicked, this, [this](quint64 seq) {
        m_chosenSeq->setValue(static_cast<int>(std::min<quint64>(seq, static_cast<quint64>(m_chosenSeq->maximum()))));
        // And the packet's verdict, everywhere (its latest arrival).
        if (const ReplaySa* sa = shownSa())
            for (auto it = sa->history.rbegin(); it != sa->history.rend(); ++it)
                if (it->sequenceNumber == seq) {
                    m_selection.select(it->index);
                    break;
                }
    });
    showSelected();
}

const ReplaySa* ReplayView::shownSa() const { return m_tracker->sa(selectedSa().toStdString()); }

QString ReplayView::selectedSa() const { return m_saBox->currentData().toString(); }

void ReplayView::selectSa(const QString& name) {
    m_saChosen = true;
    const int index = m_saBox->findData(name);
    if (index >= 0) m_saBox->setCurrentIndex(index);
}

void ReplayView::refreshSaList() {
    const QString current = selectedSa();
    QStringList before;
    for (int i = 0; i < m_saBox->count(); ++i) before << m_saBox->itemData(i).toString();
    // The newest generation of a direction ("A2B#2" after a rekey of "A2B"), the live one.
    auto newest = [](const QStringList& names, const QString& name) {
        QString found;
        for (const QString& n : names)
            if (n.left(3) == name.left(3)) found = n;
        return found;
    };
    QStringList names;
    for (const ReplaySa& sa : m_tracker->sas()) names << QString::fromStdString(sa.name);
    {
        const QSignalBlocker blocker(m_saBox);
        m_saBox->clear();
        for (const ReplaySa& sa : m_tracker->sas()) m_saBox->addItem(saTitle(sa), QString::fromStdString(sa.name));
        // Keep the user's (or a lesson's) choice — following a rekey when it was the live SA; else
        // the live A→B SA, the one the attacks act on, even when B→A was installed first.
        QString pick = current;
        if (!current.isEmpty() && newest(before, current) == current) pick = newest(names, current);
        if (const QString attacked = newest(names, QStringLiteral("A2B")); !m_saChosen && !attacked.isEmpty())
            pick = attacked;
        int index = m_saBox->findData(pick);
        if (index < 0) index = m_saBox->findData(QStringLiteral("A2B"));
        m_saBox->setCurrentIndex(std::max(index, 0));
    }
    if (selectedSa() != current) showSelected(/*withLastBatch=*/true);
    else refreshTexts(); // a title changed ("gone")
}

void ReplayView::showSelected(bool withLastBatch) {
    const ReplaySa* sa = shownSa();
    const std::uint64_t batch = m_tracker->batchNumber();
    if (!sa) {
        m_strip->showState(ReplayWindowState(0), tr("No IPsec SA yet: the window appears when Quick Mode installs "
                                                    "the SAs."));
    } else if (withLastBatch && sa->lastBatchNumber == batch && batch != m_tracker->firstBatchAfterReset()) {
        m_strip->showState(sa->windowBefore);
        m_strip->enqueue(sa->lastBatch);
    } else {
        m_strip->showState(sa->window);
    }
    m_strip->setExtendedSequenceNumbers(sa && sa->esn);
    m_chart->showSa(sa);
    m_chartDirty = true;
    m_syncedBatch = batch;
    refreshTexts();
    startFrames();
}

void ReplayView::batchRead(quint64 batch) {
    QElapsedTimer timer;
    timer.start();
    // An attack's packet landed on another SA of the direction shown (an older or newer
    // generation, around a rekey): show that one, the class is watching the attack.
    const QString shown = selectedSa();
    for (const ReplaySa& other : m_tracker->sas()) {
        const QString name = QString::fromStdString(other.name);
        if (other.lastBatchNumber != batch || name == shown || shown.isEmpty() || name.left(3) != shown.left(3))
            continue;
        if (std::none_of(other.lastBatch.begin(), other.lastBatch.end(),
                         [](const ReplayArrival& a) { return a.attack.has_value(); }))
            continue;
        {
            const QSignalBlocker blocker(m_saBox);
            selectSa(name);
        }
        showSelected(/*withLastBatch=*/true);
        break;
    }
    const ReplaySa* sa = shownSa();
    if (sa) m_strip->setExtendedSequenceNumbers(sa->esn);
    if (sa && m_syncedBatch < batch && sa->lastBatchNumber == batch && !sa->lastBatch.empty()) {
        m_strip->enqueue(sa->lastBatch);
        m_chart->append(sa->lastBatch, sa->windowSize);
        m_chartDirty = true;
    }
    m_syncedBatch = batch;
    refreshTexts();
    startFrames();
    // The tracker's reading of the batch counts too: it ran just before, for this view.
    record(m_batches, m_tracker->lastReadMs() + static_cast<double>(timer.nsecsElapsed()) / 1e6);
}

void ReplayView::refreshTexts() {
    // The header tells the window as the strip draws it: packets still flying in have not moved
    // the edge nor been counted yet (a burst of 38 must not show edge 40 over a strip at 2).
    const ReplaySa* sa = shownSa();
    for (const VerdictClass verdict : kVerdictClasses)
        m_counters[static_cast<std::size_t>(verdict)]->setText(
            QStringLiteral("%1 <b>%2</b>").arg(verdictLabel(verdict)).arg(counter(verdict)));
    if (!sa) {
        m_windowLabel->setText(tr("No IPsec SA yet"));
        m_esnLabel->setText(
            tr("The window appears when Quick Mode installs the SAs; then each ESP packet lands in it."));
    } else {
        const std::uint64_t edge = m_strip->state().rightEdge();
        QString window = sa->windowSize ? tr("Window %1 packets · right edge %2").arg(sa->windowSize).arg(edge)
                                        : tr("Anti-replay off");
        if (const std::size_t arriving = m_strip->pending())
            window += arriving == 1 ? tr(" · 1 packet arriving") : tr(" · %1 packets arriving").arg(arriving);
        m_windowLabel->setText(window);
        if (sa->esn)
            m_esnLabel->setText(
                tr("ESN on: 64-bit sequence numbers, the packet carries the low 32 bits. Right edge %1 = high 32 bits "
                   "0x%2 (kept by both ends, never sent) · low 32 bits 0x%3 (on the wire).")
                    .arg(edge)
                    .arg(static_cast<quint32>(edge >> 32), 8, 16, QLatin1Char('0'))
                    .arg(static_cast<quint32>(edge), 8, 16, QLatin1Char('0')));
        else m_esnLabel->setText(tr("ESN off: 32-bit sequence numbers, all of them on the wire."));
    }
    const auto& attacks = m_tracker->attacks();
    if (attacks.empty()) {
        m_attackStatus->clear();
        return;
    }
    const lab::AttackReport& last = attacks.back();
    QString text = tr("<b>Attack %1</b> · %2 — %3")
                       .arg(last.index)
                       .arg(QString::fromStdString(last.spec.toString()).toHtmlEscaped(),
                            QString::fromStdString(last.status).toHtmlEscaped());
    // A flood's verdicts are counted, not listed: ten thousand names would not fit any dock.
    if (!last.verdicts.empty())
        text += tr(" · receiver's verdict: <b>%1</b>")
                    .arg(last.spec.kind == lab::AttackKind::Flood
                             ? QString::fromStdString(lab::TextReport::verdictCounts(last.verdicts)).toHtmlEscaped()
                             : verdictList(last.verdicts));
    if (last.rightEdgeBefore && last.rightEdgeAfter)
        text += tr(" · right edge %1 → %2").arg(*last.rightEdgeBefore).arg(*last.rightEdgeAfter);
    if (last.spec.isIke()) text += ikeAttackText(m_tracker->ikeAttack(last.index));
    m_attackStatus->setText(text);
}

QString ReplayView::windowText() const { return m_windowLabel->text(); }
QString ReplayView::esnText() const { return m_esnLabel->text(); }
QString ReplayView::attackStatus() const { return m_attackStatus->text(); }
QString ReplayView::counterText(VerdictClass verdict) const {
    return m_counters[static_cast<std::size_t>(verdict)]->text();
}

std::uint64_t ReplayView::counter(VerdictClass verdict) const {
    const ReplaySa* sa = shownSa();
    if (!sa) return 0;
    const std::uint64_t pending = m_strip->pendingVerdicts()[static_cast<std::size_t>(verdict)];
    return sa->count(verdict) > pending ? sa->count(verdict) - pending : 0;
}

void ReplayView::setFlipField(lab::FlipField field) {
    m_flipField = field;
    static_cast<QToolButton*>(attackButton(Attack::BitFlip))
        ->setText(tr("Bit flip (%1)").arg(QString::fromUtf8(lab::flipFieldName(field).data())));
}

void ReplayView::setFloodKind(lab::FloodKind kind) {
    m_floodKind = kind;
    static_cast<QToolButton*>(attackButton(Attack::Flood))
        ->setText(kind == lab::FloodKind::Replay ? tr("Flood (replays)") : tr("Flood (forgeries)"));
}

void ReplayView::setSpoofedMessage(const QString& message) {
    m_spoofedMessage = message;
    static_cast<QToolButton*>(attackButton(Attack::SpoofInformational))
        ->setText(tr("Forge Informational (%1)").arg(message));
}

lab::AttackSpec ReplayView::attackSpec(Attack attack) const {
    lab::AttackSpec spec;
    switch (attack) {
    case Attack::ReplayLast: spec.kind = lab::AttackKind::Replay; break;
    case Attack::ReplayChosen:
        spec.kind = lab::AttackKind::Replay;
        spec.seq = static_cast<std::uint64_t>(m_chosenSeq->value());
        break;
    case Attack::ReorderBurst:
        spec.kind = lab::AttackKind::Reorder;
        spec.span = 3;
        break;
    case Attack::DelayBeyondWindow: spec.kind = lab::AttackKind::Delay; break; // the lab waits window + 6
    case Attack::BitFlip:
        spec.kind = lab::AttackKind::Flip;
        spec.field = m_flipField;
        break;
    case Attack::ForgeFarAhead:
        spec.kind = lab::AttackKind::Forge;
        spec.distance = 100000;
        break;
    case Attack::InjectOutside:
        spec.kind = lab::AttackKind::Inject;
        spec.source = *wire::Ipv4Address::parse("192.0.2.66"); // TEST-NET-1: outside every lab subnet
        break;
    case Attack::SpoofInformational:
        spec.kind = lab::AttackKind::SpoofInfo;
        spec.message = m_spoofedMessage.toStdString();
        break;
    case Attack::Flood:
        spec.kind = lab::AttackKind::Flood;
        spec.flood = m_floodKind;
        spec.count = static_cast<std::uint64_t>(m_floodCount->value());
        break;
    }
    return spec;
}

void ReplayView::inject(Attack attack) {
    // The attacks act on A→B: show its window so the class sees them land.
    QString latest;
    for (const ReplaySa& sa : m_tracker->sas())
        if (sa.alive && QString::fromStdString(sa.name).startsWith(QLatin1String("A2B")))
            latest = QString::fromStdString(sa.name);
    if (!selectedSa().startsWith(QLatin1String("A2B")) && !latest.isEmpty()) selectSa(latest);
    m_controller.inject(attackSpec(attack));
    // A forged Informational waits for its Quick Mode message: once the Quick Mode has installed
    // the SAs, none would come before a rekey, so Site A starts the next Quick Mode now (both
    // actions are logged, and a step back replays them).
    if (attack == Attack::SpoofInformational && !latest.isEmpty())
        m_controller.perform(lab::ActionKind::Rekey, lab::Site::A);
}

bool ReplayView::animating() const { return m_strip->animating(); }

void ReplayView::finishAnimations() {
    m_strip->finishAnimations();
    refreshTexts();
    paintFrame();
}

void ReplayView::resetStatistics() {
    m_frames = {};
    m_batches = {};
}

void ReplayView::startFrames() {
    if (!m_frameTimer->isActive()) m_frameTimer->start();
}

double ReplayView::paintFrame() {
    m_chartDirty = true;
    return renderFrame(/*everything=*/true);
}

double ReplayView::renderFrame(bool everything) {
    QElapsedTimer timer;
    timer.start();
    const qint64 now = m_clock.elapsed();
    // Only what moves is painted: the strip while packets fly or the window slides, the charts
    // when data came in (at most every kChartIntervalMs).
    const bool moving = m_strip->animating();
    const std::size_t pending = m_strip->pending();
    m_strip->tick(now);
    if (m_strip->pending() != pending) refreshTexts(); // packets landed: the header follows the strip
    bool painted = false;
    if (moving || everything) {
        m_strip->repaint();
        painted = true;
    }
    if (m_chartDirty && (everything || now - m_lastReplot >= kChartIntervalMs)) {
        m_chart->follow();
        m_chart->replot(QCustomPlot::rpImmediateRefresh);
        m_chartDirty = false;
        m_lastReplot = now;
        painted = true;
    }
    const double ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    if (painted) record(m_frames, ms); // a tick that waited for the chart's turn painted nothing
    return ms;
}

void ReplayView::frame() {
    // Nothing moves and no data came in: the timer rests until the next batch or selection.
    if (!m_strip->animating() && !m_chartDirty) {
        m_frameTimer->stop();
        m_strip->update(); // the last step of a slide
        return;
    }
    renderFrame();
}

} // namespace ipseclab::ui
