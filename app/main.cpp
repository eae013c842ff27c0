// ipsec-lab: the window, or with no display (or --headless) the same decoding printed as text.

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

#include "DemoMessage.h"
#include "ui/MainWindow.h"

namespace {

bool haveDisplay() {
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
           qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

bool wantsHeadless(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        if (QByteArray(argv[i]) == "--headless") return true;
    return !haveDisplay();
}

void describeOptions(QCommandLineParser& parser) {
    parser.setApplicationDescription("IPsec Lab: a teaching lab for IKEv1 and ESP.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({"headless", "Print the decoding as text instead of opening a window."});
    parser.addOption({"screenshot", "Save a picture of the window to this PNG file and quit.", "file"});
    parser.addOption({"capture", "Decode Main Mode message 1 from this pcapng file.", "file",
                      QString::fromStdString(ipseclab::app::defaultDemoCapture())});
}

int runHeadless(const QCommandLineParser& parser) {
    const auto demo = ipseclab::app::loadMainModeMessage1(parser.value("capture").toStdString());
    if (!demo) {
        std::fprintf(stderr, "ipsec-lab: %s\n", demo.error().toString().c_str());
        return 1;
    }
    std::fputs(ipseclab::app::formatAnnotated(*demo).c_str(), stdout);
    return 0;
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
        parser.process(app);
        return runHeadless(parser);
    }

    QApplication app(argc, argv);
    QCommandLineParser parser;
    describeOptions(parser);
    parser.process(app);

    ipseclab::ui::MainWindow window;
    const auto demo = ipseclab::app::loadMainModeMessage1(parser.value("capture").toStdString());
    if (demo) {
        window.showMessage(QString::fromStdString(demo->description), demo->bytes, demo->annotations);
    } else {
        window.showProblem(QString::fromStdString(demo.error().toString()));
    }
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
