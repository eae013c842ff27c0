// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Where an export goes, asked the same way by every "save as" of the window (the File menu's
// exports, the scenario editor's Save as, the lesson worksheet): a save dialog that opens in the
// folder used last — remembered across runs (QSettings "export/folder"), the Documents folder the
// first time — on a name that says what the file holds ("main-quick-seed7-report.pdf"), with the
// suffix of the chosen type added when the name has none. And, once the file is written, the
// confirmation: a status-bar message, and for an export the user asked for, a button that opens
// its folder.

#include <QString>

#include <cstdint>

class QMessageBox;
class QStatusBar;
class QWidget;

namespace ipseclab::ui {

class ExportPath {
public:
    // "main-quick-seed7" and, with `what`, "main-quick-seed7-report": runs of other scenarios or
    // seeds do not overwrite each other's files.
    static QString baseName(const QString& scenario, std::uint64_t seed, const QString& what = {});

    // Asks where to save. `defaultName` is a file name, proposed in the remembered folder;
    // `filters` as QFileDialog's ("PDF (*.pdf);;HTML (*.html)"), the first one (or
    // *selectedFilter, when given) selected; *selectedFilter tells the one chosen. Empty when
    // cancelled; otherwise the folder is remembered.
    static QString ask(QWidget* parent, const QString& title, const QString& defaultName, const QString& filters,
                       QString* selectedFilter = nullptr);
    // The path the dialog proposes for `defaultName`, and the folder it opens in.
    static QString proposal(const QString& defaultName);
    static QString lastFolder();
    // Remembers the folder of `path` for the next export.
    static void remember(const QString& path);

    // `message` in the status bar for 15 s (widget "exportConfirmation"); with `offerFolder`,
    // beside it a button ("openExportFolder") that opens the folder holding `path`.
    static void confirm(QStatusBar& statusBar, const QString& message, const QString& path, bool offerFolder);
    // The confirmation shown now (empty: none).
    static QString confirmation(const QStatusBar& statusBar);
    // An "Open the folder" button in a message box about a file written to `path`.
    static void addOpenFolderButton(QMessageBox& box, const QString& path);
    // Shows the folder holding `path` in the desktop's file manager.
    static bool openFolder(const QString& path);
};

} // namespace ipseclab::ui
