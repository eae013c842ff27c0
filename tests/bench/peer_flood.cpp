// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// peer_flood: a half-open flood against `ipsec-lab peer --responder` (issue 17, point 7). A small
// sender sends N Main Mode first messages (MM1, a real one from core/ike with fresh cookies each
// time) from 256 loopback addresses at a steady rate; halfway through, a genuine
// `ipsec-lab peer --initiator` from another address runs phase 1, Quick Mode and one ping through
// the tunnel while the flood goes on. Prints the responder's resident memory before the flood and
// its peak (VmHWM), the flood's duration and rate, and the genuine exchange's outcome.
// Exit 0 only when the genuine exchange completed and the peak stayed under --max-rss-mb.
//
//   peer_flood PATH/TO/ipsec-lab [--count N (1000000)] [--rate PER_SECOND (50000)] [--max-rss-mb MB (40)]
//
// CTest runs it with 100,000 MM1 (tests/bench/CMakeLists.txt); the full 1,000,000 is a benchmark run
// (measured: 19 MiB before, 25.5 MiB peak, 20 s at 50,000/s; the cap holds 1,000 half-open SAs).

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "crypto/DeterministicRandom.h"
#include "ike/Peer.h"
#include "net/UdpSocket.h"

extern char** environ;

using namespace ipseclab;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kSourceAddresses = 256; // 127.77.0.1 ... 127.77.1.0: more than the caps allow

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "peer_flood: %s\n", what.c_str());
    std::exit(2);
}

wire::Ipv4Address ip(const char* dotted) { return *wire::Ipv4Address::parse(dotted); }

// A port the kernel says is free now (closed again at once: the responder binds it next).
std::uint16_t freePort() {
    auto socket = net::UdpSocket::bind(ip("127.0.0.1"), 0);
    if (!socket) die("cannot bind a UDP socket: " + socket.error().message);
    return socket->port();
}

pid_t spawn(const std::vector<std::string>& arguments) {
    std::vector<char*> argv;
    for (const std::string& a : arguments) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&files, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int error = posix_spawn(&pid, argv[0], &files, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&files);
    if (error != 0) die("cannot start " + arguments[0] + ": " + std::strerror(error));
    return pid;
}

// VmRSS or VmHWM of a process, in KiB.
long memoryKib(pid_t pid, const char* field) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field) + 1);
    return -1;
}

// The exit code once the process ended, or nothing after `wait`.
std::optional<int> waitFor(pid_t pid, std::chrono::milliseconds wait) {
    const auto until = Clock::now() + wait;
    do {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } while (Clock::now() < until);
    return std::nullopt;
}

// A genuine MM1 of core/ike's: the flood sends it with a new initiator cookie each time.
Bytes templateMm1() {
    crypto::DeterministicRandom random(17);
    ike::PeerConfig config;
    config.local = ike::Endpoint{ip("127.77.0.1"), 500};
    config.remote = ike::Endpoint{ip("127.0.0.1"), 500};
    config.psk = bytesOf("flood");
    ike::Peer peer(config, random);
    if (!peer.initiate(ike::Timestamp(0))) die("core/ike could not build an MM1");
    auto mm1 = peer.pollTransmit();
    if (!mm1 || mm1->label != "MM1") die("core/ike's first datagram is not MM1");
    return mm1->datagram;
}

struct Options {
    std::string program;
    long count = 1'000'000;
    long rate = 50'000;
    long maxRssMb = 40;
};

Options parse(int argc, char** argv) {
    Options o;
    if (argc < 2) die("usage: peer_flood PATH/TO/ipsec-lab [--count N] [--rate PER_SECOND] [--max-rss-mb MB]");
    o.program = argv[1];
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const long value = std::atol(argv[i + 1]);
        if (value <= 0) die(flag + " wants a positive number");
        if (flag == "--count") o.count = value;
        else if (flag == "--rate") o.rate = value;
        else if (flag == "--max-rss-mb") o.maxRssMb = value;
        else die("unknown option " + flag);
    }
    return o;
}

} // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    const std::uint16_t ikePort = freePort(), natTPort = freePort();
    const std::string at = "127.0.0.1:" + std::to_string(ikePort);
    const pid_t responder = spawn({o.program, "peer", "--responder", "--local", at, "--local-natt",
                                   std::to_string(natTPort), "--psk", "flood-psk", "--local-ts", "10.2.0.0/24",
                                   "--remote-ts", "10.1.0.0/24"});
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    if (waitFor(responder, std::chrono::milliseconds(0))) die("the responder ended at once");
    const long before = memoryKib(responder, "VmRSS:");

    std::vector<net::UdpSocket> senders;
    for (int i = 1; i <= kSourceAddresses; ++i) {
        auto socket = net::UdpSocket::bind(wire::Ipv4Address::fromU32(0x7f4d0000u + static_cast<std::uint32_t>(i)), 0);
        if (!socket) die("cannot bind a sender: " + socket.error().message);
        senders.push_back(std::move(*socket));
    }
    Bytes mm1 = templateMm1();
    const wire::Ipv4Address target = ip("127.0.0.1");
    std::optional<pid_t> genuine;
    std::optional<int> genuineExit;
    const auto start = Clock::now();
    for (long n = 0; n < o.count; ++n) {
        const std::uint64_t cookie = 0x466c6f6f64000000ull + static_cast<std::uint64_t>(n); // "Flood" + n
        for (int b = 0; b < 8; ++b) mm1[b] = static_cast<std::uint8_t>(cookie >> (56 - 8 * b));
        (void)senders[static_cast<std::size_t>(n % kSourceAddresses)].sendTo(target, ikePort, mm1);
        if (n == o.count / 2)
            genuine = spawn({o.program,
                             "peer",
                             "--initiator",
                             "--local",
                             "127.0.0.2:0",
                             "--local-natt",
                             "0",
                             "--remote",
                             at,
                             "--remote-natt",
                             std::to_string(natTPort),
                             "--psk",
                             "flood-psk",
                             "--local-ts",
                             "10.1.0.0/24",
                             "--remote-ts",
                             "10.2.0.0/24",
                             "--inner",
                             "10.1.0.10",
                             "--ping",
                             "1",
                             "--retransmit-timeout",
                             "0.5",
                             "--retransmit-tries",
                             "6"});
        if (genuine && !genuineExit && n % 1000 == 0) genuineExit = waitFor(*genuine, std::chrono::milliseconds(0));
        // A steady rate: sleep when ahead of it.
        const auto due = start + std::chrono::microseconds(n * 1'000'000 / o.rate);
        if (n % 256 == 0 && Clock::now() < due) std::this_thread::sleep_until(due);
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (genuine && !genuineExit) genuineExit = waitFor(*genuine, std::chrono::seconds(40));
    const long peak = memoryKib(responder, "VmHWM:");
    const long after = memoryKib(responder, "VmRSS:");
    ::kill(responder, SIGTERM);
    const auto responderExit = waitFor(responder, std::chrono::seconds(10));
    if (!responderExit) ::kill(responder, SIGKILL);

    std::printf("MM1 sent: %ld from %d addresses in %.2f s (%.0f/s)\n", o.count, kSourceAddresses, seconds,
                static_cast<double>(o.count) / seconds);
    std::printf("responder RSS: %.1f MiB before, peak (VmHWM) %.1f MiB, %.1f MiB at the end; bound %ld MiB\n",
                static_cast<double>(before) / 1024, static_cast<double>(peak) / 1024, static_cast<double>(after) / 1024,
                o.maxRssMb);
    std::printf("genuine exchange during the flood: %s\n",
                genuineExit ? (*genuineExit == 0 ? "completed (exit 0)"
                                                 : ("failed (exit " + std::to_string(*genuineExit) + ")").c_str())
                            : "did not end in time");
    std::printf("responder exit: %d\n", responderExit.value_or(-1));
    const bool ok = genuineExit == 0 && peak > 0 && peak <= o.maxRssMb * 1024 && responderExit == 0;
    std::printf("%s\n", ok ? "PASS" : "FAIL");
    return ok ? 0 : 1;
}
