// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lab/Lab.h"

#include <algorithm>

#include "crypto/RandomSource.h"
#include "lab/LabEngine.h"

namespace ipseclab::lab {

Lab::Lab(Scenario scenario, Retention retention) : m_scenario(std::move(scenario)), m_retention(retention) {}
Lab::~Lab() = default;

Result<std::unique_ptr<Lab>> Lab::create(Scenario scenario, LabOptions options) {
    if (options.seed) scenario.seed = options.seed;
    if (!scenario.seed) {
        // DESIGN: every lab has a seed; without one it is drawn here, once, and shown.
        crypto::OsRandom os;
        scenario.seed = os.u64();
    }
    if (options.trafficCount) scenario.traffic.count = *options.trafficCount;
    for (const auto& attack : options.attacks) scenario.attacks.push_back(attack);
    if (auto valid = scenario.validate(); !valid) return tl::unexpected(valid.error());
    std::unique_ptr<Lab> lab(new Lab(std::move(scenario), options.retention));
    auto link = net::LoopbackLink::open();
    if (!link) return fail("cannot open the lab's loopback sockets: " + link.error().toString());
    lab->m_engine = std::make_unique<detail::LabEngine>(lab->m_scenario, std::move(*link), lab->m_retention);
    if (auto started = lab->m_engine->start(); !started) return tl::unexpected(started.error());
    return lab;
}

std::uint64_t Lab::seed() const { return *m_scenario.seed; }
Timestamp Lab::now() const { return m_engine->now(); }
std::size_t Lab::stepCount() const { return m_engine->steps(); }
const Timeline& Lab::timeline() const { return m_engine->timeline(); }

Result<bool> Lab::step() { return advance(); }

Result<bool> Lab::advance() {
    const std::size_t first = m_engine->timeline().size();
    auto stepped = m_engine->step();
    if (stepped && *stepped) {
        const std::size_t kept = m_engine->timeline().first();
        const auto forgotten = std::lower_bound(m_stepStarts.begin(), m_stepStarts.end(), kept);
        m_stepsForgotten += static_cast<std::size_t>(forgotten - m_stepStarts.begin());
        m_stepStarts.erase(m_stepStarts.begin(), forgotten);
        m_stepStarts.push_back(first);
    }
    return stepped;
}

std::size_t Lab::stepsIn(std::size_t events) const {
    return m_stepsForgotten +
           static_cast<std::size_t>(std::lower_bound(m_stepStarts.begin(), m_stepStarts.end(), events) -
                                    m_stepStarts.begin());
}

Result<void> Lab::rebuild() {
    // The sockets survive; everything else starts over from the scenario and the seed.
    auto fresh = std::make_unique<detail::LabEngine>(m_scenario, m_engine->releaseLink(), m_retention);
    m_engine = std::move(fresh);
    m_stepStarts.clear();
    m_stepsForgotten = 0;
    if (auto started = m_engine->start(); !started) return started;
    if (m_capturePath) return m_engine->capture().streamTo(*m_capturePath);
    return {};
}

Result<void> Lab::stepBack() {
    const std::size_t steps = m_engine->steps();
    if (steps == 0) return fail("nothing to step back: the lab is at its start");
    const std::size_t target = steps - 1;
    // Actions taken after the state we return to are forgotten with it.
    std::vector<LoggedAction> kept;
    for (const auto& entry : m_log)
        if (entry.beforeStep <= target) kept.push_back(entry);
    m_log = std::move(kept);
    if (auto rebuilt = rebuild(); !rebuilt) return rebuilt;
    std::size_t next = 0;
    for (;;) {
        while (next < m_log.size() && m_log[next].beforeStep == m_engine->steps())
            if (auto applied = apply(m_log[next++].action); !applied) return applied;
        if (m_engine->steps() >= target) break;
        auto stepped = advance();
        if (!stepped) return tl::unexpected(stepped.error());
        if (!*stepped)
            return fail("replay ended early at step " + std::to_string(m_engine->steps()) +
                        ": the lab is not deterministic here");
    }
    return {};
}

Result<std::size_t> Lab::runToEndOfPhase() {
    const Phase phase = m_engine->timeline().empty() ? Phase::InterestingTraffic : m_engine->timeline().back().phase;
    for (;;) {
        const std::size_t before = m_engine->timeline().size();
        auto stepped = advance();
        if (!stepped) return tl::unexpected(stepped.error());
        const Timeline& t = m_engine->timeline();
        if (!*stepped) return t.size();
        for (std::size_t i = before; i < t.size(); ++i)
            if (t.at(i).phase != phase && t.at(i).kind != LabEventKind::Outcome) return i;
        if (m_engine->finished()) return t.size();
    }
}

Result<void> Lab::runToEnd(std::size_t maxSteps) {
    for (std::size_t i = 0; i < maxSteps && !m_engine->finished(); ++i) {
        auto stepped = advance();
        if (!stepped) return tl::unexpected(stepped.error());
        if (!*stepped) break;
    }
    if (!m_engine->finished()) m_engine->giveUp(maxSteps);
    return {};
}

Result<void> Lab::apply(const LabAction& action) {
    switch (action.kind) {
    case LabAction::Kind::StartTraffic: return m_engine->startTraffic(action.traffic);
    case LabAction::Kind::InjectAttack: return m_engine->inject(action.attack);
    case LabAction::Kind::FastForward: return m_engine->setClockTarget(m_engine->now() + action.duration);
    case LabAction::Kind::SiteAction: return m_engine->perform(action.siteAction, action.site);
    }
    return {};
}

Result<void> Lab::record(const LabAction& action) {
    m_log.push_back(LoggedAction{m_engine->steps(), action});
    auto applied = apply(action);
    if (!applied) m_log.pop_back();
    return applied;
}

Result<void> Lab::fastForward(Timestamp duration) {
    if (duration.count() <= 0) return fail("fast-forward needs a positive duration");
    LabAction a;
    a.kind = LabAction::Kind::FastForward;
    a.duration = duration;
    const Timestamp target = m_engine->now() + duration;
    if (auto r = record(a); !r) return r;
    while (m_engine->clockTargetPending(target)) {
        auto stepped = advance();
        if (!stepped) return tl::unexpected(stepped.error());
        if (!*stepped) break;
    }
    return {};
}

Result<void> Lab::inject(const AttackSpec& attack) {
    LabAction a;
    a.kind = LabAction::Kind::InjectAttack;
    a.attack = attack;
    return record(a);
}

Result<void> Lab::startTraffic(const TrafficSpec& traffic) {
    LabAction a;
    a.kind = LabAction::Kind::StartTraffic;
    a.traffic = traffic;
    return record(a);
}

Result<void> Lab::perform(ActionKind action, Site site) {
    LabAction a;
    a.kind = LabAction::Kind::SiteAction;
    a.siteAction = action;
    a.site = site;
    return record(a);
}

bool Lab::finished() const { return m_engine->finished(); }
std::optional<OutcomeRecord> Lab::outcome() const { return m_engine->outcome(); }
LabStatus Lab::status() const { return m_engine->status(); }
std::vector<SaReport> Lab::saReports() const { return m_engine->saReports(); }
std::vector<AttackReport> Lab::attackReports() const { return m_engine->attackReports(); }
std::vector<HeldPacketView> Lab::heldPackets() const { return m_engine->heldPackets(); }
const ike::Peer& Lab::peer(Site site) const { return m_engine->peer(site); }
const capture::PcapngWriter& Lab::capture() const { return m_engine->capture(); }
Result<capture::WiresharkKeys> Lab::keys() const { return m_engine->keys(); }

Result<void> Lab::exportCapture(const std::string& path, std::string_view sectionComment) const {
    return m_engine->capture().writeFile(path, sectionComment);
}

Result<void> Lab::streamCapture(const std::string& path) {
    if (auto streaming = m_engine->capture().streamTo(path); !streaming) return streaming;
    m_capturePath = path;
    return {};
}

Result<void> Lab::finishCapture() { return m_engine->capture().finish(); }

Result<void> Lab::exportKeys(const std::string& folder) const {
    auto k = keys();
    if (!k) return tl::unexpected(k.error());
    return k->writeTo(folder);
}

std::uint16_t Lab::socketPort(Site site) const { return m_engine->socketPort(site); }

} // namespace ipseclab::lab
