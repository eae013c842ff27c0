// ipsec-lab: the window, or with no display (or --headless) the lab run on the command line.
// Only the arguments are read here; core/lab/HeadlessRunner does the rest (README "Command line").

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTimer>

#include <cstdio>
#include <iostream>

#include "lab/BuiltinScenarios.h"
#include "lab/HeadlessRunner.h"
#include "lab/Lab.h"
#include "ui/MainWindow.h"

namespace {

using ipseclab::lab::kExitBadInput;

bool haveDisplay() {
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
           qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

// Options that only make sense without a window.
bool wantsHeadless(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--headless" || arg == "--list-scenarios" || arg == "--help" || arg == "-h" || arg == "--help-all" ||
            arg == "--version" || arg == "-v")
            return true;
    }
    return !haveDisplay();
}

void describeOptions(QCommandLineParser& parser) {
    parser.setApplicationDescription(
        "IPsec Lab: a teaching lab for IKEv1 and ESP. Two peers on loopback negotiate a tunnel message by message; "
        "--headless runs a scenario to its end and prints every message, derived value and verdict.\n\n" +
        QString::fromStdString(ipseclab::lab::attackHelp()));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({"headless", "Run the scenario on the command line instead of opening a window."});
    parser.addOption({"scenario", "A ready-made scenario (see --list-scenarios) or a scenario JSON file.", "name|file",
                      QString::fromUtf8(ipseclab::lab::kDefaultScenario.data(), int(ipseclab::lab::kDefaultScenario.size()))});
    parser.addOption({"seed", "The seed of every random byte (default: the scenario's, else drawn and shown).", "N"});
    parser.addOption({"pcap", "Write the capture (pcapng: LAN A, WAN, LAN B) to this file.", "file"});
    parser.addOption({"keys", "Write ikev1_decryption_table and esp_sa (Wireshark's key files) into this folder.", "dir"});
    parser.addOption({"traffic", "Send N echo requests from host A to host B (each answered).", "N"});
    parser.addOption({"attack", "An attack on the wire (repeatable); see the grammar above.", "spec"});
    parser.addOption({"list-scenarios", "List the ready-made scenarios: name<TAB>description."});
    parser.addOption({"screenshot", "Save a picture of the window to this PNG file and quit.", "file"});
}

// Usage errors exit with 2 and say what is wrong (QCommandLineParser::process would exit with 1).
bool parseOrExplain(QCommandLineParser& parser, const QStringList& arguments) {
    if (parser.parse(arguments)) return true;
    std::fprintf(stderr, "ipsec-lab: %s\nTry ipsec-lab --help.\n", qPrintable(parser.errorText()));
    return false;
}

template <typename T>
bool number(const QCommandLineParser& parser, const char* name, std::optional<T>& out, unsigned long long max) {
    if (!parser.isSet(name)) return true;
    bool ok = false;
    const unsigned long long value = parser.value(name).toULongLong(&ok);
    if (!ok || value > max) {
        std::fprintf(stderr, "ipsec-lab: --%s %s is not a number from 0 to %llu\n", name, qPrintable(parser.value(name)), max);
        return false;
    }
    out = static_cast<T>(value);
    return true;
}

int runCommandLine(QCommandLineParser& parser) {
    if (parser.isSet("help") || parser.isSet("help-all")) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    if (parser.isSet("version")) {
        std::printf("%s %s\n", qPrintable(QCoreApplication::applicationName()), qPrintable(QCoreApplication::applicationVersion()));
        return 0;
    }
    if (parser.isSet("list-scenarios")) {
        std::fputs(ipseclab::lab::listScenarios().c_str(), stdout);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        std::fprintf(stderr, "ipsec-lab: unexpected argument %s\nTry ipsec-lab --help.\n",
                     qPrintable(parser.positionalArguments().first()));
        return kExitBadInput;
    }
    ipseclab::lab::HeadlessOptions options;
    options.scenario = parser.value("scenario").toStdString();
    if (!number(parser, "seed", options.seed, UINT64_MAX) || !number(parser, "traffic", options.traffic, 100000))
        return kExitBadInput;
    if (parser.isSet("pcap")) options.pcapPath = parser.value("pcap").toStdString();
    if (parser.isSet("keys")) options.keysDir = parser.value("keys").toStdString();
    for (const QString& attack : parser.values("attack")) options.attacks.push_back(attack.toStdString());
    return ipseclab::lab::runHeadless(options, std::cout, std::cerr);
}

// Until the lab's own views exist, the window shows Main Mode message 1 of a lab run, decoded.
void showFirstMessage(ipseclab::ui::MainWindow& window, const QCommandLineParser& parser) {
    auto scenario = ipseclab::lab::resolveScenario(parser.value("scenario").toStdString());
    if (!scenario) return window.showProblem(QString::fromStdString(scenario.error().message));
    ipseclab::lab::LabOptions options;
    if (parser.isSet("seed")) options.seed = parser.value("seed").toULongLong();
    auto lab = ipseclab::lab::Lab::create(std::move(*scenario), options);
    if (!lab) return window.showProblem(QString::fromStdString(lab.error().message));
    for (int i = 0; i < 10; ++i) {
        for (const auto& e : (*lab)->timeline()) {
            const auto* ike = e.ike();
            const auto* datagram = ike ? ike->as<ipseclab::ike::DatagramInfo>() : nullptr;
            if (!datagram || ike->kind != ipseclab::ike::EventKind::DatagramSent) continue;
            window.showMessage(QString::fromStdString(e.summary + " — " + ike->text), datagram->udpPayload,
                               datagram->annotations);
            return;
        }
        if (auto stepped = (*lab)->step(); !stepped || !*stepped) break;
    }
    window.showProblem("the lab sent no IKE message");
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication::setApplicationName("IPsec Lab");
    QCoreApplication::setOrganizationName("IPsec Lab");
    QCoreApplication::setApplicationVersion(IPSECLAB_VERSION);

    if (wantsHeadless(argc, argv)) {
        QCoreApplication app(argc, argv);
        QCommandLineParser parser;
        describeOptions(parser);
        if (!parseOrExplain(parser, app.arguments())) return kExitBadInput;
        return runCommandLine(parser);
    }

    QApplication app(argc, argv);
    QCommandLineParser parser;
    describeOptions(parser);
    if (!parseOrExplain(parser, app.arguments())) return kExitBadInput;

    ipseclab::ui::MainWindow window;
    showFirstMessage(window, parser);
    window.show();
    if (parser.isSet("screenshot")) {
        // Once the window has been laid out and painted.
        QTimer::singleShot(500, &window, [&window, path = parser.value("screenshot")] {
            const bool saved = window.grab().save(path);
            if (!saved) std::fprintf(stderr, "ipsec-lab: cannot write %s\n", qPrintable(path));
            QCoreApplication::exit(saved ? 0 : 1);
        });
    }
    return app.exec();
}
