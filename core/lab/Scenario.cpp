// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "lab/Scenario.h"

#include <cmath>
#include <fstream>
#include <sstream>
#include <tuple>

#include <nlohmann/json.hpp>

#include "ike/ProposalSyntax.h"
#include "ike/Proposals.h"
#include "ipsec/Spd.h"
#include "lab/ScenarioJson.h"

namespace ipseclab::lab {

namespace {

using OrderedJson = nlohmann::ordered_json;

using namespace json; // the strict reader (lab/JsonReader.h)

std::vector<std::string> textList(const Json& j, const std::string& path) {
    if (j.is_string()) return {j.get<std::string>()};
    if (!j.is_array()) throw BadKey{path, "expected a list of strings [\"...\"]"};
    std::vector<std::string> out;
    for (std::size_t i = 0; i < j.size(); ++i) out.push_back(text(j[i], path + "/" + std::to_string(i)));
    if (out.empty()) throw BadKey{path, "the list is empty"};
    return out;
}

Site siteOf(const std::string& value, const std::string& path) {
    if (value == "A" || value == "a") return Site::A;
    if (value == "B" || value == "b") return Site::B;
    throw BadKey{path, "\"" + value + "\" is not a site (expected A or B)"};
}

ike::Phase1Mode modeOf(const std::string& value, const std::string& path) {
    if (value == "main") return ike::Phase1Mode::Main;
    if (value == "aggressive") return ike::Phase1Mode::Aggressive;
    throw BadKey{path, "\"" + value + "\" is not a phase-1 mode (expected main or aggressive)"};
}

const char* modeText(ike::Phase1Mode mode) { return mode == ike::Phase1Mode::Main ? "main" : "aggressive"; }

ike::NatTraversal natOf(const std::string& value, const std::string& path) {
    if (value == "on") return ike::NatTraversal::On;
    if (value == "off") return ike::NatTraversal::Off;
    if (value == "force") return ike::NatTraversal::Force;
    throw BadKey{path, "\"" + value + "\" is not a NAT traversal setting (expected on, off or force)"};
}

const char* natText(ike::NatTraversal nat) {
    switch (nat) {
    case ike::NatTraversal::On: return "on";
    case ike::NatTraversal::Off: return "off";
    case ike::NatTraversal::Force: return "force";
    }
    return "on";
}

Result<Expectation> parseExpectation(const std::string& value) {
    if (value == "established") return Expectation{};
    const std::string prefix = "failure:";
    if (value.rfind(prefix, 0) == 0) {
        const std::string kind = value.substr(prefix.size());
        for (auto k : {ike::FailureKind::PskMismatch, ike::FailureKind::AuthenticationFailed,
                       ike::FailureKind::NoProposalChosen, ike::FailureKind::PfsMismatch, ike::FailureKind::InvalidId,
                       ike::FailureKind::Timeout, ike::FailureKind::PeerError, ike::FailureKind::Malformed,
                       ike::FailureKind::DeadPeer, ike::FailureKind::Local})
            if (ike::failureKindName(k) == kind) return Expectation{k};
        return fail("\"" + kind +
                    "\" is not a failure kind (expected psk-mismatch, authentication-failed, no-proposal-chosen, "
                    "pfs-mismatch, invalid-id, timeout, peer-error, malformed, dead-peer or local)");
    }
    return fail("\"" + value + "\" is not an outcome (expected established or failure:<kind>)");
}

Result<ActionKind> actionKindOf(std::string_view value) {
    for (auto k : {ActionKind::Silence, ActionKind::Resume, ActionKind::Dpd, ActionKind::Rekey, ActionKind::DeleteChild,
                   ActionKind::DeleteIke})
        if (actionKindName(k) == value) return k;
    return fail("\"" + std::string(value) +
                "\" is not an action (expected silence, resume, dpd, rekey, delete-child or delete-ike)");
}

void readLifetimes(const Json& j, const std::string& path, Lifetimes& out) {
    object(j, path);
    allowKeys(j, path, {"ikeSeconds", "ipsecSeconds", "ipsecKilobytes"});
    if (j.contains("ikeSeconds"))
        out.ikeSeconds = static_cast<std::uint32_t>(
            unsignedNumber(j["ikeSeconds"], join(path, "ikeSeconds"), 0, 0xffffffffu));
    if (j.contains("ipsecSeconds"))
        out.ipsecSeconds = static_cast<std::uint32_t>(
            unsignedNumber(j["ipsecSeconds"], join(path, "ipsecSeconds"), 0, 0xffffffffu));
    if (j.contains("ipsecKilobytes"))
        out.ipsecKilobytes = static_cast<std::uint32_t>(
            unsignedNumber(j["ipsecKilobytes"], join(path, "ipsecKilobytes"), 0, 0xffffffffu));
}

void readSite(const Json& j, const std::string& path, SiteSettings& s) {
    object(j, path);
    allowKeys(j, path,
              {"mode", "ike", "esp", "ah", "psk", "id", "remoteId", "acceptOfferedPfs", "localSubnet", "remoteSubnet",
               "encapsulation", "natTraversal", "lifetimes", "replayWindow", "dpdDelay", "rekey"});
    if (j.contains("mode")) s.mode = modeOf(text(j["mode"], join(path, "mode")), join(path, "mode"));
    if (j.contains("ike")) s.ikeProposals = textList(j["ike"], join(path, "ike"));
    if (j.contains("esp") && j.contains("ah"))
        throw BadKey{join(path, "ah"), "a site protects with ESP or with AH, not both"};
    if (j.contains("esp")) {
        s.protocol = ike::ChildProtocol::Esp;
        s.childProposals = textList(j["esp"], join(path, "esp"));
    }
    if (j.contains("ah")) {
        s.protocol = ike::ChildProtocol::Ah;
        s.childProposals = textList(j["ah"], join(path, "ah"));
    }
    if (j.contains("psk")) s.psk = text(j["psk"], join(path, "psk"));
    if (j.contains("id")) s.id = text(j["id"], join(path, "id"));
    if (j.contains("remoteId")) s.remoteId = text(j["remoteId"], join(path, "remoteId"));
    if (j.contains("acceptOfferedPfs"))
        s.acceptOfferedPfs = boolean(j["acceptOfferedPfs"], join(path, "acceptOfferedPfs"));
    if (j.contains("localSubnet")) s.localSubnet = text(j["localSubnet"], join(path, "localSubnet"));
    if (j.contains("remoteSubnet")) s.remoteSubnet = text(j["remoteSubnet"], join(path, "remoteSubnet"));
    if (j.contains("encapsulation")) {
        const std::string v = text(j["encapsulation"], join(path, "encapsulation"));
        if (v == "tunnel") s.encapsulation = ike::Encapsulation::Tunnel;
        else if (v == "transport") s.encapsulation = ike::Encapsulation::Transport;
        else
            throw BadKey{join(path, "encapsulation"),
                         "\"" + v + "\" is not an encapsulation (expected tunnel or transport)"};
    }
    if (j.contains("natTraversal"))
        s.natTraversal = natOf(text(j["natTraversal"], join(path, "natTraversal")), join(path, "natTraversal"));
    if (j.contains("lifetimes")) readLifetimes(j["lifetimes"], join(path, "lifetimes"), s.lifetimes);
    if (j.contains("replayWindow"))
        s.replayWindow = static_cast<std::uint32_t>(
            unsignedNumber(j["replayWindow"], join(path, "replayWindow"), 0, 4096));
    if (j.contains("dpdDelay"))
        s.dpdDelaySeconds = static_cast<std::uint32_t>(unsignedNumber(j["dpdDelay"], join(path, "dpdDelay"), 0, 86400));
    if (j.contains("rekey")) s.rekey = boolean(j["rekey"], join(path, "rekey"));
}

Scenario readScenario(const Json& j) {
    if (!j.is_object()) throw BadKey{"/", "expected an object { ... }"};
    allowKeys(j, "",
              {"name", "description", "seed", "siteA", "siteB", "nat", "labEsnStart", "traffic", "attacks", "actions",
               "runFor", "expect"});
    Scenario s;
    if (j.contains("name")) s.name = text(j["name"], "/name");
    if (j.contains("description")) s.description = text(j["description"], "/description");
    if (j.contains("seed")) s.seed = unsignedNumber(j["seed"], "/seed", 0, UINT64_MAX);
    if (j.contains("siteA")) readSite(j["siteA"], "/siteA", s.siteA);
    if (j.contains("siteB")) readSite(j["siteB"], "/siteB", s.siteB);
    if (j.contains("nat")) s.nat = boolean(j["nat"], "/nat");
    if (j.contains("labEsnStart")) s.labEsnStart = unsignedNumber(j["labEsnStart"], "/labEsnStart", 1, UINT64_MAX - 1);
    if (j.contains("traffic")) {
        const Json& t = object(j["traffic"], "/traffic");
        allowKeys(t, "/traffic", {"count", "intervalMs", "size"});
        if (t.contains("count"))
            s.traffic.count = static_cast<std::uint32_t>(
                unsignedNumber(t["count"], "/traffic/count", 0, kMaxTrafficCount));
        if (t.contains("intervalMs"))
            s.traffic.interval = std::chrono::milliseconds(
                unsignedNumber(t["intervalMs"], "/traffic/intervalMs", 1, 3600000));
        if (t.contains("size"))
            s.traffic.size = static_cast<std::uint32_t>(unsignedNumber(t["size"], "/traffic/size", 8, 1400));
    }
    if (j.contains("attacks")) {
        if (!j["attacks"].is_array())
            throw BadKey{"/attacks", "expected a list of attack strings, e.g. [\"replay:seq=5\"]"};
        for (std::size_t i = 0; i < j["attacks"].size(); ++i) {
            const std::string path = "/attacks/" + std::to_string(i);
            auto spec = AttackSpec::parse(text(j["attacks"][i], path));
            if (!spec) throw BadKey{path, spec.error().message};
            s.attacks.push_back(*spec);
        }
    }
    if (j.contains("actions")) {
        if (!j["actions"].is_array())
            throw BadKey{"/actions", "expected a list of {\"at\": seconds, \"do\": ..., \"site\": ...}"};
        for (std::size_t i = 0; i < j["actions"].size(); ++i) {
            const std::string path = "/actions/" + std::to_string(i);
            const Json& a = object(j["actions"][i], path);
            allowKeys(a, path, {"at", "do", "site"});
            if (!a.contains("at") || !a.contains("do"))
                throw BadKey{path, "an action needs \"at\" (seconds) and \"do\""};
            ScenarioAction action;
            if (!a["at"].is_number() || a["at"].get<double>() < 0 || a["at"].get<double>() > 1e7)
                throw BadKey{join(path, "at"), "expected seconds from 0 to 10000000"};
            action.at = Timestamp(static_cast<std::int64_t>(std::llround(a["at"].get<double>() * 1e6)));
            auto kind = actionKindOf(text(a["do"], join(path, "do")));
            if (!kind) throw BadKey{join(path, "do"), kind.error().message};
            action.kind = *kind;
            if (a.contains("site")) action.site = siteOf(text(a["site"], join(path, "site")), join(path, "site"));
            s.actions.push_back(action);
        }
    }
    if (j.contains("runFor"))
        s.runForSeconds = static_cast<std::uint32_t>(unsignedNumber(j["runFor"], "/runFor", 1, 10000000));
    if (j.contains("expect")) {
        auto e = parseExpectation(text(j["expect"], "/expect"));
        if (!e) throw BadKey{"/expect", e.error().message};
        s.expect = *e;
    }
    return s;
}

Result<ike::Selector> selectorOf(const std::string& value) {
    const auto subnet = ipsec::Subnet::parse(value);
    if (!subnet) return fail("\"" + value + "\" is not a subnet (expected e.g. 10.1.0.0/24, host bits zero)");
    return ike::Selector::subnet(subnet->network, subnet->prefixLength);
}

ike::Identity identityOf(const std::string& value) {
    if (auto address = wire::Ipv4Address::parse(value)) return ike::Identity::ipv4(*address);
    return ike::Identity::fqdn(value);
}

std::string joinComma(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : ",") + p;
    return out;
}

OrderedJson siteJson(const SiteSettings& s) {
    OrderedJson j;
    j["mode"] = modeText(s.mode);
    if (!s.ikeProposals.empty()) j["ike"] = s.ikeProposals; // left out: not listed, the role's default
    j[s.protocol == ike::ChildProtocol::Esp ? "esp" : "ah"] = s.childProposals;
    j["psk"] = s.psk;
    if (!s.id.empty()) j["id"] = s.id;
    if (!s.remoteId.empty()) j["remoteId"] = s.remoteId;
    j["acceptOfferedPfs"] = s.acceptOfferedPfs;
    if (!s.localSubnet.empty()) j["localSubnet"] = s.localSubnet;
    if (!s.remoteSubnet.empty()) j["remoteSubnet"] = s.remoteSubnet;
    j["encapsulation"] = s.encapsulation == ike::Encapsulation::Tunnel ? "tunnel" : "transport";
    j["natTraversal"] = natText(s.natTraversal);
    j["lifetimes"] = OrderedJson{{"ikeSeconds", s.lifetimes.ikeSeconds},
                                 {"ipsecSeconds", s.lifetimes.ipsecSeconds},
                                 {"ipsecKilobytes", s.lifetimes.ipsecKilobytes}};
    j["replayWindow"] = s.replayWindow;
    j["dpdDelay"] = s.dpdDelaySeconds;
    j["rekey"] = s.rekey;
    return j;
}

std::optional<BadKey> siteProblem(const SiteSettings& s, const std::string& path) {
    for (std::size_t i = 0; i < s.ikeProposals.size(); ++i)
        if (auto p = ike::parseIkeProposal(s.ikeProposals[i]); !p)
            return BadKey{join(path + "/ike", i), p.error().message};
    const std::string child = s.protocol == ike::ChildProtocol::Esp ? "esp" : "ah";
    if (s.childProposals.empty()) return BadKey{path + "/" + child, "no proposal"};
    for (std::size_t i = 0; i < s.childProposals.size(); ++i)
        if (auto p = ike::parseChildProposal(s.childProposals[i], s.protocol); !p)
            return BadKey{join(path + "/" + child, i), p.error().message};
    if (auto proposals = ike::parseChildProposals(joinComma(s.childProposals), s.protocol); !proposals)
        return BadKey{path + "/" + child, proposals.error().message};
    if (s.psk.empty()) return BadKey{path + "/psk", "the pre-shared key is empty"};
    for (const auto& [key, value] :
         {std::pair{"localSubnet", s.localSubnet}, std::pair{"remoteSubnet", s.remoteSubnet}})
        if (!value.empty())
            if (auto sel = selectorOf(value); !sel) return BadKey{path + "/" + key, sel.error().message};
    if (s.replayWindow != 0 && (s.replayWindow < 32 || s.replayWindow > 4096))
        return BadKey{path + "/replayWindow",
                      std::to_string(s.replayWindow) +
                          " is not a window size (32 to 4096 packets, or 0 for no anti-replay)"};
    return std::nullopt;
}

} // namespace

wire::Ipv4Address LabNetwork::gateway(Site site) {
    return *wire::Ipv4Address::parse(site == Site::A ? "127.0.0.1" : "127.0.0.2");
}
wire::Ipv4Address LabNetwork::host(Site site) {
    return *wire::Ipv4Address::parse(site == Site::A ? "10.1.0.10" : "10.2.0.20");
}
std::string LabNetwork::lan(Site site) { return site == Site::A ? "10.1.0.0/24" : "10.2.0.0/24"; }
std::string LabNetwork::protectedSubnet(Site site, ike::Encapsulation encapsulation) {
    return encapsulation == ike::Encapsulation::Transport ? gateway(site).toString() + "/32" : lan(site);
}
wire::Ipv4Address LabNetwork::natPublicAddress() { return *wire::Ipv4Address::parse("203.0.113.5"); }

std::string_view actionKindName(ActionKind kind) {
    switch (kind) {
    case ActionKind::Silence: return "silence";
    case ActionKind::Resume: return "resume";
    case ActionKind::Dpd: return "dpd";
    case ActionKind::Rekey: return "rekey";
    case ActionKind::DeleteChild: return "delete-child";
    case ActionKind::DeleteIke: return "delete-ike";
    }
    return "?";
}

std::string Expectation::toString() const {
    return failure ? "failure:" + std::string(ike::failureKindName(*failure)) : "established";
}

Result<Scenario> Scenario::fromJson(std::string_view text, const std::string& source) {
    Json j;
    try {
        j = Json::parse(text.begin(), text.end());
    } catch (const Json::parse_error& e) {
        // nlohmann's message already says "parse error at line L, column C: ..."; drop its id prefix.
        std::string what = e.what();
        if (const auto at = what.find("] "); what.rfind("[json.exception", 0) == 0 && at != std::string::npos)
            what = what.substr(at + 2);
        return fail(source + ": " + what);
    } catch (const Json::out_of_range&) {
        // The one other thing the parser throws (406): a number with more digits than a double holds.
        return fail(source + ": not valid JSON: a number too large to read");
    }
    auto s = readScenarioJson(j);
    if (!s) {
        const BadKey& bad = s.error();
        return fail(source + ": " + (bad.key.empty() ? "" : "key " + bad.key + ": ") + bad.problem);
    }
    return std::move(*s);
}

Result<Scenario> Scenario::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(path + ": cannot open the scenario file");
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) return fail(path + ": cannot read the scenario file");
    return fromJson(content.str(), path);
}

std::string Scenario::toJson() const {
    OrderedJson j;
    j["name"] = name;
    j["description"] = description;
    if (seed) j["seed"] = *seed;
    j["siteA"] = siteJson(siteA);
    j["siteB"] = siteJson(siteB);
    j["nat"] = nat;
    if (labEsnStart) j["labEsnStart"] = *labEsnStart;
    j["traffic"] =
        OrderedJson{{"count", traffic.count}, {"intervalMs", traffic.interval.count()}, {"size", traffic.size}};
    j["attacks"] = OrderedJson::array();
    for (const auto& a : attacks) j["attacks"].push_back(a.toString());
    j["actions"] = OrderedJson::array();
    for (const auto& a : actions)
        j["actions"].push_back(OrderedJson{{"at", static_cast<double>(a.at.count()) / 1e6},
                                           {"do", std::string(actionKindName(a.kind))},
                                           {"site", siteName(a.site)}});
    if (runForSeconds) j["runFor"] = *runForSeconds;
    j["expect"] = expect.toString();
    return j.dump(2) + "\n";
}

Result<void> Scenario::save(const std::string& path) const {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return fail(path + ": cannot write the scenario file");
    out << toJson();
    out.close();
    if (!out) return fail(path + ": cannot write the scenario file");
    return {};
}

wire::Ipv4Address Scenario::trafficAddress(Site s) const {
    return gatewaysTalk() ? LabNetwork::gateway(s) : LabNetwork::host(s);
}

std::string Scenario::trafficEnd(Site s) const {
    return (gatewaysTalk() ? "gateway " : "host ") + trafficAddress(s).toString();
}

std::optional<json::BadKey> scenarioProblem(const Scenario& scenario) {
    if (auto a = siteProblem(scenario.siteA, "/siteA")) return a;
    if (auto b = siteProblem(scenario.siteB, "/siteB")) return b;
    // A transport-mode SA carries only its peers' own packets (RFC 4301 §4.1): its proxy IDs can
    // name nothing but the two gateways.
    for (Site s : {Site::A, Site::B}) {
        const SiteSettings& settings = scenario.site(s);
        if (settings.encapsulation != ike::Encapsulation::Transport) continue;
        const Site other = s == Site::A ? Site::B : Site::A;
        for (const auto& [key, value, of] : {std::tuple{"localSubnet", settings.localSubnet, s},
                                             std::tuple{"remoteSubnet", settings.remoteSubnet, other}}) {
            const std::string expected = LabNetwork::protectedSubnet(of, ike::Encapsulation::Transport);
            if (!value.empty() && *selectorOf(value) != *selectorOf(expected))
                return BadKey{"/site" + std::string(siteName(s)) + "/" + key,
                              std::string("transport mode protects only the gateways' own packets ") +
                                  "(RFC 4301 §4.1), so this selector can only be gateway " + siteName(of) +
                                  "'s address " + expected + " (or leave the key out), not " + value +
                                  "; protecting a LAN needs tunnel mode"};
        }
    }
    if (scenario.labEsnStart) {
        for (Site s : {Site::A, Site::B})
            for (const auto& text : scenario.site(s).childProposals)
                if (auto p = ike::parseChildProposal(text, scenario.site(s).protocol); p && !p->proposal.esn)
                    return BadKey{
                        "/labEsnStart",
                        "a lab ESN start needs extended sequence numbers: add -esn to every proposal of site" +
                            std::string(siteName(s)) + " (\"" + text + "\")"};
    }
    return std::nullopt;
}

tl::expected<Scenario, json::BadKey> readScenarioJson(const json::Json& j) {
    Scenario s;
    try {
        s = readScenario(j);
    } catch (const BadKey& bad) {
        return tl::unexpected(bad);
    } catch (const Json::exception& e) {
        return tl::unexpected(BadKey{"", e.what()});
    }
    if (auto problem = scenarioProblem(s)) return tl::unexpected(std::move(*problem));
    return s;
}

Result<void> Scenario::validate() const {
    if (auto problem = scenarioProblem(*this)) return fail("key " + problem->key + ": " + problem->problem);
    return {};
}

std::vector<ike::Phase1Suite> ikePolicy(Site site, const SiteSettings& s) {
    if (s.ikeProposals.empty() && site == Site::B) return ike::charonDefaultPhase1(s.lifetimes.ikeSeconds);
    std::vector<ike::Phase1Suite> out;
    for (const auto& text :
         s.ikeProposals.empty() ? std::vector<std::string>{SiteSettings::kDefaultIkeProposal} : s.ikeProposals) {
        auto suite = ike::parseIkeProposal(text);
        if (!suite) continue; // validate() names it; a policy never holds what does not parse
        suite->lifetimeSeconds = s.lifetimes.ikeSeconds;
        out.push_back(*suite);
    }
    return out;
}

std::string ikeProposalsText(Site site, const SiteSettings& s) {
    if (!s.ikeProposals.empty()) return joinComma(s.ikeProposals);
    if (site == Site::B)
        return "charon 5.9's IKEv1 default (" + std::to_string(ike::charonDefaultPhase1().size()) +
               " suites; none listed)";
    return std::string(SiteSettings::kDefaultIkeProposal) + " (the lab's default; none listed)";
}

Result<ike::PeerConfig> Scenario::peerConfig(Site which) const {
    if (auto valid = validate(); !valid) return tl::unexpected(valid.error());
    const SiteSettings& s = site(which);
    const Site other = which == Site::A ? Site::B : Site::A;
    ike::PeerConfig c;
    c.name = siteName(which);
    c.local = ike::Endpoint{LabNetwork::gateway(which), wire::kIkePort};
    c.remote = ike::Endpoint{LabNetwork::gateway(other), wire::kIkePort};
    c.psk = bytesOf(s.psk);
    if (!s.id.empty()) c.localId = identityOf(s.id);
    if (!s.remoteId.empty()) c.remoteId = identityOf(s.remoteId);
    c.mode = s.mode;
    c.ikeProposals = ikePolicy(which, s);
    auto children = ike::parseChildProposals(joinComma(s.childProposals), s.protocol);
    c.childProposals = children->proposals;
    for (auto& p : c.childProposals) {
        p.encapsulation = s.encapsulation;
        p.lifetimeSeconds = s.lifetimes.ipsecSeconds;
        p.lifetimeKilobytes = s.lifetimes.ipsecKilobytes;
    }
    c.pfsGroup = children->pfsGroup;
    c.acceptOfferedPfs = s.acceptOfferedPfs;
    c.localSelector = *selectorOf(s.localSubnet.empty() ? LabNetwork::protectedSubnet(which, s.encapsulation)
                                                        : s.localSubnet);
    c.remoteSelector = *selectorOf(s.remoteSubnet.empty() ? LabNetwork::protectedSubnet(other, s.encapsulation)
                                                          : s.remoteSubnet);
    c.natTraversal = s.natTraversal;
    c.autoQuickMode = true;
    // Only the side that started an exchange rekeys it (the engine checks the role), so both may ask.
    c.autoRekey = s.rekey;
    return c;
}

} // namespace ipseclab::lab
