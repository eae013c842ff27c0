// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// File › Open lab code: the code the teacher gave, the student's id and name — or a lab card file,
// which fills all three and brings the class's settings. The code is checked as it is typed
// (classroom::decodeLabCode's message under the field), and OK waits until it decodes.

#include <QDialog>

#include <optional>

#include "classroom/ClassFile.h"

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace ipseclab::ui {

class LabCodeDialog : public QDialog {
    Q_OBJECT
public:
    explicit LabCodeDialog(QWidget* parent = nullptr);

    // What was typed (the class's settings the defaults), or the card that was opened.
    classroom::LabCard card() const;
    // Fills the fields from a lab card file; false with the problem shown when it cannot be read.
    bool loadCard(const QString& path);
    QLineEdit* codeEdit() const { return m_code; }
    QLineEdit* idEdit() const { return m_id; }
    QLineEdit* nameEdit() const { return m_name; }
    QString problem() const; // what is wrong with the code typed (empty: it decodes)
    bool acceptable() const;

private:
    void askCard();
    void check();

    QLineEdit* m_code;
    QLineEdit* m_id;
    QLineEdit* m_name;
    QLabel* m_problem;
    QLabel* m_from; // the class a card came from
    QDialogButtonBox* m_buttons;
    std::optional<classroom::LabCard> m_card; // opened from a file
};

} // namespace ipseclab::ui
