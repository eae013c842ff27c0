// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lab/Lab.h"

#include <algorithm>
#include <utility>

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
    if (auto started = lab->startEngine(); !started) return tl::unexpected(started.error());
    return lab;
}

Result<void> Lab::startEngine() {
    auto link = net::LoopbackLink::open();
    if (!link) return fail("cannot open the lab's loopback sockets: " + link.error().toString());
    m_engine = std::make_unique<detail::LabEngine>(m_scenario, std::move(*link), m_retention);
    return m_engine->start();
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

Result<void> Lab::stepBack() {
    auto rewind = beginStepBack();
    if (!rewind) return tl::unexpected(rewind.error());
    auto reached = rewind->advance(rewind->total());
    if (!reached) return tl::unexpected(reached.error());
    return finishStepBack(*rewind);
}

Result<LabRewind> Lab::beginStepBack() const {
    const std::size_t steps = m_engine->steps();
    if (steps == 0) return fail("nothing to step back: the lab is at its start");
    LabRewind rewind;
    rewind.m_target = steps - 1;
    // Everything starts over from the scenario and the seed, on sockets of its own: this lab stays
    // whole until the rewind takes its place.
    rewind.m_lab.reset(new Lab(m_scenario, m_retention));
    if (auto started = rewind.m_lab->startEngine(); !started) return tl::unexpected(started.error());
    // Actions taken after the state we return to are forgotten with it.
    for (const auto& entry : m_log)
        if (entry.beforeStep <= rewind.m_target) rewind.m_lab->m_log.push_back(entry);
    return rewind;
}

Result<void> Lab::finishStepBack(LabRewind& rewind) {
    std::swap(m_engine, rewind.m_lab->m_engine);
    std::swap(m_log, rewind.m_lab->m_log);
    std::swap(m_stepStarts, rewind.m_lab->m_stepStarts);
    std::swap(m_stepsForgotten, rewind.m_lab->m_stepsForgotten);
    if (!m_capturePath) return {};
    // The streamed file starts over with the rebuilt lab: the old writer closes it first, so none
    // of its buffered bytes land after the new ones.
    (void)rewind.m_lab->m_engine->captureWriter().finish();
    return m_engine->streamCapture(*m_capturePath);
}

Result<bool> LabRewind::advance(std::size_t steps) {
    Lab& lab = *m_lab;
    for (std::size_t taken = 0;; ++taken) {
        while (m_next < lab.m_log.size() && lab.m_log[m_next].beforeStep == lab.stepCount())
            if (auto applied = lab.apply(lab.m_log[m_next++].action); !applied) return tl::unexpected(applied.error());
        if (lab.stepCount() >= m_target) return true;
        if (taken >= steps) return false;
        auto stepped = lab.advance();
        if (!stepped) return tl::unexpected(stepped.error());
        if (!*stepped)
            return fail("replay ended early at step " + std::to_string(lab.stepCount()) +
                        ": the lab is not deterministic here");
    }
}

Result<std::size_t> Lab::runToEndOfPhase() {
    const Phase phase = m_engine->timeline().empty() ? Phase::InterestingTraffic : m_engine->timeline().back().phase;
    for (;;) {
        const std::size_t before = m_engine->timeline().size();
        auto stepped = advance();
        if (!stepped) return tl::unexpected(stepped.error());
        if (!*stepped) return m_engine->timeline().size();
        if (const auto end = phaseEndFrom(phase, before)) return *end;
        if (m_engine->finished()) return m_engine->timeline().size();
    }
}

std::optional<std::size_t> Lab::phaseEndFrom(Phase phase, std::size_t from) const {
    const Timeline& t = m_engine->timeline();
    for (std::size_t i = std::max(from, t.first()); i < t.size(); ++i)
        if (t.at(i).phase != phase && t.at(i).kind != LabEventKind::Outcome) return i;
    return std::nullopt;
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
    case LabAction::Kind::StopFastForward: return m_engine->dropClockTarget(action.target);
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
    auto target = beginFastForward(duration);
    if (!target) return tl::unexpected(target.error());
    while (fastForwarding(*target)) {
        auto stepped = advance();
        if (!stepped) return tl::unexpected(stepped.error());
        if (!*stepped) break;
    }
    return {};
}

Result<Timestamp> Lab::beginFastForward(Timestamp duration) {
    if (duration.count() <= 0) return fail("fast-forward needs a positive duration");
    // The target as a count of microseconds: one past its range would wrap (undefined behaviour).
    if (duration > Timestamp::max() - m_engine->now()) return fail("fast-forward runs past the clock's range");
    LabAction a;
    a.kind = LabAction::Kind::FastForward;
    a.duration = duration;
    const Timestamp target = m_engine->now() + duration;
    if (auto r = record(a); !r) return tl::unexpected(r.error());
    return target;
}

bool Lab::fastForwarding(Timestamp target) const { return m_engine->clockTargetPending(target); }

Result<void> Lab::stopFastForward(Timestamp target) {
    if (!m_engine->hasClockTarget(target)) return {};
    LabAction a;
    a.kind = LabAction::Kind::StopFastForward;
    a.target = target;
    return record(a);
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
std::vector<AttackReport> Lab::attackReports(bool withVerdicts) const { return m_engine->attackReports(withVerdicts); }
std::vector<HeldPacketView> Lab::heldPackets() const { return m_engine->heldPackets(); }
const ike::Peer& Lab::peer(Site site) const { return m_engine->peer(site); }
capture::PcapngWriter Lab::capture() const { return m_engine->captureFile(); }
std::size_t Lab::frameCount() const { return m_engine->frameCount(); }
Result<capture::WiresharkKeys> Lab::keys() const { return m_engine->keys(); }

Result<void> Lab::exportCapture(const std::string& path, std::string_view sectionComment) const {
    // Streaming, the writer refuses: the capture is not kept to export. A lab that keeps no history
    // wrote every frame to it as it came (its timeline holds only the last step's).
    if (m_engine->writesCapture()) return m_engine->captureWriter().writeFile(path, sectionComment);
    return m_engine->captureFile().writeFile(path, sectionComment);
}

Result<void> Lab::streamCapture(const std::string& path) {
    // Without capture retention the frames are only numbered: the file would stay empty.
    if (!m_retention.capture)
        return fail("cannot stream the capture to '" + path +
                    "': this lab keeps no capture (its retention has the capture off)");
    if (auto streaming = m_engine->streamCapture(path); !streaming) return streaming;
    m_capturePath = path;
    return {};
}

Result<void> Lab::finishCapture() {
    // A step back whose new file could not be opened left the capture in memory: the file on disk
    // is the old run's.
    if (m_capturePath && !m_engine->captureWriter().streaming())
        return fail("the capture no longer streams to '" + *m_capturePath +
                    "' (reopening it after a step back failed)");
    return m_engine->captureWriter().finish();
}

Result<void> Lab::exportKeys(const std::string& folder) const {
    auto k = keys();
    if (!k) return tl::unexpected(k.error());
    return k->writeTo(folder);
}

std::uint16_t Lab::socketPort(Site site) const { return m_engine->socketPort(site); }

} // namespace ipseclab::lab
