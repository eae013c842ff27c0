// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/keys/DhToyPanel.h"

#include <QGridLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

#include "crypto/ToyDiffieHellman.h"
#include "ui/common/AppTheme.h"

namespace ipseclab::ui {

namespace {

using crypto::ToyDiffieHellman;

// base^exponent itself when it is short enough to write on a board (up to 15 digits), so the
// class sees the power before the reduction; otherwise only the result mod p is shown.
std::optional<std::uint64_t> writablePower(std::uint64_t base, std::uint64_t exponent) {
    constexpr std::uint64_t kLimit = 999'999'999'999'999;
    std::uint64_t result = 1;
    for (std::uint64_t i = 0; i < exponent; ++i) {
        if (base != 0 && result > kLimit / base) return std::nullopt;
        result *= base;
    }
    return result;
}

// One line of the example, as plain text and as rich text (exponents raised).
struct Step {
    QString plain;
    QString rich;
};

// "A = g^a mod p = 5^6 mod 23 = 15625 mod 23 = 8"
Step powerStep(const QString& who, const QString& symbol, const QString& base, const QString& exponent, std::uint64_t b,
               std::uint64_t e, std::uint64_t p, std::uint64_t result) {
    const std::optional<std::uint64_t> power = writablePower(b, e);
    const QString middle = power ? QStringLiteral(" = %1 mod %2").arg(*power).arg(p) : QString();
    Step step;
    step.plain = QStringLiteral("%1 = %2^%3 mod p = %4^%5 mod %6%7 = %8")
                     .arg(symbol, base, exponent)
                     .arg(b)
                     .arg(e)
                     .arg(p)
                     .arg(middle)
                     .arg(result);
    step.rich =
        QStringLiteral(
            "%1: &nbsp;<i>%2</i> = <i>%3</i><sup><i>%4</i></sup> mod <i>p</i> = %5<sup>%6</sup> mod %7%8 = <b>%9</b>")
            .arg(who, symbol, base, exponent)
            .arg(b)
            .arg(e)
            .arg(p)
            .arg(middle)
            .arg(result);
    return step;
}

QString indented(const QString& html) { return QStringLiteral("<p style=\"margin-left:16px\">%1</p>").arg(html); }

QSpinBox* numberBox(int minimum, int value) {
    auto* box = new QSpinBox;
    box->setRange(minimum, std::numeric_limits<int>::max());
    box->setValue(value);
    box->setAccelerated(true);
    return box;
}

} // namespace

DhToyPanel::DhToyPanel(QWidget* parent)
    : QWidget(parent), m_p(numberBox(2, 23)), m_g(numberBox(1, 5)), m_a(numberBox(1, 6)), m_b(numberBox(1, 15)),
      m_stepsLabel(new QLabel) {
    auto* warning = new QLabel(tr("<b>⚠ Toy numbers — insecure, for teaching only.</b> Numbers this small are broken "
                                  "by trying every exponent. The lab's real exchange uses the same steps with a "
                                  "prime of 768 to 2048 bits (or an elliptic curve)."));
    warning->setWordWrap(true);
    warning->setStyleSheet(QStringLiteral("QLabel { border: 2px solid #e69f00; border-radius: 6px; padding: 6px; }"));

    auto* numbers = new QGridLayout;
    const std::pair<QString, QSpinBox*> rows[] = {{tr("prime p"), m_p},
                                                  {tr("generator g"), m_g},
                                                  {tr("Site A's private a"), m_a},
                                                  {tr("Site B's private b"), m_b}};
    for (int i = 0; i < 4; ++i) {
        numbers->addWidget(new QLabel(rows[i].first), i / 2, (i % 2) * 2);
        numbers->addWidget(rows[i].second, i / 2, (i % 2) * 2 + 1);
        rows[i].second->setToolTip(i < 2 ? tr("Public: both sites and any eavesdropper know it")
                                         : tr("Private: never leaves its site"));
        connect(rows[i].second, &QSpinBox::valueChanged, this, &DhToyPanel::recompute);
    }

    AppTheme::setRelativeFont(m_stepsLabel, 1.25);
    setAccessibleName(tr("Diffie-Hellman by hand"));
    setAccessibleDescription(
        tr("Toy numbers a class can check with pencil and paper: p, g and each site's private number, "
           "then every step of the arithmetic. Insecure, for teaching only."));
    m_stepsLabel->setWordWrap(true);
    m_stepsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(warning);
    layout->addLayout(numbers);
    layout->addWidget(m_stepsLabel, 1, Qt::AlignTop);
    recompute();
}

void DhToyPanel::setNumbers(std::uint64_t p, std::uint64_t g, std::uint64_t a, std::uint64_t b) {
    const QSignalBlocker blockers[] = {QSignalBlocker(m_p), QSignalBlocker(m_g), QSignalBlocker(m_a),
                                       QSignalBlocker(m_b)};
    m_p->setValue(static_cast<int>(p));
    m_g->setValue(static_cast<int>(g));
    m_a->setValue(static_cast<int>(a));
    m_b->setValue(static_cast<int>(b));
    recompute();
}

void DhToyPanel::recompute() {
    const auto p = static_cast<std::uint64_t>(m_p->value()), g = static_cast<std::uint64_t>(m_g->value());
    const auto a = static_cast<std::uint64_t>(m_a->value()), b = static_cast<std::uint64_t>(m_b->value());
    m_steps.clear();
    m_error.clear();
    m_publicA = m_publicB = m_secretA = m_secretB = std::nullopt;

    auto siteA = ToyDiffieHellman::create(p, g, a);
    auto siteB = ToyDiffieHellman::create(p, g, b);
    QStringList rich;
    if (!siteA || !siteB) {
        m_error = QString::fromStdString((!siteA ? siteA.error() : siteB.error()).message);
    } else {
        m_publicA = siteA->publicValue();
        m_publicB = siteB->publicValue();
        const Step publicA = powerStep(tr("Site A"), "A", "g", "a", g, a, p, *m_publicA);
        const Step publicB = powerStep(tr("Site B"), "B", "g", "b", g, b, p, *m_publicB);
        m_steps << publicA.plain << publicB.plain;
        rich << tr("<p><b>1. Public values</b> — each site raises g to its private number and sends the result in "
                   "the clear (the KE payload):</p>")
             << indented(publicA.rich + QStringLiteral("<br>") + publicB.rich);
        auto secretA = siteA->sharedSecret(*m_publicB);
        auto secretB = siteB->sharedSecret(*m_publicA);
        if (!secretA || !secretB) {
            m_error = QString::fromStdString((!secretA ? secretA.error() : secretB.error()).message) +
                      tr(" — a public value of 1 or p − 1 would give the secret away; choose other numbers.");
        } else {
            m_secretA = *secretA;
            m_secretB = *secretB;
            const Step sharedA = powerStep(tr("Site A"), "s", "B", "a", *m_publicB, a, p, *m_secretA);
            const Step sharedB = powerStep(tr("Site B"), "s", "A", "b", *m_publicA, b, p, *m_secretB);
            m_steps << sharedA.plain << sharedB.plain;
            rich << tr("<p><b>2. Shared secret</b> — each site raises the other's public value to its own private "
                       "number:</p>")
                 << indented(sharedA.rich + QStringLiteral("<br>") + sharedB.rich);
            rich << (*m_secretA == *m_secretB
                         ? tr("<p><span style=\"color:#009e73\"><b>✓ Both sites get s = %1</b></span>, and neither a = "
                              "%2 nor b = %3 ever crossed the wire.</p>")
                               .arg(*m_secretA)
                               .arg(a)
                               .arg(b)
                         : tr("<p><span style=\"color:#d55e00\"><b>✗ The secrets differ</b></span></p>"));
            rich << tr("<p style=\"color:gray\">An eavesdropper sees p, g, A = %1 and B = %2. To find s she needs a "
                       "or b: with p = %3 she tries g<sup>1</sup>, g<sup>2</sup>, … mod p until she meets %1 — a few "
                       "steps here, longer than the age of the universe with a 2048-bit p.</p>")
                        .arg(*m_publicA)
                        .arg(*m_publicB)
                        .arg(p);
        }
    }
    if (!m_error.isEmpty())
        rich << QStringLiteral("<p style=\"color:#d55e00\"><b>%1</b></p>").arg(m_error.toHtmlEscaped());
    m_stepsLabel->setText(rich.join(QString()));
}

} // namespace ipseclab::ui
