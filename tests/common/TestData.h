// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Helpers shared by the test suites: the known-answer vector sets and hex fields in them.

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include "base/Bytes.h"
#include "base/Error.h"

namespace ipseclab::test {

QString vectorsDir();
QString sourceDir();
// The seven set names, sorted.
QStringList vectorSetNames();
// <set>/vector.json; fails the current test (QFAIL-style, via qFatal-free path) when unreadable.
QJsonObject loadVector(const QString& setName);
// The hex string at a '.'-separated path ("quick_mode.keys.encryption_initiator") as bytes;
// empty when the path is missing or null.
Bytes hexAt(const QJsonObject& root, const QString& path);
QJsonValue valueAt(const QJsonObject& root, const QString& path);
Bytes readFile(const QString& path);
// Hex written into a test as bytes; a typo in it stops the test run (qFatal) naming the text.
Bytes hex(const char* text);
// Bytes as lower-case hex, the form QCOMPARE prints readably.
QByteArray hexOf(ByteView bytes);

// The error of a failed Result as text, "" for a success: QVERIFY2 evaluates its message even when
// the check passes, so it must not touch error() unguarded.
template <typename T>
QString errorText(const Result<T>& result) {
    return result ? QString() : QString::fromStdString(result.error().toString());
}

} // namespace ipseclab::test
