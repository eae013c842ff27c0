// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The layers of docs/architecture.md, checked by their #include lines: no Qt under core/, no OpenSSL outside
// core/crypto, no include that points up a layer; inside ui/, the window uses the features, a
// feature uses itself and ui/common/, and common uses no feature. A failure names the file and the line.

#include <QDirIterator>
#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include "TestData.h"

namespace {

// What each layer may include from the project (itself included).
const QMap<QString, QSet<QString>> kAllowed = {
    {"base", {"base"}},
    {"crypto", {"base", "crypto"}},
    {"wire", {"base", "wire"}},
    {"capture", {"base", "wire", "capture"}},
    {"net", {"base", "wire", "net"}},
    {"ike", {"base", "wire", "crypto", "ike"}},
    {"ikev2", {"base", "wire", "crypto", "ikev2"}},
    {"ipsec", {"base", "wire", "crypto", "ipsec"}},
    {"lab", {"base", "wire", "crypto", "capture", "net", "ike", "ipsec", "lab"}},
    {"lesson", {"base", "wire", "crypto", "capture", "net", "ike", "ipsec", "lab", "lesson"}},
    {"classroom", {"base", "wire", "crypto", "capture", "net", "ike", "ipsec", "lab", "lesson", "classroom"}},
    {"page", {"base", "wire", "crypto", "capture", "net", "ike", "ipsec", "lab", "lesson", "classroom", "page"}},
    {"ui", {"base", "wire", "crypto", "capture", "net", "ike", "ipsec", "lab", "lesson", "classroom", "page", "ui"}},
    {"app",
     {"base", "wire", "crypto", "capture", "net", "ike", "ikev2", "ipsec", "lab", "lesson", "classroom", "page", "ui",
      "app"}},
};

// ui/'s folders: the window composes the features; the features know only themselves and common.
const QString kUiWindow = QStringLiteral("window");
const QString kUiCommon = QStringLiteral("common");
const QSet<QString> kUiFeatures = {"diagram", "packet", "keys", "replay", "lesson", "scenario", "log", "report"};

bool isUiFolder(const QString& folder) {
    return folder == kUiWindow || folder == kUiCommon || kUiFeatures.contains(folder);
}

// The folder of a file under ui/ ("packet" for ui/packet/PacketView.h), empty for one at ui/'s top.
QString uiFolderOf(const QString& relativePath) {
    const QStringList parts = relativePath.split('/');
    return parts.size() >= 3 && parts[0] == "ui" ? parts[1] : QString();
}

// Why a file under ui/ may not include `target` (a quoted include), empty if it may.
QString uiArrowViolation(const QString& relativePath, const QString& target) {
    const QString from = uiFolderOf(relativePath);
    if (!target.contains('/'))
        return target.endsWith(".moc") ? QString()
                                       : "\"" + target + "\" without its folder (write \"ui/<folder>/" + target + "\")";
    if (!target.startsWith("ui/")) return {};
    const QString to = target.section('/', 1, 1);
    if (!isUiFolder(to) || target.count('/') != 2) return "\"" + target + "\" is not in one of ui/'s folders";
    if (from.isEmpty() || from == to || from == kUiWindow || to == kUiCommon) return {};
    if (to == kUiWindow) return "\"" + target + "\" points from ui/" + from + " up to the window";
    if (from == kUiCommon) return "\"" + target + "\" points from ui/common to the feature " + to;
    return "\"" + target + "\" points from the feature " + from + " to the feature " + to +
           " (move what both need to ui/common, or let the window connect them)";
}

// A file under ui/ that sits outside its folders, empty if it is in one.
QString uiPlacementViolation(const QString& relativePath) {
    if (!relativePath.startsWith("ui/")) return {};
    const QString folder = uiFolderOf(relativePath);
    if (isUiFolder(folder)) return {};
    QStringList features = kUiFeatures.values();
    features.sort();
    return relativePath + ": outside ui/'s folders (" + kUiWindow + ", " + kUiCommon + ", " + features.join(", ") + ")";
}

// The layer a source file belongs to, from its path relative to the source root.
QString layerOf(const QString& relativePath) {
    const QStringList parts = relativePath.split('/');
    if (parts.size() >= 3 && parts[0] == "core") return parts[1];
    return parts[0];
}

// Every violation in one file, as "path:line: reason".
QStringList violations(const QString& relativePath, const QString& content) {
    static const QRegularExpression include(R"(^\s*#\s*include\s*([<"])([^>"]+)[>"])");
    static const QRegularExpression qtHeader(R"(^(Q[A-Z]\w*|Qt\w*/.*|Qt\w+|qcustomplot\.h)$)");
    const QString layer = layerOf(relativePath);
    const bool inCore = relativePath.startsWith("core/");
    QStringList found;
    const QStringList lines = content.split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        const auto match = include.match(lines[i]);
        if (!match.hasMatch()) continue;
        const QString target = match.captured(2);
        const QString where = QStringLiteral("%1:%2: ").arg(relativePath).arg(i + 1);
        if (inCore && qtHeader.match(target).hasMatch())
            found << where + "Qt header <" + target + "> under core/ (the core knows no screen)";
        if (target.startsWith("openssl/") && layer != "crypto")
            found << where + "OpenSSL header <" + target + "> outside core/crypto (" + layer +
                         " must go through the crypto layer)";
        const QString targetLayer = target.section('/', 0, 0);
        if (match.captured(1) == "\"" && target.contains('/') && kAllowed.contains(targetLayer) &&
            !kAllowed.value(layer).contains(targetLayer))
            found << where + "\"" + target + "\" points from layer " + layer + " to layer " + targetLayer +
                         ", which it may not use";
        if (layer == "ui" && match.captured(1) == "\"")
            if (const QString arrow = uiArrowViolation(relativePath, target); !arrow.isEmpty()) found << where + arrow;
    }
    return found;
}

} // namespace

class TestLayering : public QObject {
    Q_OBJECT
private slots:
    void checkerCatchesViolations_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("content");
        QTest::addColumn<int>("expected");
        QTest::newRow("Qt in core") << "core/wire/X.cpp"
                                    << "#include <QString>\n"
                                    << 1;
        QTest::newRow("QtCore path in core") << "core/ike/X.h"
                                             << "#include <QtCore/QObject>\n"
                                             << 1;
        QTest::newRow("OpenSSL in ui") << "ui/View.cpp"
                                       << "#include <openssl/evp.h>\n"
                                       << 1;
        QTest::newRow("OpenSSL in ike") << "core/ike/Keymat.cpp"
                                        << "  #  include <openssl/hmac.h>\n"
                                        << 1;
        QTest::newRow("wire includes crypto") << "core/wire/X.cpp"
                                              << "#include \"crypto/Prf.h\"\n"
                                              << 1;
        QTest::newRow("core includes ui") << "core/lab/Lab.cpp"
                                          << "#include \"ui/MainWindow.h\"\n"
                                          << 1;
        QTest::newRow("ui includes app") << "ui/X.cpp"
                                         << "#include \"app/Cli.h\"\n"
                                         << 1;
        QTest::newRow("allowed") << "core/ike/X.cpp"
                                 << "#include \"crypto/Prf.h\"\n#include \"wire/Isakmp.h\"\n#include <vector>\n"
                                 << 0;
        QTest::newRow("Qt in ui is fine") << "ui/X.cpp"
                                          << "#include <QWidget>\n#include \"lab/Lab.h\"\n"
                                          << 0;
        QTest::newRow("feature includes feature") << "ui/packet/X.cpp"
                                                  << "#include \"ui/diagram/SequenceDiagramView.h\"\n"
                                                  << 1;
        QTest::newRow("feature includes window") << "ui/lesson/X.cpp"
                                                 << "#include \"ui/window/MainWindow.h\"\n"
                                                 << 1;
        QTest::newRow("common includes feature") << "ui/common/X.h"
                                                 << "#include \"ui/log/LogView.h\"\n"
                                                 << 1;
        QTest::newRow("common includes window") << "ui/common/X.h"
                                                << "#include \"ui/window/DockContent.h\"\n"
                                                << 1;
        QTest::newRow("ui include without folder") << "ui/packet/X.cpp"
                                                   << "#include \"PacketModel.h\"\n"
                                                   << 1;
        QTest::newRow("ui include of no folder") << "ui/packet/X.cpp"
                                                 << "#include \"ui/widgets/Y.h\"\n"
                                                 << 1;
        QTest::newRow("ui include at ui's top") << "ui/window/X.cpp"
                                                << "#include \"ui/Y.h\"\n"
                                                << 1;
        QTest::newRow("feature uses itself and common")
            << "ui/packet/X.cpp"
            << "#include \"ui/packet/PacketModel.h\"\n#include \"ui/common/HexView.h\"\n#include \"X.moc\"\n"
            << 0;
        QTest::newRow("window uses features and common")
            << "ui/window/X.cpp"
            << "#include \"ui/packet/PacketDock.h\"\n#include \"ui/lesson/LessonPanel.h\"\n"
               "#include \"ui/common/LabController.h\"\n"
            << 0;
        QTest::newRow("app uses any of ui") << "app/main.cpp"
                                            << "#include \"ui/replay/ReplayView.h\"\n"
                                            << 0;
    }
    void checkerCatchesViolations() {
        QFETCH(QString, path);
        QFETCH(QString, content);
        QFETCH(int, expected);
        QCOMPARE(violations(path, content).size(), expected);
    }

    void checkerCatchesFilesOutsideUiFolders_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("outside");
        QTest::newRow("at ui's top") << "ui/View.cpp" << true;
        QTest::newRow("in no folder of ui") << "ui/widgets/View.cpp" << true;
        QTest::newRow("in a feature") << "ui/replay/ReplayView.cpp" << false;
        QTest::newRow("in common") << "ui/common/Throttle.h" << false;
        QTest::newRow("in the window") << "ui/window/MainWindow.h" << false;
        QTest::newRow("not ui") << "core/lab/Lab.h" << false;
    }
    void checkerCatchesFilesOutsideUiFolders() {
        QFETCH(QString, path);
        QFETCH(bool, outside);
        QCOMPARE(!uiPlacementViolation(path).isEmpty(), outside);
    }

    void sourceTreeRespectsLayers() {
        const QString root = ipseclab::test::sourceDir();
        QStringList all;
        int files = 0;
        for (const QString& top : {QStringLiteral("core"), QStringLiteral("ui"), QStringLiteral("app")}) {
            QDirIterator it(root + "/" + top, {"*.h", "*.hpp", "*.cpp"}, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                QFile file(path);
                QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable("cannot read " + path));
                const QString relativePath = path.mid(root.size() + 1);
                if (const QString placement = uiPlacementViolation(relativePath); !placement.isEmpty())
                    all << placement;
                all << violations(relativePath, QString::fromUtf8(file.readAll()));
                ++files;
            }
        }
        QVERIFY2(files > 0, "no source files found: wrong source directory?");
        QVERIFY2(all.isEmpty(), qPrintable("\n" + all.join('\n')));
    }
};

QTEST_APPLESS_MAIN(TestLayering)
#include "tst_layering.moc"
