// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// ipsec-lab: the window, or with no display (or --headless) the lab run on the command line.
// Only the arguments are read here; core/lab/HeadlessRunner does the rest (README "Command line").

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QIcon>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>

#include "classroom/ClassCommand.h"
#include "classroom/ExpectedAnswers.h"
#include "classroom/LabCode.h"
#include "lab/AttackSpec.h"
#include "lab/BuiltinScenarios.h"
#include "lab/HeadlessRunner.h"
#include "lesson/LessonRunner.h"
#include "page/IllustratedLesson.h"
#include "page/IllustratedPage.h"
#include "peer/PeerCommand.h"
#include "ui/common/LabController.h"
#include "ui/lesson/LessonPanel.h"
#include "ui/replay/ReplayView.h"
#include "ui/window/MainWindow.h"
#include "ui/window/StudentSession.h"

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
        if (arg == "--headless" || arg == "--summary" || arg == "--html" || arg.startsWith("--html=") ||
            arg == "--list-scenarios" || arg == "--list-lessons" || arg == "--help" || arg == "-h" ||
            arg == "--help-all" || arg == "--version" || arg == "-v")
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
    parser.addOption(
        {"scenario", "A ready-made scenario (see --list-scenarios) or a scenario JSON file.", "name|file",
         QString::fromUtf8(ipseclab::lab::kDefaultScenario.data(), int(ipseclab::lab::kDefaultScenario.size()))});
    parser.addOption({"seed", "The seed of every random byte (default: the scenario's, else drawn and shown).", "N"});
    parser.addOption({"pcap", "Write the capture (pcapng: LAN A, WAN, LAN B) to this file.", "file"});
    parser.addOption({"html",
                      "Write the run as one self-contained web page (the Illustrated IPsec page) to this file; "
                      "with --lesson, the lesson's lab. The page includes the Diffie-Hellman private values and "
                      "the pre-shared key of the run.",
                      "file"});
    parser.addOption(
        {"keys", "Write ikev1_decryption_table and esp_sa (Wireshark's key files) into this folder.", "dir"});
    parser.addOption(
        {"traffic",
         "Send N echo requests from host A to host B (each answered); in transport mode from gateway A to gateway B.",
         "N"});
    parser.addOption({"attack", "An attack on the wire (repeatable); see the grammar above.", "spec"});
    parser.addOption({"summary",
                      "Run headless (implies --headless) and print only the header and the summary (attacks, counters, "
                      "outcome), keeping no history, so a long run (--traffic 1000000) takes constant memory."});
    parser.addOption({"list-scenarios", "List the ready-made scenarios: name<TAB>description."});
    parser.addOption(
        {"lesson",
         "Open a lesson (an id, its number, or a lesson file) beside the lab; with --headless, play it to its end.",
         "id|file"});
    parser.addOption(
        {"lessons-dir", "Where the lessons are (default: $IPSECLAB_LESSONS_DIR, else the built-in folder).", "dir"});
    parser.addOption({"list-lessons", "List the lessons: id<TAB>title."});
    parser.addOption({"teacher", "Teacher mode: the window's Teacher menu; with --headless --lesson, each question's "
                                 "answer. A convenience, not a lock."});
    parser.addOption({"code",
                      "A student's lab code (e.g. K7QF-92XD): its seed is the lab's and every lesson's; the "
                      "window records the answers for File › Hand in.",
                      "code"});
    parser.addOption({"card", "Window: open a student's lab card (the code, the name, the class's settings).", "file"});
    parser.addOption({"screenshot", "Save a picture of the window to this PNG file and quit.", "file"});
    // The window's own: where to open, for a class (or a screenshot) prepared in advance.
    parser.addOption({"steps", "Window: step N times once open, or run to the designed end.", "N|end"});
    parser.addOption({"lesson-step", "Window: with --lesson, go to the lesson's step N (1 is the first).", "N"});
    parser.addOption(
        {"select", "Window: select the last packet whose label starts with this (MM5, QM1, \"ESP seq 2\").", "label"});
    parser.addOption({"dock", "Window: show this inspector: packet, keys, replay, scenario or log.", "name"});
    parser.addOption({"theme", "Window: the light or dark palette (default: as last time).", "light|dark"});
    parser.addOption(
        {"size", "Window: open at this size in pixels (default: 1600x960, or maximized on a smaller screen).", "WxH"});
    parser.addOption(
        {"text-size", "Window: the text size in points (default: as last time), e.g. 16 for a projector.", "points"});
}

// Usage errors exit with 2 and say what is wrong (QCommandLineParser::process would exit with 1).
bool parseOrExplain(QCommandLineParser& parser, const QStringList& arguments) {
    if (!parser.parse(arguments)) {
        std::fprintf(stderr, "ipsec-lab: %s\nTry ipsec-lab --help.\n", qPrintable(parser.errorText()));
        return false;
    }
    // Options that contradict each other: a student's lab code fixes the seed and is no teacher's.
    const struct {
        const char* first;
        const char* second;
        const char* why;
    } clashes[] = {{"seed", "code", "a lab code sets the seed"},
                   {"seed", "card", "a lab card's code sets the seed"},
                   {"code", "card", "a lab card holds its code"},
                   {"teacher", "code", "a student's lab has no teacher mode"},
                   {"teacher", "card", "a student's lab has no teacher mode"},
                   {"summary", "lesson", "a lesson is played step by step, not summarized"},
                   {"summary", "html", "a summary keeps no history to draw the page from"}};
    for (const auto& clash : clashes)
        if (parser.isSet(clash.first) && parser.isSet(clash.second)) {
            std::fprintf(stderr, "ipsec-lab: %s: give --%s or --%s, not both\nTry ipsec-lab --help.\n", clash.why,
                         clash.first, clash.second);
            return false;
        }
    if (parser.isSet("lesson-step") && !parser.isSet("lesson")) {
        std::fprintf(
            stderr, "ipsec-lab: --lesson-step needs --lesson (the lesson whose step to open)\nTry ipsec-lab --help.\n");
        return false;
    }
    return true;
}

// --code: the seed it carries, or none with decodeLabCode's message on stderr.
std::optional<std::uint64_t> codeSeed(const QCommandLineParser& parser) {
    auto seed = ipseclab::classroom::decodeLabCode(parser.value("code").toStdString());
    if (!seed)
        std::fprintf(stderr, "ipsec-lab: --code %s: %s\n", qPrintable(parser.value("code")),
                     seed.error().message.c_str());
    return seed ? std::optional<std::uint64_t>(*seed) : std::nullopt;
}

template <typename T>
bool number(const QCommandLineParser& parser, const char* name, std::optional<T>& out, unsigned long long max) {
    if (!parser.isSet(name)) return true;
    bool ok = false;
    const unsigned long long value = parser.value(name).toULongLong(&ok);
    if (!ok || value > max) {
        std::fprintf(stderr, "ipsec-lab: --%s %s is not a number from 0 to %llu\n", name,
                     qPrintable(parser.value(name)), max);
        return false;
    }
    out = static_cast<T>(value);
    return true;
}

// --html: writes the Illustrated page of the lab at the end of the headless run.
ipseclab::lab::AtEnd htmlWriter(const QCommandLineParser& parser) {
    if (!parser.isSet("html")) return {};
    return [path = parser.value("html").toStdString()](const ipseclab::lab::Lab& lab, std::ostream& out,
                                                       std::ostream& err) {
        if (auto written = ipseclab::page::writeIllustratedPage(lab, path); !written) {
            err << "ipsec-lab: --html " << path << ": " << written.error().toString() << "\n";
            return false;
        }
        out << "  page: " << path << "\n";
        return true;
    };
}

// --lesson with --html: the lesson's page, its questions answerable in it; with --code, a Hand in too.
// The page and its answers come from the walk-through's own play: the lesson is played once.
void addLessonHtmlWriter(const QCommandLineParser& parser, ipseclab::lesson::HeadlessLessonOptions& lesson) {
    if (!parser.isSet("html")) return;
    std::optional<ipseclab::page::HandInIdentity> handIn;
    if (parser.isSet("code"))
        handIn = ipseclab::page::HandInIdentity{
            ipseclab::classroom::normalizeLabCode(parser.value("code").toStdString()).value_or(""), {}, {}, {}};
    const std::string app =
        (QCoreApplication::applicationName() + ' ' + QCoreApplication::applicationVersion()).toStdString();
    auto answers = std::make_shared<ipseclab::classroom::ExpectedAnswersRecorder>();
    lesson.stepSeen = [answers](const ipseclab::lesson::LessonPlayer& player,
                                const ipseclab::lesson::StepReport& reached) { answers->note(player, reached); };
    lesson.atEnd = [path = parser.value("html").toStdString(), handIn, app, answers, seed = lesson.seed](
                       const ipseclab::lesson::LessonPlayer& played, std::ostream& out, std::ostream& err) {
        const ipseclab::page::LessonPageOptions options{seed, handIn, std::nullopt, app, {}};
        auto written = answers->finish(played).and_then([&](std::vector<ipseclab::classroom::ExpectedAnswer> list) {
            return ipseclab::page::writeIllustratedLessonPage(played, std::move(list), path, options);
        });
        if (!written) {
            err << "ipsec-lab: --html " << path << ": " << written.error().toString() << "\n";
            return false;
        }
        if (auto glossary = ipseclab::page::lessonGlossary(played.lesson()); !glossary)
            err << "ipsec-lab: --html " << path << ": the page links no glossary terms: " << glossary.error().toString()
                << "\n";
        out << "  page: " << path << "\n";
        return true;
    };
}

int runCommandLine(QCommandLineParser& parser) {
    if (parser.isSet("help") || parser.isSet("help-all")) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    if (parser.isSet("version")) {
        std::printf("%s %s\n", qPrintable(QCoreApplication::applicationName()),
                    qPrintable(QCoreApplication::applicationVersion()));
        return 0;
    }
    if (parser.isSet("list-scenarios")) {
        std::fputs(ipseclab::lab::listScenarios().c_str(), stdout);
        return 0;
    }
    std::optional<std::string> lessonsDir;
    if (parser.isSet("lessons-dir")) lessonsDir = parser.value("lessons-dir").toStdString();
    if (parser.isSet("list-lessons")) return ipseclab::lesson::listLessons(lessonsDir, std::cout, std::cerr);
    if (!parser.positionalArguments().isEmpty()) {
        std::fprintf(stderr, "ipsec-lab: unexpected argument %s\nTry ipsec-lab --help.\n",
                     qPrintable(parser.positionalArguments().first()));
        return kExitBadInput;
    }
    if (parser.isSet("lesson")) {
        ipseclab::lesson::HeadlessLessonOptions lesson{parser.value("lesson").toStdString(), lessonsDir, std::nullopt,
                                                       parser.isSet("teacher")};
        if (!number(parser, "seed", lesson.seed, UINT64_MAX)) return kExitBadInput;
        if (parser.isSet("code") && !(lesson.seed = codeSeed(parser))) return kExitBadInput;
        addLessonHtmlWriter(parser, lesson); // with the seed the lesson is played with
        return ipseclab::lesson::runLessonHeadless(lesson, std::cout, std::cerr);
    }
    ipseclab::lab::HeadlessOptions options;
    options.scenario = parser.value("scenario").toStdString();
    if (!number(parser, "seed", options.seed, UINT64_MAX) ||
        !number(parser, "traffic", options.traffic, ipseclab::lab::kMaxTrafficCount))
        return kExitBadInput;
    if (parser.isSet("code") && !(options.seed = codeSeed(parser))) return kExitBadInput;
    if (parser.isSet("pcap")) options.pcapPath = parser.value("pcap").toStdString();
    if (parser.isSet("keys")) options.keysDir = parser.value("keys").toStdString();
    options.summaryOnly = parser.isSet("summary");
    options.atEnd = htmlWriter(parser);
    for (const QString& attack : parser.values("attack")) options.attacks.push_back(attack.toStdString());
    return ipseclab::lab::runHeadless(options, std::cout, std::cerr);
}

// Opens the scenario of the command line (or the last one used) and steps it as asked.
bool openLab(ipseclab::ui::MainWindow& window, const QCommandLineParser& parser) {
    std::optional<ipseclab::lab::Scenario> scenario;
    if (parser.isSet("scenario")) {
        auto resolved = ipseclab::lab::resolveScenario(parser.value("scenario").toStdString());
        if (!resolved) {
            std::fprintf(stderr, "ipsec-lab: %s\n", resolved.error().message.c_str());
            return false;
        }
        scenario = std::move(*resolved);
    }
    std::optional<std::uint64_t> seed;
    std::optional<std::uint32_t> traffic;
    if (!number(parser, "seed", seed, UINT64_MAX) ||
        !number(parser, "traffic", traffic, ipseclab::lab::kMaxWindowTrafficCount))
        return false;
    // --traffic and --attack change the scenario the window opens, as they change the headless run's.
    if (traffic || parser.isSet("attack")) {
        if (!scenario) scenario = *ipseclab::lab::builtinScenario(ipseclab::lab::kDefaultScenario);
        if (traffic) scenario->traffic.count = *traffic;
        for (const QString& text : parser.values("attack")) {
            auto attack = ipseclab::lab::AttackSpec::parse(text.toStdString());
            if (!attack) {
                std::fprintf(stderr, "ipsec-lab: --attack %s: %s\n", qPrintable(text), attack.error().message.c_str());
                return false;
            }
            scenario->attacks.push_back(std::move(*attack));
        }
    }
    window.start(std::move(scenario), seed);
    const QString steps = parser.value("steps");
    if (steps == "end") {
        window.controller().runToEnd();
    } else if (!steps.isEmpty()) {
        std::optional<std::uint32_t> count;
        if (!number(parser, "steps", count, 1000000)) return false;
        for (std::uint32_t i = 0; i < *count; ++i) window.controller().step();
    }
    return true;
}

// --code, --card and --teacher: a student's lab, or the teacher's window.
bool studentOptions(ipseclab::ui::MainWindow& window, const QCommandLineParser& parser) {
    std::optional<ipseclab::classroom::LabCard> card;
    QString problem;
    if (parser.isSet("card")) card = ipseclab::ui::StudentSession::readCard(parser.value("card"), &problem);
    if (parser.isSet("code")) {
        if (!codeSeed(parser)) return false;
        card = ipseclab::classroom::LabCard{};
        card->code = parser.value("code").toStdString();
    }
    if (card) window.openStudentLab(*card, &problem); // a --code was checked above: only a card fails here
    if (!problem.isEmpty()) {
        std::fprintf(stderr, "ipsec-lab: --card %s: %s\n", qPrintable(parser.value("card")), qPrintable(problem));
        return false;
    }
    if (parser.isSet("teacher")) window.setTeacherMode(true);
    return true;
}

// --size and --text-size: a window prepared for a screenshot, or for a classroom's projector.
bool windowOptions(ipseclab::ui::MainWindow& window, const QCommandLineParser& parser) {
    if (parser.isSet("size")) {
        const QStringList parts = parser.value("size").split(QLatin1Char('x'));
        const int width = parts.value(0).toInt();
        const int height = parts.size() == 2 ? parts[1].toInt() : 0;
        if (width < 200 || height < 200 || width > 10000 || height > 10000) {
            std::fprintf(stderr, "ipsec-lab: --size %s is not WIDTHxHEIGHT in pixels (e.g. 1366x768)\n",
                         qPrintable(parser.value("size")));
            return false;
        }
        window.fitTo(QSize(width, height));
    }
    if (parser.isSet("text-size")) {
        bool ok = false;
        const double points = parser.value("text-size").toDouble(&ok);
        if (!ok || points < 6 || points > 72) {
            std::fprintf(stderr, "ipsec-lab: --text-size %s is not a size from 6 to 72 points\n",
                         qPrintable(parser.value("text-size")));
            return false;
        }
        window.setTextSize(points);
    }
    return true;
}

} // namespace

int main(int argc, char** argv) {
    // `ipsec-lab peer ...` (app/peer): before any Qt application object, so no window and no display.
    if (argc > 1 && std::strcmp(argv[1], "peer") == 0) return ipseclab::peer::runPeerCommand(argc, argv);
    // `ipsec-lab class ...` (app/classroom): the same, a teacher's class set.
    if (argc > 1 && std::strcmp(argv[1], "class") == 0) return ipseclab::classcli::runClassCommand(argc, argv);

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
    // The desktop entry's id (installer/), so the desktop matches the window to its menu entry; the
    // icon from the icon theme once installed, else from the source tree.
    QGuiApplication::setDesktopFileName(QStringLiteral("org.ipseclab.IPsecLab"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("org.ipseclab.IPsecLab"), QIcon(IPSECLAB_SOURCE_ICON)));
    QCommandLineParser parser;
    describeOptions(parser);
    if (!parseOrExplain(parser, app.arguments())) return kExitBadInput;

    ipseclab::ui::MainWindow window;
    // A screenshot shows the defaults, and leaves the user's saved layout and settings alone.
    if (!parser.isSet("screenshot")) window.restoreSettings();
    if (parser.isSet("theme")) window.setTheme(ipseclab::ui::AppTheme::fromName(parser.value("theme")));
    if (!windowOptions(window, parser) || !studentOptions(window, parser)) return kExitBadInput;
    if (!openLab(window, parser)) return kExitBadInput;
    if (parser.isSet("lesson")) {
        std::optional<std::string> lessonsDir;
        if (parser.isSet("lessons-dir")) lessonsDir = parser.value("lessons-dir").toStdString();
        std::optional<std::uint64_t> seed; // the class's seed, as the Teacher menu sets it
        if (!number(parser, "seed", seed, UINT64_MAX)) return kExitBadInput;
        QString problem;
        if (!window.findChild<ipseclab::ui::LessonPanel*>()->openById(parser.value("lesson"), lessonsDir, &problem,
                                                                      seed)) {
            std::fprintf(stderr, "ipsec-lab: %s\n", qPrintable(problem));
            return kExitBadInput;
        }
        std::optional<std::uint32_t> step;
        if (!number(parser, "lesson-step", step, 1000)) return kExitBadInput;
        if (step && (*step < 1 || !window.findChild<ipseclab::ui::LessonPanel*>()->goTo(*step - 1))) {
            std::fprintf(stderr, "ipsec-lab: lesson %s has no step %u\n", qPrintable(parser.value("lesson")), *step);
            return kExitBadInput;
        }
        window.raiseDock(QStringLiteral("lesson"));
    }
    window.show();
    // Once the lab has done the steps asked for and the window has been laid out and painted.
    QTimer::singleShot(300, &window, [&window, &parser] {
        window.controller().waitForIdle();
        if (parser.isSet("select") && !window.selectPacket(parser.value("select")))
            std::fprintf(stderr, "ipsec-lab: no packet labelled %s yet\n", qPrintable(parser.value("select")));
        if (parser.isSet("dock") && !window.raiseDock(parser.value("dock")))
            std::fprintf(stderr, "ipsec-lab: no inspector called %s\n", qPrintable(parser.value("dock")));
        if (!parser.isSet("screenshot")) return;
        QTimer::singleShot(400, &window, [&window, path = parser.value("screenshot")] {
            // A picture shows where the packets landed, not packets still in flight.
            for (auto* replay : window.findChildren<ipseclab::ui::ReplayView*>()) replay->finishAnimations();
            QCoreApplication::processEvents(); // the labels those last texts widened are laid out again
            const bool saved = window.grab().save(path);
            if (!saved) std::fprintf(stderr, "ipsec-lab: cannot write %s\n", qPrintable(path));
            QCoreApplication::exit(saved ? 0 : 1);
        });
    });
    return app.exec();
}
