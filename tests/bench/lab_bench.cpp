// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// lab_bench: the lab at scale (issue 18). Runs `main-quick`, seed 3, with N echo requests to its end
// in-process (Lab::runToEnd, as `--headless` steps it, without printing the story) and prints, for
// N = 10,000 and 100,000 (and 1,000,000 with --1m):
//   - the time per echo, and the ratio (time per echo at 10k) / (time per echo at N): a lab linear
//     in time keeps it near 1 (aim for 1M: >= 0.8);
//   - the growth of the resident set while the run's lab is alive (peak, VmHWM, over the RSS before
//     it was created), per captured frame (LAN A, WAN, LAN B: six per echo in tunnel mode) and per
//     frame beyond the frames' own bytes (aim: <= 1 KiB);
//   - the pcapng export's throughput against plain fwrite of the same packet bytes, both to a file
//     in this run: the frames of a 10k run written by capture::PcapngWriter as `--pcap` streams
//     them (blocks, timestamps, comments) and by one fwrite per packet (aim: >= 0.5).
//   - for `--headless --summary` runs (runHeadless, a lab that keeps no history), run first while
//     the heap is fresh: the peak resident set of the 10k and 100k runs (and 1M) and their ratio,
//     and the growth per echo between them (aim: flat, ratio near 1).
// The reference is the 10k run of the same process: the best of three, so a slow moment elsewhere
// on the machine inflates the smaller run the least. Times are CPU time of the process (user +
// system: the packets really cross the loopback sockets), which a busy shared machine distorts less
// than wall time; wall time is printed beside it.
//
//   lab_bench [--1m] [--smoke | --summary-smoke]
//
// --smoke (the CTest run, label perf): 10k and 100k only; exit 1 unless the time per echo at 100k is
// within 2x of the one at 10k (loose on purpose: the machine is shared). --summary-smoke (CTest
// too): the --summary runs at 10k and 100k only; exit 1 unless the 100k run's peak RSS is within
// 1.2x of the 10k run's (a lab that kept 100 bytes per echo would exceed it). Build it in Release or
// RelWithDebInfo; a Debug or sanitizer build measures the instrumentation.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <malloc.h>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "capture/PcapngWriter.h"
#include "lab/BuiltinScenarios.h"
#include "lab/HeadlessRunner.h"
#include "lab/Lab.h"

using namespace ipseclab;
using Clock = std::chrono::steady_clock;

namespace {

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "lab_bench: %s\n", what.c_str());
    std::exit(2);
}

// A line of /proc/self/status ("VmRSS:", "VmHWM:"), in KiB.
long statusKib(const std::string& key) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind(key, 0) == 0) return std::atol(line.c_str() + key.size());
    return -1;
}

// Resets VmHWM to the current RSS (Linux: "5" to clear_refs), so each run's peak is its own.
void resetPeak() { std::ofstream("/proc/self/clear_refs") << "5"; }

double cpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

struct Run {
    std::uint32_t echoes = 0;
    double cpu = 0;  // seconds
    double wall = 0; // seconds
    std::size_t frames = 0;
    std::size_t frameBytes = 0; // the captured packets' own bytes
    long rssGrowthKib = 0;      // peak RSS during the run over the RSS before it

    double cpuPerEcho() const { return cpu / echoes; }
};

Run run(std::uint32_t echoes) {
    auto scenario = lab::resolveScenario("main-quick");
    if (!scenario) die(scenario.error().message);
    lab::LabOptions options;
    options.seed = 3;
    options.trafficCount = echoes;
    Run r;
    r.echoes = echoes;
    malloc_trim(0); // what earlier runs freed goes back to the system, so it is not reused unseen
    resetPeak();
    const long rssBefore = statusKib("VmRSS:");
    const double cpuStart = cpuSeconds();
    const auto wallStart = Clock::now();
    {
        auto lab = lab::Lab::create(std::move(*scenario), options);
        if (!lab) die(lab.error().message);
        // Tunnel mode needs about three steps per echo (send, request, reply), plus the IKE exchanges.
        if (auto done = (*lab)->runToEnd(std::size_t{4} * echoes + 1000); !done) die(done.error().toString());
        r.cpu = cpuSeconds() - cpuStart;
        r.wall = std::chrono::duration<double>(Clock::now() - wallStart).count();
        r.rssGrowthKib = statusKib("VmHWM:") - rssBefore;
        const auto outcome = (*lab)->outcome();
        const lab::LabStatus status = (*lab)->status();
        if (!outcome || !outcome->asDesigned || status.echoReplies != echoes)
            die("the " + std::to_string(echoes) +
                "-echo run did not end as designed: " + (outcome ? outcome->sentence : std::string("no outcome")));
        r.frames = (*lab)->frameCount();
        for (const lab::LabEvent& e : (*lab)->timeline())
            if (const auto* p = e.as<lab::PacketRecord>(); p && p->frame != 0) r.frameBytes += p->packet.size();
    }
    return r;
}

void print(const Run& r, const Run& reference) {
    const double growth = static_cast<double>(r.rssGrowthKib) * 1024.0;
    std::printf("%9u echoes: %6.2f s CPU (%6.2f s wall), %6.1f us/echo, ratio 10k/this %.2f; "
                "RSS +%.0f MiB: %.0f B/frame (%zu frames), %.0f B/frame beyond its %.0f bytes\n",
                r.echoes, r.cpu, r.wall, r.cpuPerEcho() * 1e6, reference.cpuPerEcho() / r.cpuPerEcho(),
                growth / (1024.0 * 1024.0), growth / static_cast<double>(r.frames), r.frames,
                (growth - static_cast<double>(r.frameBytes)) / static_cast<double>(r.frames),
                static_cast<double>(r.frameBytes) / static_cast<double>(r.frames));
}

struct Frame {
    std::uint32_t interfaceId = 0;
    ByteView packet; // into the lab's timeline
    std::string comment;
};

// CPU seconds `write` takes, the best of five (the file system's cache and a busy machine vary).
template <typename Write>
double bestOfFive(Write write) {
    double best = 1e30;
    for (int i = 0; i < 5; ++i) {
        const double start = cpuSeconds();
        write();
        best = std::min(best, cpuSeconds() - start);
    }
    return best;
}

void exportRatio() {
    auto scenario = lab::resolveScenario("main-quick");
    if (!scenario) die(scenario.error().message);
    lab::LabOptions options;
    options.seed = 3;
    options.trafficCount = 10000;
    auto lab = lab::Lab::create(std::move(*scenario), options);
    if (!lab) die(lab.error().message);
    if (auto done = (*lab)->runToEnd(); !done) die(done.error().toString());
    std::vector<Frame> frames;
    std::size_t packetBytes = 0;
    for (const lab::LabEvent& e : (*lab)->timeline())
        if (const auto* p = e.as<lab::PacketRecord>(); p && p->frame != 0) {
            frames.push_back(Frame{static_cast<std::uint32_t>(p->interface), p->packet, p->comment});
            packetBytes += p->packet.size();
        }
    const std::string path = "/tmp/lab_bench." + std::to_string(getpid()) + ".out";
    const double pcapng = bestOfFive([&] {
        capture::PcapngWriter writer;
        for (const char* name : {"LAN A", "WAN", "LAN B"}) writer.addInterface(name);
        if (!writer.streamTo(path)) die("cannot write " + path);
        std::uint64_t micros = 0;
        for (const Frame& f : frames)
            if (!writer.addPacket(f.interfaceId, ++micros, f.packet, f.comment)) die("a frame was refused");
        if (!writer.finish()) die("cannot write " + path);
    });
    const double fileMb = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
    const double plain = bestOfFive([&] {
        std::FILE* file = std::fopen(path.c_str(), "wb");
        if (!file) die("cannot write " + path);
        for (const Frame& f : frames) std::fwrite(f.packet.data(), 1, f.packet.size(), file);
        if (std::fclose(file) != 0) die("cannot write " + path);
    });
    std::remove(path.c_str());
    const double mb = static_cast<double>(packetBytes) / 1e6;
    std::printf("pcapng export: %zu frames, %.1f MB of packets (%.1f MB as pcapng, with the comments): pcapng %.0f "
                "MB/s, fwrite %.0f MB/s of packets, ratio %.2f (aim >= 0.5)\n",
                frames.size(), mb, fileMb, mb / pcapng, mb / plain, plain / pcapng);
}

// A `--headless --summary` run: its peak resident set, absolute (what /usr/bin/time calls maximum
// resident set size) and over the RSS before it.
struct SummaryRun {
    std::uint32_t echoes = 0;
    double cpu = 0;
    long peakKib = 0;
    long growthKib = 0;
};

SummaryRun summaryRun(std::uint32_t echoes) {
    lab::HeadlessOptions options;
    options.seed = 3;
    options.traffic = echoes;
    options.summaryOnly = true;
    SummaryRun r;
    r.echoes = echoes;
    malloc_trim(0);
    resetPeak();
    const long rssBefore = statusKib("VmRSS:");
    const double cpuStart = cpuSeconds();
    std::ostringstream out, err;
    const int status = lab::runHeadless(options, out, err);
    r.cpu = cpuSeconds() - cpuStart;
    r.peakKib = statusKib("VmHWM:");
    r.growthKib = r.peakKib - rssBefore;
    const std::string replies = "echo requests " + std::to_string(echoes) + ", replies " + std::to_string(echoes);
    if (status != 0 || out.str().find(replies) == std::string::npos)
        die("the " + std::to_string(echoes) + "-echo --summary run did not end as designed:\n" + out.str() + err.str());
    return r;
}

void print(const SummaryRun& r, const SummaryRun& reference) {
    std::printf("%9u echoes --summary: %6.2f s CPU, %6.1f us/echo; peak RSS %.1f MiB (+%.1f MiB), ratio this/10k "
                "%.2f",
                r.echoes, r.cpu, r.cpu / r.echoes * 1e6, static_cast<double>(r.peakKib) / 1024.0,
                static_cast<double>(r.growthKib) / 1024.0,
                static_cast<double>(r.peakKib) / static_cast<double>(reference.peakKib));
    if (r.echoes != reference.echoes)
        std::printf(", %.1f B/echo beyond 10k",
                    static_cast<double>(r.peakKib - reference.peakKib) * 1024.0 / (r.echoes - reference.echoes));
    std::printf("\n");
}

// The --summary runs, at 10k and `sizes`; true when the 100k run's peak is within 1.2x of 10k's.
bool summaryRuns(const std::vector<std::uint32_t>& sizes) {
    const SummaryRun reference = summaryRun(10000);
    print(reference, reference);
    bool flat = true;
    for (const std::uint32_t n : sizes) {
        const SummaryRun r = summaryRun(n);
        print(r, reference);
        if (n == 100000) flat = static_cast<double>(r.peakKib) <= 1.2 * static_cast<double>(reference.peakKib);
    }
    return flat;
}

} // namespace

int main(int argc, char** argv) {
    bool million = false;
    bool smoke = false;
    bool summarySmoke = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--1m") million = true;
        else if (arg == "--smoke") smoke = true;
        else if (arg == "--summary-smoke") summarySmoke = true;
        else die("usage: lab_bench [--1m] [--smoke | --summary-smoke]");
    }
    std::vector<std::uint32_t> summarySizes{100000};
    if (million && !smoke && !summarySmoke) summarySizes.push_back(1000000);
    if (!smoke) {
        const bool flat = summaryRuns(summarySizes);
        if (summarySmoke) {
            std::printf("summary smoke: peak RSS at 100k %s within 1.2x of 10k\n", flat ? "is" : "is NOT");
            return flat ? 0 : 1;
        }
    }
    Run reference;
    for (int trial = 0; trial < 3; ++trial) {
        const Run r = run(10000);
        if (trial == 0 || r.cpu < reference.cpu) reference = r;
    }
    print(reference, reference);
    std::vector<std::uint32_t> sizes{100000};
    if (million && !smoke) sizes.push_back(1000000);
    bool linear = true;
    for (const std::uint32_t n : sizes) {
        const Run r = run(n);
        print(r, reference);
        if (n == 100000) linear = r.cpuPerEcho() <= 2.0 * reference.cpuPerEcho();
    }
    exportRatio();
    if (!smoke) return 0;
    std::printf("smoke: time per echo at 100k %s within 2x of 10k\n", linear ? "is" : "is NOT");
    return linear ? 0 : 1;
}
