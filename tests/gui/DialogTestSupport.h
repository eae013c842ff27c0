// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Answering the window's modal dialogs from a test, as a user does once one shows: a file dialog
// (a type picked in its list, a name typed, Save) or a message box (one of its buttons).

#include <QApplication>
#include <QComboBox>
#include <QFileDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>

#include <functional>

namespace ipseclab::test {

// Calls `answer` with the next modal dialog of type Dialog, as soon as it is shown.
template <class Dialog>
void whenShown(std::function<void(Dialog*)> answer) {
    auto* timer = new QTimer;
    QObject::connect(timer, &QTimer::timeout, timer, [timer, answer = std::move(answer)] {
        auto* dialog = qobject_cast<Dialog*>(QApplication::activeModalWidget());
        if (!dialog) return;
        timer->stop();
        timer->deleteLater();
        answer(dialog);
    });
    timer->start(20);
}

// Picks `filter` (when given) in the type list, types `name`, presses Save; `folderShown` tells
// the folder the dialog opened in, `nameShown` the name it proposed.
inline void answerFileDialog(const QString& name, const QString& filter = {}, QString* folderShown = nullptr,
                             QString* nameShown = nullptr) {
    whenShown<QFileDialog>([=](QFileDialog* dialog) {
        if (folderShown) *folderShown = dialog->directory().absolutePath();
        if (auto* typed = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit")); typed && nameShown)
            *nameShown = typed->text();
        // The type chosen in its list, as a click does: QFileDialog's filterSelected follows the click.
        if (auto* types = dialog->findChild<QComboBox*>(QStringLiteral("fileTypeCombo")); types && !filter.isEmpty()) {
            types->setCurrentIndex(types->findText(filter));
            emit types->activated(types->currentIndex());
            emit types->textActivated(types->currentText());
        }
        if (auto* typed = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"))) typed->setText(name);
        else dialog->selectFile(name);
        QMetaObject::invokeMethod(dialog, "accept"); // a slot, protected in QFileDialog
    });
}

// Clicks `button` of the next message box; `text` tells what it asked.
inline void answerMessageBox(QMessageBox::StandardButton button, QString* text = nullptr) {
    whenShown<QMessageBox>([=](QMessageBox* box) {
        if (text) *text = box->text();
        box->button(button)->click();
    });
}

} // namespace ipseclab::test
