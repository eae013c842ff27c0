// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/scenario/ScenarioEditor.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QResizeEvent>
#include <QScrollArea>
#include <QSpinBox>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

#include "lab/BuiltinScenarios.h"
#include "ui/common/ExportPath.h"
#include "ui/scenario/SiteSettingsEditor.h"

namespace ipseclab::ui {

namespace {

constexpr ike::FailureKind kFailureKinds[] = {
    ike::FailureKind::PskMismatch,      ike::FailureKind::AuthenticationFailed,
    ike::FailureKind::NoProposalChosen, ike::FailureKind::PfsMismatch,
    ike::FailureKind::InvalidId,        ike::FailureKind::Timeout,
    ike::FailureKind::PeerError,        ike::FailureKind::Malformed,
    ike::FailureKind::DeadPeer,         ike::FailureKind::Local};

const QString kCustom = QStringLiteral("\x01custom"); // the chooser's entry for a scenario that is not ready-made

// The chooser's list: each scenario's name, and under it its description (elided to the list's
// width; whole in the item's tooltip). The closed chooser shows the name only.
class ScenarioItemDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override {
        QStyleOptionViewItem item = option;
        initStyleOption(&item, index);
        const QString name = item.text;
        item.text.clear();
        const QWidget* widget = option.widget;
        QStyle* style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &item, painter, widget); // the background and the selection
        const bool selected = option.state & QStyle::State_Selected;
        const QRect box = option.rect.adjusted(6, 2, -6, -2);
        QFont bold = option.font;
        bold.setBold(true);
        painter->save();
        painter->setFont(bold);
        painter->setPen(option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
        const int line = QFontMetrics(bold).height();
        painter->drawText(QRect(box.left(), box.top(), box.width(), line), Qt::AlignLeft | Qt::AlignVCenter, name);
        const QString description = index.data(Qt::ToolTipRole).toString();
        if (!description.isEmpty()) {
            painter->setFont(option.font);
            if (!selected) painter->setPen(option.palette.color(QPalette::PlaceholderText));
            painter->drawText(QRect(box.left(), box.top() + line, box.width(), option.fontMetrics.height()),
                              Qt::AlignLeft | Qt::AlignVCenter,
                              option.fontMetrics.elidedText(description, Qt::ElideRight, box.width()));
        }
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override {
        QFont bold = option.font;
        bold.setBold(true);
        const int lines = index.data(Qt::ToolTipRole).toString().isEmpty() ? 0 : option.fontMetrics.height();
        return QSize(QFontMetrics(bold).horizontalAdvance(index.data().toString()) + 12,
                     QFontMetrics(bold).height() + lines + 6);
    }
};

} // namespace

ScenarioEditor::ScenarioEditor(QWidget* parent)
    : QWidget(parent), m_chooser(new QComboBox),
      m_description(new QLabel), m_sites{new SiteSettingsEditor(lab::Site::A), new SiteSettingsEditor(lab::Site::B)},
      m_nat(new QCheckBox), m_esnStart(new QLineEdit), m_trafficCount(new QSpinBox), m_trafficInterval(new QSpinBox),
      m_trafficSize(new QSpinBox), m_attacks(new QLineEdit), m_expect(new QComboBox), m_status(new QLabel),
      m_apply(new QPushButton(tr("&Apply and restart"))) {
    for (const lab::BuiltinScenarioInfo& info : lab::builtinScenarios()) {
        m_chooser->addItem(QString::fromStdString(info.name), QString::fromStdString(info.name));
        m_chooser->setItemData(m_chooser->count() - 1, QString::fromStdString(info.description), Qt::ToolTipRole);
    }
    m_chooser->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_chooser->setItemDelegate(new ScenarioItemDelegate(m_chooser));
    // Wide enough to read a description; the tooltip has it whole.
    m_chooser->view()->setMinimumWidth(m_chooser->fontMetrics().averageCharWidth() * 100);
    m_chooser->view()->setTextElideMode(Qt::ElideRight);
    takeWheelOnlyWhenFocused(*m_chooser); // a wheel over the toolbar must not start another scenario
    connect(m_chooser, &QComboBox::currentIndexChanged, this, [this](int index) {
        // The closed chooser names the scenario; its tooltip says what it shows.
        const QString description = m_chooser->itemData(index, Qt::ToolTipRole).toString();
        m_chooser->setToolTip((description.isEmpty() ? QString()
                                                     : QStringLiteral("<b>%1</b> — %2<br>")
                                                           .arg(m_chooser->itemText(index).toHtmlEscaped(),
                                                                description.toHtmlEscaped())) +
                              tr("The ready-made scenarios: a working tunnel in several flavours, and one per classic "
                                 "mis-configuration"));
    });
    m_chooser->setCurrentIndex(-1); // the first scenario shown sets the tooltip
    m_description->setWordWrap(true);
    m_status->setWordWrap(true);
    m_apply->setToolTip(tr("Start the lab again with these settings (and the current seed)"));

    m_nat->setText(tr("Site A behind a NAT")); // short: a check box does not wrap
    m_esnStart->setPlaceholderText(tr("off (sequence numbers start at 1)"));
    m_esnStart->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{0,20}")), m_esnStart));
    m_trafficCount->setRange(0, static_cast<int>(lab::kMaxWindowTrafficCount));
    m_trafficCount->setSuffix(tr(" echo requests"));
    m_trafficInterval->setRange(1, 3600000);
    m_trafficInterval->setSuffix(tr(" ms apart"));
    m_trafficSize->setRange(0, 65000);
    m_trafficSize->setSuffix(tr(" data bytes"));
    m_attacks->setPlaceholderText(tr("none; e.g. replay:seq=2 forge"));
    m_expect->addItem(tr("the tunnel comes up and carries the traffic"), QStringLiteral("established"));
    for (ike::FailureKind kind : kFailureKinds) {
        const QString name = QString::fromStdString(std::string(ike::failureKindName(kind)));
        m_expect->addItem(tr("failure: %1").arg(name), QStringLiteral("failure:") + name);
    }

    // Both sites side by side, as a teacher compares two configurations; one above the other in a
    // dock too narrow for two forms (resizeEvent).
    auto* sites = m_sitesLayout = new QBoxLayout(QBoxLayout::LeftToRight);
    for (int i = 0; i < 2; ++i) {
        auto* box = new QGroupBox(i == 0 ? tr("Site A · initiator") : tr("Site B · responder"));
        auto* boxLayout = new QVBoxLayout(box);
        boxLayout->addWidget(m_sites[i]);
        sites->addWidget(box, 1);
        m_fields.insert(m_fields.end(), m_sites[i]->fields().begin(), m_sites[i]->fields().end());
        connect(m_sites[i], &SiteSettingsEditor::changed, this, &ScenarioEditor::validate);
    }
    auto* commonBox = new QGroupBox(tr("The wire, the traffic and the story"));
    auto* common = new QFormLayout(commonBox);
    auto add = [&](const QString& label, QWidget* input, const QString& tip, QStringList keys,
                   std::function<void(lab::Scenario&)> reset) {
        m_fields.push_back(addScenarioField(*common, label, input, tip, std::move(keys), std::move(reset)));
    };
    add(tr("NAT"), m_nat, tr("NAT-D then differs and NAT-T moves IKE and ESP to UDP port 4500; AH cannot cross it"),
        {QStringLiteral("/nat")}, [](lab::Scenario& s) { s.nat = false; });
    add(tr("ESN start (lab only)"), m_esnStart,
        tr("Both ends start their sequence numbers here, to watch a 32-bit wrap; needs -esn in every proposal"),
        {QStringLiteral("/labEsnStart")}, [](lab::Scenario& s) { s.labEsnStart.reset(); });
    add(tr("Traffic"), m_trafficCount,
        tr("Echo requests from host A to host B; the first one is the interesting traffic that starts IKE"),
        {QStringLiteral("/traffic/count")}, [](lab::Scenario& s) { s.traffic.count = lab::TrafficSpec{}.count; });
    add(QString(), m_trafficInterval, tr("Time between two echo requests"), {QStringLiteral("/traffic/intervalMs")},
        [](lab::Scenario& s) { s.traffic.interval = lab::TrafficSpec{}.interval; });
    add(QString(), m_trafficSize, tr("ICMP data bytes per request, as ping's -s"),
        {QStringLiteral("/traffic/size"), QStringLiteral("/traffic")},
        [](lab::Scenario& s) { s.traffic = lab::TrafficSpec{}; });
    add(tr("Attacks"), m_attacks,
        tr("Attacks on the wire, separated by spaces: replay[:seq=K], duplicate, reorder[:span=K], delay, drop, "
           "flip:spi|seq|payload|icv, truncate, unknown-spi, forge[:seq=+D], inject:src=ADDR, flood:replay=N, "
           "flood:forge=N[:spread=D], replay-ike:msg=MM3, "
           "spoof-info:msg=QM1, "
           "..."),
        {QStringLiteral("/attacks")}, [](lab::Scenario& s) { s.attacks.clear(); });
    add(tr("Designed outcome"), m_expect, tr("What the scenario is meant to show; the lab reports whether it happened"),
        {QStringLiteral("/expect")}, [](lab::Scenario& s) { s.expect = {}; });
    for (QLineEdit* edit : {m_esnStart, m_attacks})
        connect(edit, &QLineEdit::textChanged, this, &ScenarioEditor::validate);
    for (QSpinBox* box : {m_trafficCount, m_trafficInterval, m_trafficSize})
        connect(box, &QSpinBox::valueChanged, this, &ScenarioEditor::validate);
    connect(m_nat, &QCheckBox::toggled, this, &ScenarioEditor::validate);
    connect(m_expect, &QComboBox::currentIndexChanged, this, &ScenarioEditor::validate);

    auto* open = new QPushButton(tr("&Open…"));
    open->setToolTip(tr("Read a scenario file (JSON)"));
    auto* save = new QPushButton(tr("Save &as…"));
    save->setToolTip(tr("Write these settings as a scenario file (JSON) to share"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(open);
    buttons->addWidget(save);
    buttons->addStretch(1);
    buttons->addWidget(m_apply);

    auto* content = new QWidget;
    auto* layout = new QVBoxLayout(content);
    layout->addWidget(m_description);
    layout->addLayout(sites);
    layout->addWidget(commonBox);
    layout->addWidget(m_status);
    layout->addLayout(buttons);
    layout->addStretch(1);
    auto* scroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
    // An invalid input gets a red frame; its error sits under it in the same red.
    setStyleSheet(QStringLiteral("*[invalid=\"true\"] { border: 2px solid #c01c28; border-radius: 3px; }"
                                 "QLabel[role=\"error\"] { color: #e01b24; }"));

    connect(m_chooser, &QComboBox::activated, this, &ScenarioEditor::choose);
    connect(open, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open a scenario"), QString(),
                                                          tr("Scenarios (*.json)"));
        if (!path.isEmpty()) this->open(path);
    });
    connect(save, &QPushButton::clicked, this, &ScenarioEditor::saveAs);
    connect(m_apply, &QPushButton::clicked, this, [this] {
        validate();
        if (!m_errors.empty()) return;
        setScenario(scenario());
        emit applied(m_base);
    });
    setScenario(*lab::builtinScenario(lab::kDefaultScenario));
}

void ScenarioEditor::setScenario(const lab::Scenario& scenario) {
    m_loading = true;
    m_base = scenario;
    m_sites[0]->load(scenario.siteA);
    m_sites[1]->load(scenario.siteB);
    m_nat->setChecked(scenario.nat);
    m_esnStart->setText(scenario.labEsnStart ? QString::number(*scenario.labEsnStart) : QString());
    m_trafficCount->setValue(static_cast<int>(std::min(scenario.traffic.count, lab::kMaxWindowTrafficCount)));
    m_trafficInterval->setValue(static_cast<int>(std::clamp<long long>(scenario.traffic.interval.count(), 1, 3600000)));
    m_trafficSize->setValue(static_cast<int>(std::min<std::uint32_t>(scenario.traffic.size, 65000)));
    QStringList attacks;
    for (const lab::AttackSpec& a : scenario.attacks) attacks << QString::fromStdString(a.toString());
    m_attacks->setText(attacks.join(QLatin1Char(' ')));
    m_expect->setCurrentIndex(std::max(0, m_expect->findData(QString::fromStdString(scenario.expect.toString()))));
    m_description->setText(QStringLiteral("<b>%1</b> — %2")
                               .arg(QString::fromStdString(scenario.name).toHtmlEscaped(),
                                    QString::fromStdString(scenario.description).toHtmlEscaped()));
    showChosen();
    m_loading = false;
    validate();
}

// The chooser shows a ready-made scenario as itself, anything else as one more entry.
void ScenarioEditor::showChosen() {
    const int custom = m_chooser->findData(kCustom);
    const auto builtin = lab::builtinScenario(m_base.name);
    if (builtin && *builtin == m_base) {
        if (custom >= 0) m_chooser->removeItem(custom);
        m_chooser->setCurrentIndex(m_chooser->findData(QString::fromStdString(m_base.name)));
    } else {
        const QString text = builtin ? tr("%1 (edited)").arg(QString::fromStdString(m_base.name))
                                     : QString::fromStdString(m_base.name);
        if (custom >= 0) m_chooser->setItemText(custom, text);
        else m_chooser->addItem(text, kCustom);
        m_chooser->setCurrentIndex(m_chooser->findData(kCustom));
    }
}

bool ScenarioEditor::hasUnappliedEdits() const { return !(scenario() == m_base); }

bool ScenarioEditor::mayLeaveEdits(const QString& next) {
    if (!hasUnappliedEdits()) return true;
    QMessageBox ask(QMessageBox::Question, tr("Settings not applied"),
                    tr("You changed settings of %1 without applying them. Opening %2 replaces them.")
                        .arg(QString::fromStdString(m_base.name), next),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    ask.setInformativeText(tr("Save them as a scenario file first, discard them, or cancel and go on editing."));
    ask.setDefaultButton(QMessageBox::Cancel);
    ask.setObjectName(QStringLiteral("unappliedEdits"));
    switch (ask.exec()) {
    case QMessageBox::Save: return saveAs();
    case QMessageBox::Discard: return true;
    default: return false;
    }
}

lab::Scenario ScenarioEditor::scenario() const {
    lab::Scenario s = m_base;
    m_sites[0]->read(s.siteA);
    m_sites[1]->read(s.siteB);
    s.nat = m_nat->isChecked();
    bool ok = false;
    const std::uint64_t esn = m_esnStart->text().toULongLong(&ok);
    s.labEsnStart = ok ? std::optional<std::uint64_t>(esn) : std::nullopt;
    s.traffic.count = static_cast<std::uint32_t>(m_trafficCount->value());
    s.traffic.interval = std::chrono::milliseconds(m_trafficInterval->value());
    s.traffic.size = static_cast<std::uint32_t>(m_trafficSize->value());
    s.attacks.clear();
    for (const QString& text :
         m_attacks->text().split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts))
        if (auto spec = lab::AttackSpec::parse(text.toStdString())) s.attacks.push_back(*spec);
    const std::string expect = m_expect->currentData().toString().toStdString();
    s.expect = {};
    for (ike::FailureKind kind : kFailureKinds)
        if (expect == "failure:" + std::string(ike::failureKindName(kind))) s.expect.failure = kind;
    return s;
}

ScenarioEditor::~ScenarioEditor() {
    if (m_chooser && !m_chooser->parent()) delete m_chooser;
}

void ScenarioEditor::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    const int twoForms = 2 * m_sites[0]->minimumSizeHint().width() + 6 * fontMetrics().averageCharWidth();
    m_sitesLayout->setDirection(event->size().width() >= twoForms ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
}

void ScenarioEditor::validate() {
    if (m_loading) return;
    m_errors.clear();
    // What only the editor can get wrong: text that is not a number, an attack that does not parse.
    bool esnOk = false;
    m_esnStart->text().toULongLong(&esnOk);
    if (!m_esnStart->text().isEmpty() && !esnOk)
        m_errors.emplace_back(QStringLiteral("/labEsnStart"),
                              tr("%1 is not a number from 0 to 18446744073709551615").arg(m_esnStart->text()));
    const QStringList attacks = m_attacks->text().split(QRegularExpression(QStringLiteral("[\\s,]+")),
                                                        Qt::SkipEmptyParts);
    for (const QString& text : attacks)
        if (auto spec = lab::AttackSpec::parse(text.toStdString()); !spec) {
            m_errors.emplace_back(QStringLiteral("/attacks"), QString::fromStdString(spec.error().toString()));
            break;
        }
    // The rest is the lab's own check. It stops at the first problem; putting the default back at
    // the key it names lets it go on to the next, so every wrong input shows its error at once.
    lab::Scenario s = scenario();
    static const QRegularExpression keyed(QStringLiteral("^key (\\S+): (.*)$"));
    for (std::size_t guard = 0; guard <= m_fields.size(); ++guard) {
        auto valid = s.validate();
        if (valid) break;
        const QString message = QString::fromStdString(valid.error().message);
        const auto match = keyed.match(message);
        const QString key = match.hasMatch() ? match.captured(1) : QString();
        m_errors.emplace_back(key, match.hasMatch() ? match.captured(2) : message);
        const auto field = std::find_if(m_fields.begin(), m_fields.end(),
                                        [&](const ScenarioField& f) { return f.owns(key); });
        if (field == m_fields.end()) break;
        field->setDefault(s);
    }
    QStringList unplaced;
    for (const ScenarioField& field : m_fields) {
        QString message;
        for (const auto& [key, text] : m_errors)
            if (field.owns(key)) message = text;
        field.showError(message);
    }
    for (const auto& [key, text] : m_errors)
        if (std::none_of(m_fields.begin(), m_fields.end(), [&](const ScenarioField& f) { return f.owns(key); }))
            unplaced << (key.isEmpty() ? text : key + QStringLiteral(": ") + text);
    m_status->setStyleSheet(m_errors.empty() ? QString() : QStringLiteral("color: #e01b24"));
    m_status->setText(m_errors.empty() ? tr("Ready: Apply starts the lab again with these settings.")
                      : unplaced.isEmpty()
                          ? tr("%n setting(s) to fix before the lab can run them.", nullptr, int(m_errors.size()))
                          : unplaced.join('\n'));
    m_apply->setEnabled(m_errors.empty());
}

QWidget* ScenarioEditor::field(const QString& key) const {
    for (const ScenarioField& f : m_fields)
        if (f.owns(key)) return f.input;
    return nullptr;
}

QString ScenarioEditor::errorShown(const QString& key) const {
    for (const ScenarioField& f : m_fields)
        if (f.owns(key)) return f.error->isVisibleTo(this) ? f.error->text() : QString();
    return {};
}

void ScenarioEditor::choose(int index) {
    const QString name = m_chooser->itemData(index).toString();
    if (name == kCustom) return;
    auto scenario = lab::builtinScenario(name.toStdString());
    if (!scenario) return;
    if (!mayLeaveEdits(name)) return showChosen(); // the chooser goes back to what the editor holds
    setScenario(*scenario);
    emit scenarioChosen(m_base);
}

bool ScenarioEditor::open(const QString& path) {
    if (!mayLeaveEdits(QFileInfo(path).fileName())) return false;
    auto loaded = lab::Scenario::load(path.toStdString());
    if (!loaded) {
        m_status->setStyleSheet(QStringLiteral("color: #e01b24"));
        m_status->setText(QString::fromStdString(loaded.error().toString()));
        return false;
    }
    setScenario(*loaded);
    emit scenarioChosen(m_base);
    return true;
}

bool ScenarioEditor::saveAs() {
    const QString path = ExportPath::ask(this, tr("Save the scenario"), QString::fromStdString(m_base.name) + ".json",
                                         tr("Scenarios (*.json)"));
    if (path.isEmpty()) return false;
    if (auto saved = scenario().save(path.toStdString()); !saved) {
        m_status->setStyleSheet(QStringLiteral("color: #e01b24"));
        m_status->setText(QString::fromStdString(saved.error().toString()));
        return false;
    }
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Saved to %1.").arg(QDir::toNativeSeparators(path)));
    return true;
}

} // namespace ipseclab::ui
