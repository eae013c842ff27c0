// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "peer/PeerCommand.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "peer/PeerLoop.h"
#include "peer/PeerOptions.h"

namespace ipseclab::peer {

namespace {

std::atomic<PeerLoop*> g_loop{nullptr};
volatile std::sig_atomic_t g_stopRequested = 0;

extern "C" void onStopSignal(int) {
    g_stopRequested = 1;
    if (PeerLoop* loop = g_loop.load()) loop->requestStop();
}

void installSignalHandlers() {
    struct sigaction action {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
}

} // namespace

int runPeerCommand(int argc, char** argv) {
    installSignalHandlers();
    std::vector<std::string> arguments;
    for (int i = 2; i < argc; ++i) arguments.emplace_back(argv[i]);
    auto command = parsePeerArguments(arguments);
    if (!command) {
        std::fprintf(stderr, "ipsec-lab peer: %s\nTry ipsec-lab peer --help.\n", command.error().message.c_str());
        return kExitUsage;
    }
    if (command->help) {
        std::fputs(peerUsage().c_str(), stdout);
        return kExitOk;
    }
    auto loop = PeerLoop::create(std::move(command->options), std::cout, std::cerr);
    if (!loop) {
        std::fprintf(stderr, "ipsec-lab peer: %s\n", loop.error().toString().c_str());
        return kExitFailed;
    }
    g_loop.store(loop->get());
    if (g_stopRequested) (*loop)->requestStop();
    const int code = (*loop)->run();
    g_loop.store(nullptr);
    return code;
}

} // namespace ipseclab::peer
