#include "peer/RunPeer.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "peer/PeerOptions.h"
#include "peer/PeerRunner.h"

namespace ipseclab::peer {

namespace {

std::atomic<PeerRunner*> g_runner{nullptr};
volatile std::sig_atomic_t g_stopRequested = 0;

extern "C" void onStopSignal(int) {
    g_stopRequested = 1;
    if (PeerRunner* runner = g_runner.load()) runner->requestStop();
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

int runPeer(int argc, char** argv) {
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
    auto runner = PeerRunner::create(std::move(command->options), std::cout, std::cerr);
    if (!runner) {
        std::fprintf(stderr, "ipsec-lab peer: %s\n", runner.error().toString().c_str());
        return kExitFailed;
    }
    g_runner.store(runner->get());
    if (g_stopRequested) (*runner)->requestStop();
    const int code = (*runner)->run();
    g_runner.store(nullptr);
    return code;
}

} // namespace ipseclab::peer
