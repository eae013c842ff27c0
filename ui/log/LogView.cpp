// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/log/LogView.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

#include "lab/LabEvent.h"
#include "ui/common/EventSelection.h"
#include "ui/common/LabController.h"
#include "ui/common/SequenceDiagramPainter.h"
#include "ui/log/LogFilter.h"
#include "ui/log/LogModel.h"

namespace ipseclab::ui {

LogView::LogView(LabController& controller, EventSelection& selection, QWidget* parent)
    : QWidget(parent), m_selection(selection), m_model(new LogModel(this)), m_proxy(new LogFilter(*m_model, this)),
      m_filter(new QLineEdit), m_site(new QComboBox), m_table(new QTableView), m_status(new QLabel) {
    m_model->follow(controller);

    m_filter->setPlaceholderText(tr("Filter: MM5, SKEYID, seq 7, failure…"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setToolTip(tr("Keep the lines that contain this text (any column, any case)"));
    m_site->addItem(tr("Both sites and the wire"), QString());
    m_site->addItem(tr("Site A"), QStringLiteral("A"));
    m_site->addItem(tr("Site B"), QStringLiteral("B"));
    m_site->addItem(tr("The wire"), QStringLiteral("wire"));
    auto* copyAll = new QPushButton(tr("Copy all"));
    copyAll->setToolTip(tr("Copy every line the filter keeps, as text"));

    m_table->setModel(m_proxy);
    // What a screen reader says: the table and the filter by name, the table's columns in words.
    m_table->setAccessibleName(tr("Log"));
    m_table->setAccessibleDescription(
        tr("The lab's timeline, one event per row: time, where (site A, site B or the wire), "
           "phase, event and details. Selecting a row selects its event in every view."));
    m_filter->setAccessibleName(tr("Log filter"));
    m_site->setAccessibleName(tr("Log site"));
    m_status->setAccessibleName(tr("Log filter status"));
    m_status->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->verticalHeader()->hide();
    // Uniform rows: the view lays out only what it shows, however long the timeline.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    const int em = m_table->fontMetrics().horizontalAdvance(QLatin1Char('M'));
    fitTimeColumn(QString());
    fitWordColumns();
    m_table->setColumnWidth(LogModel::EventColumn, em * 22);

    auto* copyAction = new QAction(tr("Copy"), m_table);
    copyAction->setObjectName(QStringLiteral("copyLines"));
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetShortcut);
    m_table->addAction(copyAction);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto* copyAllAction = new QAction(tr("Copy all shown lines"), m_table);
    copyAllAction->setObjectName(QStringLiteral("copyAllLines"));
    m_table->addAction(copyAllAction);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_site);
    bar->addWidget(copyAll);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);

    // The selected event is shown again once the filter finds it (its progressed signal).
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &LogFilter::setText);
    connect(m_site, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setSite(m_site->currentData().toString()); });
    connect(copyAll, &QPushButton::clicked, this, [this] { copy(false); });
    connect(copyAction, &QAction::triggered, this, [this] { copy(true); });
    connect(copyAllAction, &QAction::triggered, this, [this] { copy(false); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid()) m_selection.select(m_proxy->sourceRow(current.row()));
            });
    connect(&m_selection, &EventSelection::currentChanged, this, &LogView::showSelection);
    // The selected event as soon as a slice finds it, and how far the scan is.
    connect(m_proxy, &LogFilter::progressed, this, [this] {
        showSelection();
        showFilterStatus();
    });
    // A new filter's rows from the top (the scroll bar would keep the old rows' place), and new
    // lines followed while the view is at the bottom (not the rows the filter's scan finds).
    connect(m_proxy, &QAbstractItemModel::modelReset, m_table, &QTableView::scrollToTop);
    connect(m_proxy, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        QScrollBar* scroll = m_table->verticalScrollBar();
        m_table->setProperty("following", !m_proxy->scanning() && scroll->value() >= scroll->maximum() - 1);
    });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_table->property("following").toBool()) m_table->scrollToBottom();
    });
    // The timeline's times only grow: the newest line has the widest.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex&, int, int last) {
        fitTimeColumn(m_model->index(last, LogModel::TimeColumn).data().toString());
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { fitTimeColumn(QString()); });
    applyColors();
}

void LogView::showSelection() {
    const qsizetype event = m_selection.current();
    if (event < 0 || event >= m_model->rowCount()) return;
    const int row = m_proxy->rowOf(static_cast<int>(event));
    if (row < 0 || row == m_table->currentIndex().row()) return;
    const QModelIndex index = m_proxy->index(row, 0);
    const QSignalBlocker block(m_table->selectionModel());
    m_table->setCurrentIndex(index);
    m_table->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    m_table->viewport()->update();
}

void LogView::showFilterStatus() {
    m_status->setVisible(m_proxy->filtering());
    if (!m_proxy->filtering()) return;
    const QLocale locale;
    const QString lines = locale.toString(m_model->rowCount());
    const QString found = locale.toString(m_proxy->rowCount());
    m_status->setText(
        m_proxy->scanning()
            ? tr("Filtering… %1 of %2 lines, %3 found").arg(locale.toString(m_proxy->scanned()), lines, found)
            : tr("%1 of %2 lines").arg(found, lines));
}

QString LogView::text(bool selectedOnly) const {
    QStringList lines;
    if (selectedOnly) {
        QModelIndexList rows = m_table->selectionModel()->selectedRows();
        std::sort(rows.begin(), rows.end(),
                  [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
        for (const QModelIndex& row : rows) lines << m_model->lineOf(m_proxy->sourceRow(row.row()));
    } else {
        for (int row = 0; row < m_proxy->rowCount(); ++row) lines << m_model->lineOf(m_proxy->sourceRow(row));
    }
    return lines.isEmpty() ? QString() : lines.join('\n') + '\n';
}

void LogView::copy(bool selectedOnly) const { QApplication::clipboard()->setText(text(selectedOnly)); }

void LogView::applyColors() {
    // The diagram's colours, so a failure is the same red everywhere.
    const auto colors = SequenceDiagramPainter::colorsFor(palette());
    m_model->setColors(colors.failure, colors.attack);
}

void LogView::fitWordColumns() {
    // Where and Phase hold a few known words: as wide as the widest of them, or of the header.
    const QFontMetrics cells = m_table->fontMetrics();
    const QFontMetrics header = m_table->horizontalHeader()->fontMetrics();
    const int padding = 2 * m_table->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, m_table) +
                        cells.averageCharWidth() * 2;
    auto fit = [&](int column, QStringList words) {
        int widest = header.horizontalAdvance(m_model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString());
        for (const QString& word : words) widest = std::max(widest, cells.horizontalAdvance(word));
        m_table->setColumnWidth(column, widest + padding);
    };
    fit(LogModel::WhereColumn,
        {QStringLiteral("A"), QStringLiteral("B"), QString::fromUtf8(lab::originName(lab::Origin::Wire).data())});
    QStringList phases;
    for (const lab::Phase phase : {lab::Phase::InterestingTraffic, lab::Phase::IkePhase1, lab::Phase::IkePhase2,
                                   lab::Phase::DataTransfer, lab::Phase::Termination})
        phases << QString::fromUtf8(lab::phaseName(phase).data(), static_cast<qsizetype>(lab::phaseName(phase).size()));
    fit(LogModel::PhaseColumn, phases);
}

void LogView::fitTimeColumn(const QString& time) {
    // Digits are as wide as each other in most fonts, not in all: measure the real text, and at
    // least "000.000 s" so the column does not grow at every step of a short run.
    const QFontMetrics metrics = m_table->fontMetrics();
    const int padding = 2 * m_table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_table) +
                        metrics.averageCharWidth() * 2;
    const int needed =
        std::max(metrics.horizontalAdvance(time), metrics.horizontalAdvance(QStringLiteral("000.000 s"))) + padding;
    const int current = m_table->columnWidth(LogModel::TimeColumn);
    if (time.isEmpty() ? current != needed : current < needed) m_table->setColumnWidth(LogModel::TimeColumn, needed);
}

void LogView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) applyColors();
    if (event->type() == QEvent::FontChange) {
        fitWordColumns();
        const int rows = m_model->rowCount();
        fitTimeColumn(QString());
        if (rows > 0) fitTimeColumn(m_model->index(rows - 1, LogModel::TimeColumn).data().toString());
    }
}

} // namespace ipseclab::ui
