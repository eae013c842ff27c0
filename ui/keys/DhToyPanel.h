// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// The by-hand Diffie-Hellman example (seed/ipsec-overview.md's "simple example"): small p, g and
// two private numbers a class can check with pencil and paper, every step written out as
// arithmetic. INSECURE and labelled so: it is core/crypto's ToyDiffieHellman, never used on the
// wire. The numbers are editable; a bad choice (p not prime, g out of range) is explained inline.

#include <QStringList>
#include <QWidget>

#include <cstdint>
#include <optional>

class QLabel;
class QSpinBox;

namespace ipseclab::ui {

class DhToyPanel : public QWidget {
    Q_OBJECT
public:
    explicit DhToyPanel(QWidget* parent = nullptr);

    void setNumbers(std::uint64_t p, std::uint64_t g, std::uint64_t a, std::uint64_t b);

    // What the panel shows, as plain text: "A = g^a mod p = 5^6 mod 23 = 15625 mod 23 = 8", ...
    QStringList steps() const { return m_steps; }
    // The problem with the numbers, empty when they work.
    QString error() const { return m_error; }
    std::optional<std::uint64_t> publicA() const { return m_publicA; }
    std::optional<std::uint64_t> publicB() const { return m_publicB; }
    // The secret as Site A and Site B compute it.
    std::optional<std::uint64_t> secretA() const { return m_secretA; }
    std::optional<std::uint64_t> secretB() const { return m_secretB; }

    QSpinBox* primeBox() const { return m_p; }

private:
    void recompute();

    QSpinBox* m_p;
    QSpinBox* m_g;
    QSpinBox* m_a;
    QSpinBox* m_b;
    QLabel* m_stepsLabel;
    QStringList m_steps;
    QString m_error;
    std::optional<std::uint64_t> m_publicA, m_publicB, m_secretA, m_secretB;
};

} // namespace ipseclab::ui
