// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lab/HeadlessRunner.h"

#include "lab/BuiltinScenarios.h"
#include "lab/Lab.h"
#include "lab/TextReport.h"

namespace ipseclab::lab {

std::string listScenarios() {
    std::string out;
    for (const auto& s : builtinScenarios()) out += s.name + "\t" + s.description + "\n";
    return out;
}

std::string attackHelp() {
    return "Attacks act on the A->B SA, after the traffic unless at=K (after A->B packet K):\n"
           "  replay:seq=K  duplicate  reorder:span=K  delay:seq=K[:after=N]  drop:seq=K\n"
           "  flip:spi|seq|payload|icv[:bit=K]  truncate:bytes=K  unknown-spi  forge:seq=+D\n"
           "  inject:src=ADDR (sealed with the A->B keys, inner source ADDR outside the selectors)\n"
           "  flood:replay=N  flood:forge=N[:spread=D] (N packets back-to-back, N up to 500000)\n"
           "  replay-ike:msg=MM3  drop-ike:msg=MM3  delay-ike:msg=MM3[:ms=N]\n"
           "  spoof-info:msg=QM1 (a forged Informational on that message's Message ID)\n";
}

std::size_t headlessStepLimit(const Scenario& scenario) {
    // One step per flood packet (each crosses the wire on its own).
    std::size_t flooded = 0;
    for (const AttackSpec& a : scenario.attacks)
        if (a.kind == AttackKind::Flood) flooded += static_cast<std::size_t>(a.count);
    return 1000000 + std::size_t{4} * scenario.traffic.count + flooded;
}

int runHeadless(const HeadlessOptions& options, std::ostream& out, std::ostream& err) {
    auto scenario = resolveScenario(options.scenario);
    if (!scenario) {
        err << "ipsec-lab: " << scenario.error().message << "\n";
        return kExitBadInput;
    }
    LabOptions labOptions;
    labOptions.seed = options.seed;
    labOptions.trafficCount = options.traffic;
    // The summary reads only the engines' state; the capture is kept only to be written.
    labOptions.retention.history = !options.summaryOnly;
    labOptions.retention.capture = !options.summaryOnly || options.pcapPath.has_value();
    for (const std::string& text : options.attacks) {
        auto spec = AttackSpec::parse(text);
        if (!spec) {
            err << "ipsec-lab: --attack " << text << ": " << spec.error().message << "\n" << attackHelp();
            return kExitBadInput;
        }
        labOptions.attacks.push_back(*spec);
    }
    auto lab = Lab::create(std::move(*scenario), labOptions);
    if (!lab) {
        err << "ipsec-lab: " << lab.error().message << "\n";
        return kExitBadInput;
    }
    Lab& l = **lab;
    // The capture is written as the lab runs, not held to the end (issue 18).
    if (options.pcapPath)
        if (auto streaming = l.streamCapture(*options.pcapPath); !streaming) {
            err << "ipsec-lab: --pcap " << *options.pcapPath << ": " << streaming.error().toString() << "\n";
            return kExitBadInput;
        }
    TextReport report;
    const auto story = [&] { return options.summaryOnly ? std::string() : report.newEvents(l.timeline()); };
    out << TextReport::header(l) << story();
    const std::size_t maxSteps = headlessStepLimit(l.scenario());
    for (std::size_t i = 0; i < maxSteps && !l.finished(); ++i) {
        auto stepped = l.step();
        if (!stepped) {
            out.flush();
            err << "ipsec-lab: " << stepped.error().toString() << "\n";
            return kExitNotAsDesigned;
        }
        out << story();
        if (!*stepped) break;
    }
    if (!l.finished()) {
        (void)l.runToEnd(0); // steps no more: records that the end was not reached
        out << story();
    }
    out << TextReport::attacks(l) << TextReport::counters(l) << TextReport::outcome(l);

    bool written = true;
    if (options.pcapPath) {
        if (auto saved = l.finishCapture(); !saved) {
            err << "ipsec-lab: --pcap " << *options.pcapPath << ": " << saved.error().toString() << "\n";
            written = false;
        } else {
            out << "  capture: " << *options.pcapPath << " (" << l.frameCount() << " packets: LAN A, WAN, LAN B)\n";
        }
    }
    if (options.keysDir) {
        if (auto saved = l.exportKeys(*options.keysDir); !saved) {
            err << "ipsec-lab: --keys " << *options.keysDir << ": " << saved.error().toString() << "\n";
            written = false;
        } else {
            out << "  keys: " << *options.keysDir << "/ikev1_decryption_table, " << *options.keysDir << "/esp_sa\n";
        }
    }
    if (options.atEnd && !options.atEnd(l, out, err)) written = false;
    out.flush();
    if (!written) return kExitBadInput;
    const auto outcome = l.outcome();
    return outcome && outcome->asDesigned ? kExitAsDesigned : kExitNotAsDesigned;
}

} // namespace ipseclab::lab
