// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Shared by the inspector suites (tst_keysview, tst_replayview): driving a lab through the
// controller the way the window does, and screenshots kept under the build folder that must not
// come out blank.

#include <QCoreApplication>
#include <QDir>
#include <QImage>
#include <QSet>
#include <QTest>
#include <QWidget>

#include "lab/BuiltinScenarios.h"
#include "ui/common/EventSelection.h"
#include "ui/common/LabController.h"

namespace ipseclab::test {

// One inspector as the window docks it: its own controller and shared selection, shown at `size`.
template <class View>
struct InspectorRig {
    ui::LabController controller;
    ui::EventSelection selection;
    View view{controller, selection};

    explicit InspectorRig(QSize size) {
        view.resize(size);
        view.show();
    }
};

inline lab::Scenario scenario(const char* name) {
    auto s = lab::builtinScenario(name);
    if (!s) qFatal("%s", s.error().message.c_str());
    return *s;
}

// Loads `s` and waits until the views have heard of the new lab.
inline void load(ui::LabController& controller, lab::Scenario s) {
    controller.load(std::move(s));
    controller.waitForIdle();
}

// Runs to the designed end and delivers every event the worker reported to the views.
inline bool runToEnd(ui::LabController& controller) {
    controller.runToEnd();
    controller.waitForIdle();
    bool finished = false;
    controller.read([&finished](const lab::Lab& lab) { finished = lab.finished(); });
    return finished;
}

inline QString screenshotDir() {
    const QString dir = QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
    QDir().mkpath(dir);
    return dir;
}

// Grabs `widget` to <build>/tests/screenshots/<name>.png. Blank means one flat colour, or
// hardly anything drawn on the background: an empty or unpainted view.
inline QString grabNotBlank(QWidget& widget, const QString& name, QString* problem) {
    QCoreApplication::sendPostedEvents(); // pending layouts: labels sized to their new texts
    QCoreApplication::processEvents();
    const QImage image = widget.grab().toImage().convertToFormat(QImage::Format_RGB32);
    const QString path = screenshotDir() + "/" + name + ".png";
    if (!image.save(path)) {
        *problem = "cannot write " + path;
        return path;
    }
    QSet<QRgb> colours;
    qsizetype drawn = 0;
    const QRgb background = image.pixel(1, 1);
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2) {
            colours.insert(image.pixel(x, y));
            if (image.pixel(x, y) != background) ++drawn;
        }
    const double share = double(drawn) / (double(image.width() / 2) * double(image.height() / 2));
    if (colours.size() < 40 || share < 0.05)
        *problem =
            QString("%1 looks blank: %2 colours, %3% drawn").arg(path).arg(colours.size()).arg(share * 100, 0, 'f', 1);
    return path;
}

} // namespace ipseclab::test
