// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "peer/PeerOptions.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <string_view>

#include "peer/Ikev2Proposals.h"

namespace ipseclab::peer {

namespace {

// Flags that take a value, and flags that stand alone.
const std::set<std::string, std::less<>> kValueFlags{
    "--local",
    "--local-natt",
    "--remote",
    "--remote-natt",
    "--psk",
    "--mode",
    "--id",
    "--remote-id",
    "--local-ts",
    "--remote-ts",
    "--ike",
    "--esp",
    "--inner",
    "--ping",
    "--events",
    "--keys",
    "--linger",
    "--keepalive",
    "--half-open",
    "--dpd",
    "--retransmit-timeout",
    "--retransmit-tries",
};
const std::set<std::string, std::less<>> kSwitches{"--initiator",         "--responder", "--ikev2",
                                                   "--allow-any-address", "--help",      "-h"};

Result<std::uint64_t> number(std::string_view flag, std::string_view text, std::uint64_t min, std::uint64_t max) {
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
        return fail(std::string(flag) + " " + std::string(text) + " is not a whole number from " + std::to_string(min) +
                    " to " + std::to_string(max));
    return value;
}

Result<std::chrono::milliseconds> seconds(std::string_view flag, std::string_view text, double max) {
    const std::string s(text);
    char* end = nullptr;
    const double value = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(value) || value < 0 || value > max)
        return fail(std::string(flag) + " " + s + " is not a number of seconds from 0 to " +
                    std::to_string(static_cast<int>(max)));
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(value * 1000)));
}

// The options that take a duration in seconds: the field each sets, its largest value, and its
// smallest (and how to say it) where a shorter one makes no sense.
struct DurationOption {
    std::string_view flag;
    std::chrono::milliseconds PeerOptions::*field;
    double max;
    std::chrono::milliseconds min{0};
    std::string_view minText{};
};
const std::array kDurations{
    DurationOption{"--linger", &PeerOptions::linger, 3600},
    DurationOption{"--dpd", &PeerOptions::dpd, 3600},
    DurationOption{"--keepalive", &PeerOptions::keepalive, 3600},
    DurationOption{"--half-open", &PeerOptions::halfOpen, 3600, std::chrono::milliseconds(1000), "1 s"},
    DurationOption{"--retransmit-timeout", &PeerOptions::retransmitTimeout, 60, std::chrono::milliseconds(100),
                   "0.1 s"},
};

struct AddressPort {
    wire::Ipv4Address address;
    std::optional<std::uint16_t> port;
};

Result<AddressPort> addressPort(std::string_view flag, std::string_view text) {
    AddressPort out;
    std::string_view addressText = text;
    if (const auto colon = text.find(':'); colon != std::string_view::npos) {
        addressText = text.substr(0, colon);
        auto port = number(flag, text.substr(colon + 1), 0, 65535);
        if (!port)
            return fail(std::string(flag) + " " + std::string(text) + ": the port must be a number from 0 to 65535");
        out.port = static_cast<std::uint16_t>(*port);
    }
    const auto address = wire::Ipv4Address::parse(addressText);
    if (!address)
        return fail(std::string(flag) + " " + std::string(text) +
                    " is not an IPv4 address (a.b.c.d, optionally :port)");
    out.address = *address;
    return out;
}

Result<ike::Identity> identity(std::string_view flag, std::string_view text) {
    if (text.empty()) return fail(std::string(flag) + " needs an IPv4 address or an FQDN");
    if (const auto address = wire::Ipv4Address::parse(text)) return ike::Identity::ipv4(*address);
    for (const char c : text)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'))
            return fail(std::string(flag) + " " + std::string(text) +
                        " is neither an IPv4 address nor an FQDN (letters, digits, '.', '-')");
    return ike::Identity::fqdn(std::string(text));
}

Result<ipsec::Subnet> subnet(std::string_view flag, std::string_view text) {
    const auto parsed = ipsec::Subnet::parse(text);
    if (!parsed)
        return fail(std::string(flag) + " " + std::string(text) +
                    " is not an IPv4 subnet in CIDR notation with zero host bits (e.g. 10.1.0.0/24, 127.201.0.1/32)");
    return *parsed;
}

using Getter = std::function<const std::string*(std::string_view)>;

// --ike and --esp in the syntax of the IKE version; a responder given no --ike accepts charon's
// defaults (IKEv1) or a short list of common suites (IKEv2).
Result<void> parseProposals(PeerOptions& o, const Getter& get) {
    const std::string* ikeGiven = get("--ike");
    const std::string* espGiven = get("--esp");
    if (o.ikeVersion == 2) {
        o.ikeText = ikeGiven ? *ikeGiven : "aes128-sha256-modp2048";
        // A responder given no --esp accepts the common suites, as it does for --ike.
        o.espText = espGiven                         ? *espGiven
                    : o.role == ike::Role::Responder ? "aes128-sha256,aes128gcm16,aes256-sha256,aes256gcm16"
                                                     : "aes128-sha256";
        auto ike = parseIkev2Proposals(o.ikeText);
        if (!ike) return fail("--ike " + o.ikeText + ": " + ike.error().toString());
        o.ikev2Proposals = !ikeGiven && o.role == ike::Role::Responder ? ikev2DefaultResponderSuites() : *ike;
        auto esp = parseIkev2ChildProposals(o.espText);
        if (!esp) return fail("--esp " + o.espText + ": " + esp.error().toString());
        o.ikev2ChildProposals = *esp;
        return {};
    }
    if (ikeGiven) o.ikeText = *ikeGiven;
    auto ike = ike::parseIkeProposals(o.ikeText);
    if (!ike) return fail("--ike " + o.ikeText + ": " + ike.error().toString());
    o.ikeProposals = *ike;
    if (espGiven) o.espText = *espGiven;
    auto esp = ike::parseChildProposals(o.espText, ike::ChildProtocol::Esp);
    if (!esp) return fail("--esp " + o.espText + ": " + esp.error().toString());
    o.espProposals = *esp;
    if (o.mode == ike::Phase1Mode::Aggressive) {
        // Aggressive Mode sends its KE in the first message: one DH group for all proposals.
        for (const ike::Phase1Suite& suite : o.ikeProposals)
            if (suite.group != o.ikeProposals.front().group)
                return fail("--ike " + o.ikeText +
                            ": Aggressive Mode sends its KE in the first message, so every proposal needs the same "
                            "DH group");
    }
    // Without --ike a responder accepts what charon 5.9 accepts by default (as far as the engine goes).
    if (!ikeGiven && o.role == ike::Role::Responder) o.ikeProposals = ike::charonDefaultPhase1();
    return {};
}

// What the IKEv2 engine does not do yet, refused by name rather than ignored.
Result<void> checkIkev2Flags(const Getter& get) {
    if (get("--mode")) return fail("--mode is IKEv1's (Main or Aggressive Mode); IKEv2 has one way: leave it out");
    if (get("--dpd"))
        return fail("--dpd needs IKEv2's INFORMATIONAL exchange (liveness check), which this engine does not "
                    "speak yet");
    if (get("--half-open")) return fail("--half-open is not implemented by the IKEv2 engine yet");
    return {};
}

} // namespace

bool isLoopback(const wire::Ipv4Address& address) { return address.octets[0] == 127; }

Result<ParsedCommand> parsePeerArguments(const std::vector<std::string>& arguments) {
    ParsedCommand command;
    std::map<std::string, std::string, std::less<>> values;
    std::set<std::string, std::less<>> switches;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        std::string flag = arguments[i];
        std::optional<std::string> value;
        if (const auto equals = flag.find('='); flag.rfind("--", 0) == 0 && equals != std::string::npos) {
            value = flag.substr(equals + 1);
            flag.resize(equals);
        }
        if (kSwitches.count(flag)) {
            if (value) return fail(flag + " takes no value");
            switches.insert(flag == "-h" ? "--help" : flag);
            continue;
        }
        if (!kValueFlags.count(flag)) {
            if (flag.rfind("-", 0) == 0) return fail("unknown option " + flag);
            return fail("unexpected argument " + flag);
        }
        if (!value) {
            if (i + 1 >= arguments.size()) return fail(flag + " needs a value");
            value = arguments[++i];
        }
        if (values.count(flag)) return fail(flag + " is given twice");
        values[flag] = *value;
    }
    if (switches.count("--help")) {
        command.help = true;
        return command;
    }

    PeerOptions& o = command.options;
    const bool initiator = switches.count("--initiator") > 0, responder = switches.count("--responder") > 0;
    if (initiator == responder) return fail("say --initiator or --responder (exactly one)");
    o.role = initiator ? ike::Role::Initiator : ike::Role::Responder;
    o.allowAnyAddress = switches.count("--allow-any-address") > 0;
    o.ikeVersion = switches.count("--ikev2") > 0 ? 2 : 1;

    const Getter get = [&](std::string_view flag) -> const std::string* {
        const auto it = values.find(flag);
        return it == values.end() ? nullptr : &it->second;
    };
    if (o.ikeVersion == 2)
        if (auto checked = checkIkev2Flags(get); !checked) return tl::unexpected(checked.error());

    const std::string* local = get("--local");
    if (!local) return fail("--local ADDR[:PORT] is required: the address to bind");
    auto localEndpoint = addressPort("--local", *local);
    if (!localEndpoint) return tl::unexpected(localEndpoint.error());
    o.localAddress = localEndpoint->address;
    if (localEndpoint->port) {
        o.localPort = *localEndpoint->port;
        o.localPortGiven = true;
    }
    if (const std::string* v = get("--local-natt")) {
        auto port = number("--local-natt", *v, 0, 65535);
        if (!port) return tl::unexpected(port.error());
        o.localNatTPort = static_cast<std::uint16_t>(*port);
        o.localNatTPortGiven = true;
    }

    if (const std::string* v = get("--remote")) {
        auto remote = addressPort("--remote", *v);
        if (!remote) return tl::unexpected(remote.error());
        o.remoteAddress = remote->address;
        if (remote->port) {
            if (*remote->port == 0) return fail("--remote " + *v + ": port 0 is not a port one can send to");
            o.remotePort = *remote->port;
        }
    } else if (initiator) {
        return fail("--remote ADDR[:PORT] is required for an initiator: where to send");
    }
    if (const std::string* v = get("--remote-natt")) {
        auto port = number("--remote-natt", *v, 1, 65535);
        if (!port) return tl::unexpected(port.error());
        o.remoteNatTPort = static_cast<std::uint16_t>(*port);
    }
    if (o.localPort != 0 && o.localPort == o.localNatTPort)
        return fail("the IKE port and the NAT-T port must differ (both are " + std::to_string(o.localPort) + ")");

    if (!o.allowAnyAddress) {
        if (!isLoopback(o.localAddress))
            return fail("--local " + o.localAddress.toString() +
                        " is outside 127.0.0.0/8: this program only talks on loopback addresses unless you add "
                        "--allow-any-address");
        if (o.remoteAddress && !isLoopback(*o.remoteAddress))
            return fail("--remote " + o.remoteAddress->toString() +
                        " is outside 127.0.0.0/8: this program only talks on loopback addresses unless you add "
                        "--allow-any-address");
    }

    const std::string* psk = get("--psk");
    if (!psk || psk->empty()) return fail("--psk TEXT is required: the pre-shared key");
    o.psk = *psk;

    if (const std::string* v = get("--mode")) {
        if (*v == "main") o.mode = ike::Phase1Mode::Main;
        else if (*v == "aggressive") o.mode = ike::Phase1Mode::Aggressive;
        else return fail("--mode " + *v + ": say main or aggressive");
    }
    if (const std::string* v = get("--id")) {
        auto id = identity("--id", *v);
        if (!id) return tl::unexpected(id.error());
        o.localId = *id;
    }
    if (const std::string* v = get("--remote-id")) {
        auto id = identity("--remote-id", *v);
        if (!id) return tl::unexpected(id.error());
        o.remoteId = *id;
    }

    o.localTs = ipsec::Subnet{o.localAddress, 32};
    if (const std::string* v = get("--local-ts")) {
        auto ts = subnet("--local-ts", *v);
        if (!ts) return tl::unexpected(ts.error());
        o.localTs = *ts;
    }
    if (const std::string* v = get("--remote-ts")) {
        auto ts = subnet("--remote-ts", *v);
        if (!ts) return tl::unexpected(ts.error());
        o.remoteTs = *ts;
    } else if (o.remoteAddress) {
        o.remoteTs = ipsec::Subnet{*o.remoteAddress, 32};
    } else {
        return fail("--remote-ts CIDR is required when --remote is not given: the peer's protected network");
    }

    if (auto proposals = parseProposals(o, get); !proposals) return tl::unexpected(proposals.error());

    if (const std::string* v = get("--inner")) {
        const auto address = wire::Ipv4Address::parse(*v);
        if (!address) return fail("--inner " + *v + " is not an IPv4 address");
        if (!o.localTs.contains(*address))
            return fail("--inner " + *v + " is outside the local traffic selector " + o.localTs.toString() +
                        ": the peer would drop what the tunnel carries");
        o.inner = *address;
    }
    if (const std::string* v = get("--ping")) {
        auto count = number("--ping", *v, 0, 10000);
        if (!count) return tl::unexpected(count.error());
        o.ping = static_cast<unsigned>(*count);
        if (o.ping > 0 && !o.inner) return fail("--ping N needs --inner ADDR: the source of the echo requests");
    }
    if (const std::string* v = get("--events")) {
        if (v->empty()) return fail("--events needs a file name");
        o.eventsPath = *v;
    }
    if (const std::string* v = get("--keys")) {
        if (v->empty()) return fail("--keys needs a folder name");
        o.keysDir = *v;
    }
    for (const DurationOption& d : kDurations) {
        const std::string* v = get(d.flag);
        if (!v) continue;
        auto value = seconds(d.flag, *v, d.max);
        if (!value) return tl::unexpected(value.error());
        if (*value < d.min) return fail(std::string(d.flag) + " " + *v + " is below " + std::string(d.minText));
        o.*d.field = *value;
    }
    if (const std::string* v = get("--retransmit-tries")) {
        auto tries = number("--retransmit-tries", *v, 0, 10);
        if (!tries) return tl::unexpected(tries.error());
        o.retransmitTries = static_cast<int>(*tries);
    }
    return command;
}

std::string peerUsage() {
    return R"(Usage: ipsec-lab peer --initiator|--responder --local ADDR[:PORT] [--remote ADDR[:PORT]] --psk TEXT [options]

One IKEv1 (or, with --ikev2, IKEv2) peer on real addresses and ports, for talking to a real VPN
daemon such as strongSwan's charon: the same engines and data plane as the lab. It always uses NAT
traversal (IKEv1: NAT-D is faked, as strongSwan's encap=yes does; IKEv2: everything after
IKE_SA_INIT moves to the NAT-T ports), so ESP travels in UDP on the NAT-T port; no window opens.

  --initiator | --responder   the role
  --ikev2                     speak IKEv2 (RFC 7296; charon's swanctl version = 2): IKE_SA_INIT, then
                              IKE_AUTH with the PSK and the first child SA. --ike takes IKEv2 suites
                              (aes128-sha256-modp2048, the default; aes128gcm16-prfsha256-ecp256: AES-GCM
                              needs a prf token; without one the PRF is the integrity hash), --esp no
                              D-H group (IKE_AUTH carries no KE). A responder given no --ike accepts
                              aes128/aes256 with sha256 and aes128gcm16/aes256gcm16, with modp2048,
                              ecp256 (and ecp384), and without --esp aes128-sha256, aes128gcm16,
                              aes256-sha256 and aes256gcm16. Not yet: --mode, --dpd, --half-open, Delete on
                              SIGTERM, CREATE_CHILD_SA (rekeying), INFORMATIONAL.
  --local ADDR[:PORT]         where to bind: IKE on PORT (default 500), NAT-T on --local-natt (4500).
                              An initiator given no port takes a free one when another daemon holds
                              500 or 4500 on this host (charon answers any source port on its 500)
  --local-natt PORT           our NAT-T port (default 4500)
  --remote ADDR[:PORT]        initiator: where to send (IKE port 500 by default, then --remote-natt);
                              responder: the only peer address accepted (default: any). A responder
                              answers each datagram at its source and follows the peer's move to NAT-T.
  --remote-natt PORT          the peer's NAT-T port (default 4500)
  --psk TEXT                  the pre-shared key
  --mode main|aggressive      phase-1 mode (default main)
  --id ID, --remote-id ID     identities: an IPv4 address or an FQDN (default: the local address; any)
  --local-ts CIDR             our protected network (default: the local address/32)
  --remote-ts CIDR            the peer's (default: the remote address/32); a /32 is sent as ID_IPV4_ADDR
  --ike LIST                  phase-1 proposals, strongSwan syntax, in preference order,
                              e.g. aes256-sha256-modp2048,aes128-sha256-ecp256. Without it an initiator
                              offers aes128-sha1-modp2048, and a responder accepts what strongSwan
                              charon 5.9 accepts in IKEv1 by default, as far as this engine implements
                              it: aes128/aes192/aes256/3des, each with sha256/sha384/sha512/sha1, each
                              with ecp256/ecp384/modp2048 (48 suites). charon's AES-CTR, Camellia,
                              AES-XCBC/CMAC, ecp521, Brainpool, Curve25519/448 and modp3072..8192 are not
                              implemented here; like charon, it refuses des, md5 and modp768/1024/1536.
                              A longer phase-1 lifetime than ours (28800 s) is accepted; ours applies.
  --esp LIST                  ESP proposals (default aes128-sha1; IKEv2 aes128-sha256), e.g. aes128gcm16, aes128-sha1-modp2048 (PFS)
  --inner ADDR --ping N       after Quick Mode, send N ICMP echo requests from ADDR through the tunnel to
                              the remote selector's address (its first host for a subnet) and wait for the
                              replies. Both roles answer echo requests that arrive through the tunnel for
                              an address inside --local-ts.
  --events FILE               every event as one JSON object per line (derived keys included)
  --keys DIR                  Wireshark key files (ikev1_decryption_table or, with --ikev2,
                              ikev2_decryption_table; and esp_sa), as in the lab
  --linger SECONDS            initiator: once done, keep the tunnel up this long (answering echo
                              requests) before exiting (default 0)
  --keepalive SECONDS         behind a NAT (NAT-D says our address was translated), send a NAT-keepalive
                              (one 0xFF byte, RFC 3948 §4) to the peer's NAT-T port after this long
                              without sending there, to keep the mapping open (default 20, as charon;
                              0: never)
  --dpd SECONDS               dead peer detection (RFC 3706): an R-U-THERE this often while an IKE SA
                              is up, as charon's dpd_delay (default 0: none; we always answer them)
  --half-open SECONDS         responder: how long an unfinished phase 1 is kept; a phase 1 whose message 5
                              never decrypted fails then as a PSK mismatch, one whose message 3 never
                              carried a usable KE and nonce fails naming them (default 120)
  --retransmit-timeout SECONDS  first wait before a request is sent again, doubled each time (default 2)
  --retransmit-tries N        retransmissions before an exchange fails (default 4)
  --allow-any-address         allow --local/--remote outside 127.0.0.0/8 (by default this program binds
                              and sends on loopback addresses only)
  --help                      this text

The responder runs until SIGTERM or SIGINT, then sends Delete notifications and exits 0. The
initiator exits 0 once Quick Mode is complete and every ping is answered (its SAs stay on the
daemon, so their counters can be read there; SIGTERM/SIGINT send Delete notifications first),
1 with the failure's sentence otherwise, 2 on bad usage.
)";
}

ike::PeerConfig engineConfig(const PeerOptions& o, std::uint16_t ikePort, std::uint16_t natTPort) {
    ike::PeerConfig c;
    c.name = o.role == ike::Role::Initiator ? "initiator" : "responder";
    c.local = ike::Endpoint{o.localAddress, ikePort};
    c.localNatTPort = natTPort;
    if (o.remoteAddress) c.remote = ike::Endpoint{*o.remoteAddress, o.remotePort};
    c.remoteNatTPort = o.remoteNatTPort;
    c.psk = bytesOf(o.psk);
    c.localId = o.localId;
    c.remoteId = o.remoteId;
    c.mode = o.mode;
    c.ikeProposals = o.ikeProposals;
    c.childProposals = o.espProposals.proposals;
    c.pfsGroup = o.espProposals.pfsGroup;
    c.localSelector = ike::Selector::subnet(o.localTs.network, o.localTs.prefixLength);
    c.remoteSelector = ike::Selector::subnet(o.remoteTs.network, o.remoteTs.prefixLength);
    // Only UDP sockets here: ESP must travel in UDP, so NAT-T is forced (strongSwan's encap=yes).
    c.natTraversal = ike::NatTraversal::Force;
    c.retransmit.initial = o.retransmitTimeout;
    c.retransmit.factor = 2.0;
    c.retransmit.maxRetransmits = o.retransmitTries;
    c.halfOpenTimeout = o.halfOpen;
    // The peer loop starts Quick Mode itself, a moment after Aggressive Mode (charon ignores a Quick
    // Mode that overtakes AM3: README "charon behaviours" 2).
    c.autoQuickMode = false;
    return c;
}

} // namespace ipseclab::peer

namespace ipseclab::peer {

ikev2::PeerConfig ikev2EngineConfig(const PeerOptions& o, std::uint16_t ikePort) {
    ikev2::PeerConfig c;
    c.name = o.role == ike::Role::Initiator ? "initiator" : "responder";
    c.local = ikev2::Endpoint{o.localAddress, ikePort};
    if (o.remoteAddress) c.remote = ikev2::Endpoint{*o.remoteAddress, o.remotePort};
    c.psk = bytesOf(o.psk);
    // The same identities as IKEv1's (ID_IPV4_ADDR or ID_FQDN), in IKEv2's ID types.
    const auto identity = [](const ike::Identity& id) {
        ikev2::Identity out;
        if (id.empty()) return out;
        out.type = id.type == wire::IdType::Ipv4Addr ? wire::ikev2::IdType::Ipv4Addr : wire::ikev2::IdType::Fqdn;
        out.data = id.data;
        return out;
    };
    c.localId = identity(o.localId);
    c.remoteId = identity(o.remoteId);
    c.ikeProposals = o.ikev2Proposals;
    c.childProposals = o.ikev2ChildProposals;
    c.localSelector = ikev2::Selector::subnet(o.localTs.network, o.localTs.prefixLength);
    c.remoteSelector = ikev2::Selector::subnet(o.remoteTs.network, o.remoteTs.prefixLength);
    c.retransmit.initial = o.retransmitTimeout;
    c.retransmit.factor = 2.0;
    c.retransmit.maxRetransmits = o.retransmitTries;
    return c;
}

} // namespace ipseclab::peer
