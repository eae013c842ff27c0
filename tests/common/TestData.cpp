// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "TestData.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace ipseclab::test {

QString vectorsDir() { return QStringLiteral(IPSECLAB_VECTORS_DIR); }
QString sourceDir() { return QStringLiteral(IPSECLAB_SOURCE_DIR); }

QStringList vectorSetNames() {
    QDir dir(vectorsDir());
    QStringList names;
    for (const QString& entry : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        if (QFile::exists(dir.filePath(entry + "/vector.json"))) names << entry;
    return names;
}

QJsonObject loadVector(const QString& setName) {
    QFile file(vectorsDir() + "/" + setName + "/vector.json");
    if (!file.open(QIODevice::ReadOnly)) qWarning("cannot open %s", qPrintable(file.fileName()));
    return QJsonDocument::fromJson(file.readAll()).object();
}

QJsonValue valueAt(const QJsonObject& root, const QString& path) {
    QJsonValue value(root);
    for (const QString& part : path.split('.')) {
        bool isIndex = false;
        const int index = part.toInt(&isIndex);
        value = isIndex ? value.toArray().at(index) : value.toObject().value(part);
    }
    return value;
}

Bytes hexAt(const QJsonObject& root, const QString& path) {
    const QString text = valueAt(root, path).toString();
    return fromHex(text.toStdString()).value_or(Bytes{});
}

Bytes hex(const char* text) {
    auto bytes = fromHex(text);
    if (!bytes) qFatal("bad hex in the test: %s", text);
    return *bytes;
}

QByteArray hexOf(ByteView bytes) { return QByteArray::fromStdString(toHex(bytes)); }

Bytes readFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    const QByteArray data = file.readAll();
    return Bytes(data.begin(), data.end());
}

} // namespace ipseclab::test
