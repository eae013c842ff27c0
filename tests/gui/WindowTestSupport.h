// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Driving the main window from a test: waiting until what was asked of the lab is done and shown.

#include <QCoreApplication>

#include "ui/common/LabController.h"
#include "ui/window/MainWindow.h"

namespace ipseclab::test {

// Waits for the lab's worker to finish what it was asked, then lets the window show it.
inline void settle(ui::MainWindow& window) {
    window.controller().waitForIdle();
    QCoreApplication::processEvents();
}

} // namespace ipseclab::test
