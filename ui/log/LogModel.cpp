// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/log/LogModel.h"

#include <algorithm>
#include <cstring>

#include "lab/Timeline.h"
#include "ui/common/DiagramRows.h"
#include "ui/common/LabController.h"

namespace ipseclab::ui {

namespace {

// Ends each column in the buffers; a column's own (none in practice) becomes a space, so a match
// never spans two columns.
constexpr char kEndOfColumn = '\x1f';

void appendColumn(std::string& text, std::string_view column) {
    const std::size_t at = text.size();
    text.append(column);
    std::replace(text.begin() + static_cast<std::ptrdiff_t>(at), text.end(), kEndOfColumn, ' ');
    text.push_back(kEndOfColumn);
}

void foldFrom(std::string& text, std::size_t at) {
    for (auto it = text.begin() + static_cast<std::ptrdiff_t>(at); it != text.end(); ++it)
        if (*it >= 'A' && *it <= 'Z') *it = static_cast<char>(*it - 'A' + 'a');
}

} // namespace

LogModel::LogModel(QObject* parent, std::size_t chunkBytes) : QAbstractTableModel(parent), m_chunkBytes(chunkBytes) {}

void LogModel::follow(LabController& controller) { controller.feed(*this); }

void LogModel::clear() {
    beginResetModel();
    m_rows.clear();
    m_chunks.clear();
    endResetModel();
}

void LogModel::append(const lab::Timeline& timeline, qsizetype first, qsizetype count) {
    const qsizetype begin = std::max<qsizetype>(first, static_cast<qsizetype>(m_rows.size()));
    const qsizetype end = std::min<qsizetype>(first + count, static_cast<qsizetype>(timeline.size()));
    if (begin >= end) return;
    beginInsertRows({}, static_cast<int>(begin), static_cast<int>(end - 1));
    for (qsizetype i = begin; i < end; ++i) {
        const lab::LabEvent& e = timeline.at(static_cast<std::size_t>(i));
        const ike::Event* ike = e.ike();
        const auto* outcome = e.as<lab::OutcomeRecord>();
        m_scratch.clear();
        appendColumn(m_scratch, formatTime(e.time).toStdString());
        appendColumn(m_scratch, lab::originName(e.origin));
        appendColumn(m_scratch, lab::phaseName(e.phase));
        appendColumn(m_scratch, e.summary());
        appendColumn(m_scratch, e.text());
        // A row too big for the last chunk's room starts the next one.
        if (m_chunks.empty() || m_chunks.back().text.size() + m_scratch.size() > m_chunkBytes)
            m_chunks.push_back(Chunk{{}, {}, m_rows.size()});
        Chunk& chunk = m_chunks.back();
        const std::size_t offset = chunk.text.size();
        chunk.text.append(m_scratch);
        chunk.folded.append(m_scratch);
        foldFrom(chunk.folded, offset);
        m_rows.push_back(Row{static_cast<std::uint32_t>(m_chunks.size() - 1), static_cast<std::uint32_t>(offset),
                             lab::originName(e.origin),
                             (ike && ike->kind == ike::EventKind::Failure) || (outcome && !outcome->asDesigned),
                             e.attack.has_value()});
    }
    endInsertRows();
}

std::string_view LogModel::rowBytes(std::size_t row, bool folded) const {
    const Row& r = m_rows.at(row);
    const std::string& bytes = folded ? m_chunks[r.chunk].folded : m_chunks[r.chunk].text;
    const bool lastOfChunk = row + 1 == m_rows.size() || m_rows[row + 1].chunk != r.chunk;
    const std::size_t end = lastOfChunk ? bytes.size() : m_rows[row + 1].offset;
    return std::string_view(bytes).substr(r.offset, end - r.offset);
}

std::string_view LogModel::cell(int row, int column) const {
    std::string_view rest = rowBytes(static_cast<std::size_t>(row), false);
    for (int c = 0; c < column; ++c) rest.remove_prefix(rest.find(kEndOfColumn) + 1);
    return rest.substr(0, rest.find(kEndOfColumn));
}

QString LogModel::lineOf(int row) const {
    auto text = [this, row](int column) {
        const std::string_view c = cell(row, column);
        return QString::fromUtf8(c.data(), static_cast<qsizetype>(c.size()));
    };
    return QStringLiteral("%1\t%2\t%3 — %4")
        .arg(text(TimeColumn), text(WhereColumn), text(EventColumn), text(DetailColumn));
}

std::string LogModel::needleOf(const QString& text) {
    std::string needle = text.toStdString();
    foldFrom(needle, 0);
    return needle;
}

void LogModel::forEachContaining(std::string_view needle, int first, const std::function<void(int)>& found) const {
    if (first >= rowCount()) return;
    // One pass of memmem (glibc's: a few gigabytes a second) over each chunk's rows at once; a
    // hit's row by binary search, and on from the next row.
    const Row& from = m_rows[static_cast<std::size_t>(first)];
    for (std::size_t c = from.chunk; c < m_chunks.size(); ++c) {
        const std::string& folded = m_chunks[c].folded;
        const auto rowsBegin = m_rows.begin() + static_cast<std::ptrdiff_t>(m_chunks[c].firstRow);
        const auto rowsEnd = c + 1 < m_chunks.size()
                                 ? m_rows.begin() + static_cast<std::ptrdiff_t>(m_chunks[c + 1].firstRow)
                                 : m_rows.end();
        std::size_t at = c == from.chunk ? from.offset : 0;
        while (at < folded.size()) {
            const void* hit = memmem(folded.data() + at, folded.size() - at, needle.data(), needle.size());
            if (!hit) break;
            const auto offset = static_cast<std::size_t>(static_cast<const char*>(hit) - folded.data());
            const auto next = std::upper_bound(rowsBegin, rowsEnd, offset,
                                               [](std::size_t o, const Row& row) { return o < row.offset; });
            found(static_cast<int>(next - m_rows.begin() - 1));
            at = next == rowsEnd ? folded.size() : next->offset;
        }
    }
}

std::size_t LogModel::memoryBytes() const {
    std::size_t bytes = m_chunks.capacity() * sizeof(Chunk) + m_rows.size() * sizeof(Row);
    for (const Chunk& chunk : m_chunks) bytes += chunk.text.capacity() + chunk.folded.capacity();
    return bytes;
}

void LogModel::setColors(const QColor& failure, const QColor& attack) {
    m_failure = failure;
    m_attack = attack;
    if (!m_rows.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::ForegroundRole});
}

int LogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int LogModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant LogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const Row& r = m_rows.at(static_cast<std::size_t>(index.row()));
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole: {
        const std::string_view c = cell(index.row(), index.column());
        return QString::fromUtf8(c.data(), static_cast<qsizetype>(c.size()));
    }
    case Qt::ForegroundRole:
        if (r.failure) return m_failure;
        if (r.attack) return m_attack;
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == TimeColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case SiteRole: return QString::fromUtf8(r.site.data(), static_cast<qsizetype>(r.site.size()));
    default: return {};
    }
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case TimeColumn: return tr("Time");
    case WhereColumn: return tr("Where");
    case PhaseColumn: return tr("Phase");
    case EventColumn: return tr("Event");
    case DetailColumn: return tr("Details");
    default: return {};
    }
}

} // namespace ipseclab::ui
