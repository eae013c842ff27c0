// The layers of DESIGN.md, checked by their #include lines: no Qt under core/, no OpenSSL outside
// core/crypto, no include that points up a layer. A failure names the file and the line.

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
    {"ipsec", {"base", "wire", "crypto", "ipsec"}},
    {"lab", {"base", "wire", "crypto", "capture", "net", "ike", "ipsec", "lab"}},
    {"lesson", {"base", "wire", "crypto", "capture", "net", "ike", "ipsec", "lab", "lesson"}},
    {"ui", {"base", "wire", "crypto", "capture", "net", "ike", "ipsec", "lab", "lesson", "ui"}},
    {"app", {"base", "wire", "crypto", "capture", "net", "ike", "ipsec", "lab", "lesson", "ui", "app"}},
};

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
        QTest::newRow("Qt in core") << "core/wire/X.cpp" << "#include <QString>\n" << 1;
        QTest::newRow("QtCore path in core") << "core/ike/X.h" << "#include <QtCore/QObject>\n" << 1;
        QTest::newRow("OpenSSL in ui") << "ui/View.cpp" << "#include <openssl/evp.h>\n" << 1;
        QTest::newRow("OpenSSL in ike") << "core/ike/Keymat.cpp" << "  #  include <openssl/hmac.h>\n" << 1;
        QTest::newRow("wire includes crypto") << "core/wire/X.cpp" << "#include \"crypto/Prf.h\"\n" << 1;
        QTest::newRow("core includes ui") << "core/lab/Lab.cpp" << "#include \"ui/MainWindow.h\"\n" << 1;
        QTest::newRow("ui includes app") << "ui/X.cpp" << "#include \"app/Cli.h\"\n" << 1;
        QTest::newRow("allowed") << "core/ike/X.cpp"
                                 << "#include \"crypto/Prf.h\"\n#include \"wire/Isakmp.h\"\n#include <vector>\n"
                                 << 0;
        QTest::newRow("Qt in ui is fine") << "ui/X.cpp" << "#include <QWidget>\n#include \"lab/Lab.h\"\n" << 0;
    }
    void checkerCatchesViolations() {
        QFETCH(QString, path);
        QFETCH(QString, content);
        QFETCH(int, expected);
        QCOMPARE(violations(path, content).size(), expected);
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
                all << violations(path.mid(root.size() + 1), QString::fromUtf8(file.readAll()));
                ++files;
            }
        }
        QVERIFY2(files > 0, "no source files found: wrong source directory?");
        QVERIFY2(all.isEmpty(), qPrintable("\n" + all.join('\n')));
    }
};

QTEST_APPLESS_MAIN(TestLayering)
#include "tst_layering.moc"
