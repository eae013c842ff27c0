// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/common/ExportPath.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>
#include <QUrl>

#include "ui/common/ElidedLabel.h"

namespace ipseclab::ui {

namespace {

const QString kFolderKey = QStringLiteral("export/folder");
constexpr int kMessageMs = 15000;

// "PDF (*.pdf)" -> "pdf": the suffix a name typed without one gets.
QString suffixOf(const QString& filter) {
    static const QRegularExpression pattern(QStringLiteral("\\*\\.(\\w+)"));
    return pattern.match(filter).captured(1);
}

} // namespace

QString ExportPath::baseName(const QString& scenario, std::uint64_t seed, const QString& what) {
    QString name = QStringLiteral("%1-seed%2").arg(scenario.isEmpty() ? QStringLiteral("lab") : scenario).arg(seed);
    if (!what.isEmpty()) name += QLatin1Char('-') + what;
    // A scenario file may be named anything: keep the name a file name.
    static const QRegularExpression unsafe(QStringLiteral("[\\\\/:*?\"<>|\\s]+"));
    return name.replace(unsafe, QStringLiteral("_"));
}

QString ExportPath::lastFolder() {
    const QString saved = QSettings().value(kFolderKey).toString();
    if (!saved.isEmpty() && QFileInfo(saved).isDir()) return saved;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QFileInfo(documents).isDir() ? documents : QDir::homePath();
}

QString ExportPath::proposal(const QString& defaultName) { return QDir(lastFolder()).filePath(defaultName); }

void ExportPath::remember(const QString& path) { QSettings().setValue(kFolderKey, QFileInfo(path).absolutePath()); }

QString ExportPath::ask(QWidget* parent, const QString& title, const QString& defaultName, const QString& filters,
                        QString* selectedFilter) {
    QFileDialog dialog(parent, title, proposal(defaultName), filters);
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setFileMode(QFileDialog::AnyFile);
    dialog.setObjectName(QStringLiteral("exportPathDialog"));
    if (selectedFilter && !selectedFilter->isEmpty()) dialog.selectNameFilter(*selectedFilter);
    // A name typed without a suffix gets the chosen type's.
    dialog.setDefaultSuffix(suffixOf(dialog.selectedNameFilter()));
    QObject::connect(&dialog, &QFileDialog::filterSelected, &dialog,
                     [&dialog](const QString& filter) { dialog.setDefaultSuffix(suffixOf(filter)); });
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty()) return {};
    QString path = dialog.selectedFiles().constFirst();
    // A dialog of the desktop's may not add the suffix itself.
    if (QFileInfo(path).suffix().isEmpty() && !suffixOf(dialog.selectedNameFilter()).isEmpty())
        path += QLatin1Char('.') + suffixOf(dialog.selectedNameFilter());
    if (selectedFilter) *selectedFilter = dialog.selectedNameFilter();
    remember(path);
    return path;
}

bool ExportPath::openFolder(const QString& path) {
    return QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
}

void ExportPath::confirm(QStatusBar& statusBar, const QString& message, const QString& path, bool offerFolder) {
    // A widget of its own beside the window's status text (which fills the bar, so that a
    // temporary message would not show): the message, at most half the bar wide, and the button.
    delete statusBar.findChild<QWidget*>(QStringLiteral("exportConfirmation"));
    auto* confirmation = new QWidget;
    confirmation->setObjectName(QStringLiteral("exportConfirmation"));
    auto* layout = new QHBoxLayout(confirmation);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* text = new ElidedLabel;
    text->setObjectName(QStringLiteral("exportMessage"));
    text->setElideMode(Qt::ElideMiddle); // a path keeps its file name
    text->setText(message);
    text->setAccessibleName(message);
    text->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    text->setMaximumWidth(std::max(200, statusBar.width() / 2));
    layout->addWidget(text);
    if (offerFolder) {
        auto* button = new QToolButton;
        button->setObjectName(QStringLiteral("openExportFolder"));
        button->setText(QObject::tr("Open the folder"));
        button->setToolTip(QDir::toNativeSeparators(QFileInfo(path).absolutePath()));
        QObject::connect(button, &QToolButton::clicked, button, [path] { openFolder(path); });
        layout->addWidget(button);
    }
    statusBar.insertPermanentWidget(0, confirmation);
    confirmation->show();
    QTimer::singleShot(kMessageMs, confirmation, &QObject::deleteLater);
}

QString ExportPath::confirmation(const QStatusBar& statusBar) {
    const auto* text = statusBar.findChild<QLabel*>(QStringLiteral("exportMessage"));
    return text ? text->text() : QString();
}

void ExportPath::addOpenFolderButton(QMessageBox& box, const QString& path) {
    QPushButton* open = box.addButton(QObject::tr("Open the folder"), QMessageBox::ActionRole);
    open->setToolTip(QDir::toNativeSeparators(QFileInfo(path).absolutePath()));
    QObject::connect(open, &QPushButton::clicked, open, [path] { openFolder(path); });
}

} // namespace ipseclab::ui
