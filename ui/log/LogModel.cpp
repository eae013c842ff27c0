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

char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equalFolded(const char* at, std::string_view needle) {
    for (std::size_t i = 0; i < needle.size(); ++i)
        if (fold(at[i]) != needle[i]) return false;
    return true;
}

// Sixteen bytes at once, in the compiler's vector extension (SSE2 on x86-64, NEON on ARM).
using Bytes16 = unsigned char __attribute__((vector_size(16)));

Bytes16 fold16(const char* at) {
    Bytes16 b;
    std::memcpy(&b, at, sizeof b);
    return b + (static_cast<Bytes16>((b >= 'A') & (b <= 'Z')) & 0x20);
}

// Where `needle` (folded) first occurs in `hay` read with A-Z as a-z; npos if nowhere. Sixteen
// places at a time, those where both the needle's first and last bytes match are compared whole
// (Wojciech Muła's "SIMD-friendly" substring search): as fast as glibc's memmem over a folded copy
// (a few gigabytes a second), with no copy.
std::size_t findFolded(std::string_view hay, std::string_view needle) {
    const std::size_t n = needle.size();
    if (hay.size() < n) return std::string_view::npos;
    const Bytes16 first = Bytes16{} + static_cast<unsigned char>(needle.front());
    const Bytes16 last = Bytes16{} + static_cast<unsigned char>(needle.back());
    std::size_t i = 0;
    for (; i + n - 1 + sizeof(Bytes16) <= hay.size(); i += sizeof(Bytes16)) {
        const auto both = static_cast<Bytes16>((fold16(hay.data() + i) == first) &
                                               (fold16(hay.data() + i + n - 1) == last));
        std::uint64_t halves[2];
        std::memcpy(halves, &both, sizeof halves);
        for (std::size_t half = 0; half < 2; ++half) // a byte 0xff where both matched: its top bit
            for (std::uint64_t m = halves[half] & 0x8080808080808080; m != 0; m &= m - 1) {
                const std::size_t at = i + 8 * half + static_cast<std::size_t>(__builtin_ctzll(m)) / 8;
                if (equalFolded(hay.data() + at, needle)) return at;
            }
    }
    for (; i + n <= hay.size(); ++i)
        if (equalFolded(hay.data() + i, needle)) return i;
    return std::string_view::npos;
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
        // Its room reserved: a string grown by doubling would hold up to twice its bytes.
        if (m_chunks.empty() || m_chunks.back().text.size() + m_scratch.size() > m_chunkBytes) {
            m_chunks.push_back(Chunk{{}, m_rows.size()});
            m_chunks.back().text.reserve(std::max(m_chunkBytes, m_scratch.size()));
        }
        Chunk& chunk = m_chunks.back();
        const std::size_t offset = chunk.text.size();
        chunk.text.append(m_scratch);
        m_rows.push_back(Row{static_cast<std::uint32_t>(m_chunks.size() - 1), static_cast<std::uint32_t>(offset),
                             e.origin,
                             (ike && ike->kind == ike::EventKind::Failure) || (outcome && !outcome->asDesigned),
                             e.attack.has_value()});
    }
    endInsertRows();
}

std::string_view LogModel::rowBytes(std::size_t row) const {
    const Row& r = m_rows.at(row);
    const std::string& bytes = m_chunks[r.chunk].text;
    const bool lastOfChunk = row + 1 == m_rows.size() || m_rows[row + 1].chunk != r.chunk;
    const std::size_t end = lastOfChunk ? bytes.size() : m_rows[row + 1].offset;
    return std::string_view(bytes).substr(r.offset, end - r.offset);
}

std::string_view LogModel::cell(int row, int column) const {
    std::string_view rest = rowBytes(static_cast<std::size_t>(row));
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
    std::transform(needle.begin(), needle.end(), needle.begin(), [](char c) { return fold(c); });
    return needle;
}

void LogModel::forEachContaining(std::string_view needle, int first, const std::function<void(int)>& found) const {
    while (first < rowCount()) first = forEachContainingInChunk(needle, first, found);
}

int LogModel::forEachContainingInChunk(std::string_view needle, int first,
                                       const std::function<void(int)>& found) const {
    if (first >= rowCount()) return rowCount();
    const Row& from = m_rows[static_cast<std::size_t>(first)];
    const Chunk& chunk = m_chunks[from.chunk];
    const auto rowsBegin = m_rows.begin() + first;
    const auto rowsEnd = from.chunk + 1 < m_chunks.size()
                             ? m_rows.begin() + static_cast<std::ptrdiff_t>(m_chunks[from.chunk + 1].firstRow)
                             : m_rows.end();
    const int end = static_cast<int>(rowsEnd - m_rows.begin());
    if (needle.empty()) {
        for (int row = first; row < end; ++row) found(row);
        return end;
    }
    // One pass over the chunk's rows; a hit's row by binary search, and on from the next row.
    const std::string_view bytes(chunk.text);
    std::size_t at = from.offset;
    while (at < bytes.size()) {
        const std::size_t hit = findFolded(bytes.substr(at), needle);
        if (hit == std::string_view::npos) break;
        const auto next = std::upper_bound(rowsBegin, rowsEnd, at + hit,
                                           [](std::size_t o, const Row& row) { return o < row.offset; });
        found(static_cast<int>(next - m_rows.begin() - 1));
        at = next == rowsEnd ? bytes.size() : next->offset;
    }
    return end;
}

std::size_t LogModel::memoryBytes() const {
    std::size_t bytes = m_chunks.capacity() * sizeof(Chunk) + m_rows.size() * sizeof(Row);
    for (const Chunk& chunk : m_chunks) bytes += chunk.text.capacity();
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
    case SiteRole: {
        const std::string_view site = lab::originName(r.origin);
        return QString::fromUtf8(site.data(), static_cast<qsizetype>(site.size()));
    }
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
