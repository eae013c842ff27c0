#include "MainWindow.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStatusBar>
#include <QTextBlock>
#include <QTreeWidget>

namespace ipseclab::ui {

namespace {
constexpr int kBytesPerLine = 16;
// Each hex line: "0000  " then "xx " per byte.
constexpr int kOffsetWidth = 6;
constexpr int kOffsetRole = Qt::UserRole;
constexpr int kLengthRole = Qt::UserRole + 1;

QString hexDump(const Bytes& bytes) {
    QString out;
    for (std::size_t line = 0; line < bytes.size(); line += kBytesPerLine) {
        out += QStringLiteral("%1  ").arg(line, 4, 16, QChar('0'));
        for (std::size_t i = line; i < std::min(bytes.size(), line + kBytesPerLine); ++i)
            out += QStringLiteral("%1 ").arg(bytes[i], 2, 16, QChar('0'));
        out += '\n';
    }
    return out;
}
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_tree(new QTreeWidget), m_hex(new QPlainTextEdit) {
    setWindowTitle(tr("IPsec Lab"));
    m_tree->setColumnCount(3);
    m_tree->setHeaderLabels({tr("Field"), tr("Value"), tr("Meaning")});
    m_tree->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_tree->setAlternatingRowColors(true);
    m_hex->setReadOnly(true);
    m_hex->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_hex->setLineWrapMode(QPlainTextEdit::NoWrap);

    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_hex);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    setCentralWidget(splitter);
    resize(1200, 800);

    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (item) highlight(item->data(0, kOffsetRole).toULongLong(), item->data(0, kLengthRole).toULongLong());
    });
}

void MainWindow::showMessage(const QString& title, const Bytes& bytes, const wire::Annotations& annotations) {
    m_bytes = bytes;
    m_tree->clear();
    // Paths nest with '/'; a container is announced before its children.
    QHash<QString, QTreeWidgetItem*> byPath;
    for (const wire::Annotation& a : annotations) {
        const QString path = QString::fromStdString(a.path);
        const int cut = path.lastIndexOf('/');
        QTreeWidgetItem* parentItem = cut < 0 ? nullptr : byPath.value(path.left(cut));
        auto* item = parentItem ? new QTreeWidgetItem(parentItem) : new QTreeWidgetItem(m_tree);
        item->setText(0, cut < 0 ? path : path.mid(cut + 1));
        item->setText(1, QString::fromStdString(a.value));
        item->setText(2, QString::fromStdString(a.meaning));
        item->setToolTip(2, QString::fromStdString(a.meaning));
        item->setData(0, kOffsetRole, qulonglong(a.offset));
        item->setData(0, kLengthRole, qulonglong(a.length));
        byPath.insert(path, item);
    }
    m_tree->expandToDepth(1);
    for (int c = 0; c < 2; ++c) m_tree->resizeColumnToContents(c);
    m_hex->setPlainText(hexDump(bytes));
    statusBar()->showMessage(title);
}

void MainWindow::showProblem(const QString& text) {
    m_tree->clear();
    m_hex->setPlainText(text);
    statusBar()->showMessage(text);
}

void MainWindow::highlight(std::size_t offset, std::size_t length) {
    QList<QTextEdit::ExtraSelection> selections;
    for (std::size_t i = offset; i < offset + length && i < m_bytes.size(); ++i) {
        QTextEdit::ExtraSelection sel;
        const QTextBlock block = m_hex->document()->findBlockByNumber(int(i / kBytesPerLine));
        QTextCursor cursor(block);
        cursor.setPosition(block.position() + kOffsetWidth + int(i % kBytesPerLine) * 3);
        cursor.setPosition(cursor.position() + 2, QTextCursor::KeepAnchor);
        sel.cursor = cursor;
        sel.format.setBackground(palette().highlight());
        sel.format.setForeground(palette().highlightedText());
        selections << sel;
    }
    m_hex->setExtraSelections(selections);
}

} // namespace ipseclab::ui
