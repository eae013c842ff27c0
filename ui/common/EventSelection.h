// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// What the user is looking at, shared by every view: one timeline event (a datagram, a derived
// key, a verdict...) and, optionally, a byte range inside a datagram (a field). Clicking an arrow
// in the diagram, a row in the log, or an input of a key node selects here; every view follows.

#include <QObject>
#include <QString>

#include <cstddef>

namespace ipseclab::ui {

class EventSelection : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    // The selected timeline index, -1 for none.
    qsizetype current() const { return m_current; }
    // The field the user selected last in the packet inspector: the event whose bytes it is in and
    // its key (a lesson's field question reads it); -1 and empty before any.
    qsizetype pickedEvent() const { return m_pickedEvent; }
    QString pickedField() const { return m_pickedField; }

public slots:
    void select(qsizetype index) {
        if (index == m_current) return;
        m_current = index;
        emit currentChanged(index);
    }
    // Selects datagram event `index` and, in it, `length` bytes at `offset`: of the bytes as on the
    // wire, or of the decrypted plaintext when `plaintext` is set.
    void selectField(qsizetype index, bool plaintext, std::size_t offset, std::size_t length) {
        select(index);
        emit fieldSelected(index, plaintext, offset, length);
    }
    void clear() { select(-1); }
    void pickField(qsizetype index, const QString& key) {
        m_pickedEvent = index;
        m_pickedField = key;
        emit fieldPicked(index, key);
    }

signals:
    void currentChanged(qsizetype index);
    void fieldSelected(qsizetype index, bool plaintext, std::size_t offset, std::size_t length);
    void fieldPicked(qsizetype index, const QString& key);

private:
    qsizetype m_current = -1;
    qsizetype m_pickedEvent = -1;
    QString m_pickedField;
};

} // namespace ipseclab::ui
