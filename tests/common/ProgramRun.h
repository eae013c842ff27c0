// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// Runs ipsec-lab (or any program) to its end for the end-to-end tests: exit code and both outputs.

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace ipseclab::test {

struct ProgramRun {
    int exitCode = -1; // -1: crashed or timed out
    QString out;
    QString err;
};

inline ProgramRun runProgram(const QString& program, const QStringList& arguments, int timeoutMs = 120000,
                             const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    p.setProcessEnvironment(environment);
    p.start(program, arguments);
    ProgramRun r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace ipseclab::test
