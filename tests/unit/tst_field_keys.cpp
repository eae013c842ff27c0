// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// Field keys (wire/Field.h): every field registered once, every annotation of a lab run keyed by a
// registered field, and every key that claims to be Wireshark's checked against Wireshark itself —
// it exists in `tshark -G fields` with a type of the same kind, and on the exported capture of lab
// runs (Main Mode, Quick Mode, ESP, AH, NAT-T; ISAKMP and ESP decrypted with the key files we export) tshark's
// values of each such field, occurrence after occurrence, are ours. Filters built by
// wire::wiresharkFilter select their packet in tshark.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <set>

#include "lab/BuiltinScenarios.h"
#include "lab/Lab.h"
#include "lab/PacketAnnotations.h"
#include "wire/FieldRegistry.h"
#include "wire/Ikev2Codec.h"

using namespace ipseclab;

namespace {

const QString kTshark = QStringLiteral(TSHARK_EXECUTABLE);

#define SKIP_WITHOUT_TSHARK()                                                                                          \
    if (kTshark.isEmpty())                                                                                             \
        QSKIP("tshark is not installed (CMake found no tshark); install Debian's tshark to run this check");

// tshark with its own configuration folder (a user's profile cannot change what it shows).
QString runTshark(const QStringList& arguments, const QString& configDir) {
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert("WIRESHARK_CONFIG_DIR", configDir);
    process.setProcessEnvironment(environment);
    process.start(kTshark, arguments);
    if (!process.waitForFinished(60000)) {
        process.kill();
        qWarning("tshark did not finish");
        return {};
    }
    const QString err = QString::fromUtf8(process.readAllStandardError());
    if (process.exitCode() != 0 || err.contains("Error loading table")) qWarning("tshark failed: %s", qPrintable(err));
    return QString::fromUtf8(process.readAllStandardOutput());
}

// The value a field's bytes hold, written the way both sides can be compared: integers in decimal,
// byte strings as bare lowercase hex, addresses and strings as they are.
QString canonical(wire::FieldType type, QString text) {
    switch (type) {
    case wire::FieldType::Unsigned:
    case wire::FieldType::Hex: {
        bool ok = false;
        const qulonglong value = text.toULongLong(&ok, 0);
        return ok ? QString::number(value) : QStringLiteral("?") + text;
    }
    case wire::FieldType::Bytes: return text.remove(':').toLower();
    case wire::FieldType::Text:
        if (text.size() >= 2 && text.startsWith('"') && text.endsWith('"')) text = text.mid(1, text.size() - 2);
        return text;
    case wire::FieldType::Ipv4:
    case wire::FieldType::None: break;
    }
    return text;
}

// One captured frame and what we say about it: the packet's fields, then the decrypted ISAKMP
// payloads' (tshark counts occurrences in that order too).
struct Frame {
    std::size_t number = 0;
    std::string what;                                           // "WAN MM5 (encrypted)"
    std::vector<std::pair<const wire::Field*, QString>> values; // in order
    std::vector<QString> filters;                               // every filter our fields make
};

void addValues(Frame& frame, const wire::Annotations& annotations, ByteView bytes) {
    for (const wire::Annotation& a : annotations) {
        const wire::Field* field = wire::findRegisteredField(a.key);
        if (!field || !field->wireshark() || a.offset + a.length > bytes.size()) continue;
        const ByteView part = bytes.subspan(a.offset, a.length);
        if (const auto value = wire::filterValue(*field, part))
            frame.values.emplace_back(field, QString::fromStdString(*value));
        if (const auto filter = wire::wiresharkFilter(*field, part))
            frame.filters.push_back(QString::fromStdString(*filter));
    }
}

// A lab run to its end, its capture and key files written to `folder`; its frames with our values.
std::vector<Frame> runLab(const std::string& scenarioName, const QString& folder) {
    auto scenario = lab::builtinScenario(scenarioName);
    if (!scenario) return {};
    lab::LabOptions options;
    options.seed = 7;
    auto created = lab::Lab::create(std::move(*scenario), options);
    if (!created || !(*created)->runToEnd()) return {};
    const lab::Lab& run = **created;
    if (!run.exportCapture((folder + "/lab.pcapng").toStdString()) || !run.exportKeys((folder + "/keys").toStdString()))
        return {};
    std::vector<Frame> frames;
    for (const lab::LabEvent& e : run.timeline()) {
        const auto* packet = e.as<lab::PacketRecord>();
        if (!packet || packet->frame == 0) continue;
        Frame frame;
        frame.number = packet->frame;
        frame.what = std::string(lab::interfaceName(packet->interface)) + " " + e.id;
        addValues(frame, lab::dissect(*packet).annotations, packet->packet);
        // An ESP packet's decrypted part, as its receiver opened it (tshark decrypts with esp_sa).
        if (!packet->saName().empty() && packet->sequenceNumber())
            if (const lab::LabEvent* verdict = run.timeline().find(
                    "ESP." + packet->saName() + ".seq" + std::to_string(*packet->sequenceNumber()) + ".verdict"))
                if (const auto* r = verdict->as<lab::DataPlaneRecord>(); r && !r->cleartext().empty()) {
                    frame.what += " (ESP decrypted)";
                    addValues(frame, lab::dissectCleartext(*r).annotations, r->cleartext());
                }
        if (!packet->datagramId().empty())
            if (const lab::LabEvent* sent = run.timeline().datagram(packet->from, packet->datagramId()))
                if (const auto* d = sent->ike() ? sent->ike()->as<ike::DatagramInfo>() : nullptr; d && d->decrypted) {
                    frame.what += " (decrypted)";
                    addValues(frame, d->plaintextAnnotations(), d->plaintext);
                }
        frames.push_back(std::move(frame));
    }
    return frames;
}

// What tshark says about our frames' Wireshark fields, occurrence after occurrence, against ours.
struct TsharkComparison {
    QStringList problems; // all of them, not only the first
    QStringList keys;
    int compared = 0;
};

TsharkComparison compareWithTshark(const std::vector<Frame>& frames, const QString& capture, const QString& config,
                                   const QString& label) {
    TsharkComparison result;
    QStringList& keys = result.keys;
    for (const Frame& frame : frames)
        for (const auto& [field, value] : frame.values)
            if (!keys.contains(QString::fromUtf8(field->key.data(), qsizetype(field->key.size()))))
                keys << QString::fromUtf8(field->key.data(), qsizetype(field->key.size()));
    QStringList arguments{"-r", capture,        "-o", "esp.enable_encryption_decode:TRUE",
                          "-T", "fields",       "-E", "occurrence=a",
                          "-E", "aggregator=;", "-e", "frame.number"};
    for (const QString& key : keys) arguments << "-e" << key;
    const QString out = runTshark(arguments, config);
    std::map<std::size_t, QStringList> rows;
    for (const QString& line : out.split('\n', Qt::SkipEmptyParts)) {
        const QStringList columns = line.split('\t');
        rows[columns.value(0).toULongLong()] = columns.mid(1);
    }
    for (const Frame& frame : frames) {
        const QString where = QString("%1 frame %2 (%3)").arg(label).arg(frame.number).arg(frame.what.c_str());
        if (!rows.count(frame.number)) {
            result.problems << where + ": not in tshark's output";
            continue;
        }
        const QStringList& row = rows[frame.number];
        std::map<const wire::Field*, QStringList> ours;
        for (const auto& [field, value] : frame.values) ours[field] << canonical(field->type, value);
        for (const auto& [field, values] : ours) {
            const QString key = QString::fromUtf8(field->key.data(), qsizetype(field->key.size()));
            QStringList theirs;
            // tshark writes an empty byte field (an IKEv2 Notify without data) as <MISSING>; no annotation
            // covers zero bytes.
            for (const QString& v : row.value(int(keys.indexOf(key))).split(';', Qt::SkipEmptyParts))
                if (v.compare("<missing>", Qt::CaseInsensitive) != 0) theirs << canonical(field->type, v);
            if (theirs != values)
                result.problems << QString("%1: %2 is [%3] in tshark, [%4] here")
                                       .arg(where, key, theirs.join(", "), values.join(", "));
            result.compared += int(values.size());
        }
    }
    return result;
}

// The IKE messages of an IKEv2 vector set (tests/data/vectors-ikev2), each with our values: the
// clear message, then the payloads its SK payload holds (the vector's decrypted plaintext).
std::vector<Frame> ikev2VectorFrames(const QJsonObject& json) {
    std::vector<Frame> frames;
    const auto bytesOf = [](const QJsonValue& v) { return fromHex(v.toString().toStdString()).value_or(Bytes{}); };
    for (const QJsonValue m : json.value("messages").toArray()) {
        const QJsonObject message = m.toObject();
        Frame frame;
        frame.number = static_cast<std::size_t>(message.value("frame").toInt());
        frame.what = message.value("label").toString().toStdString() + " " +
                     message.value("exchange").toString().toStdString();
        const Bytes bytes = bytesOf(message.value("message"));
        wire::Annotations annotations;
        if (!wire::ikev2::decodeMessage(bytes, wire::Annotator(&annotations))) return {};
        addValues(frame, annotations, bytes);
        if (const QJsonObject sk = message.value("sk").toObject(); !sk.isEmpty()) {
            const Bytes inner = bytesOf(sk.value("inner_payloads"));
            wire::Annotations innerAnnotations;
            if (!wire::ikev2::decodePayloads(static_cast<wire::ikev2::PayloadType>(
                                                 sk.value("first_inner_payload").toInt()),
                                             inner, wire::Annotator(&innerAnnotations)))
                return {};
            frame.what += " (decrypted)";
            addValues(frame, innerAnnotations, inner);
        }
        frames.push_back(std::move(frame));
    }
    return frames;
}

// tshark's configuration with the key files the lab exported: it decrypts IKE and ESP.
QString configWithKeys(const QString& folder) {
    const QString config = folder + "/config";
    QDir().mkpath(config);
    for (const char* name : {"ikev1_decryption_table", "esp_sa"})
        QFile::copy(folder + "/keys/" + name, config + "/" + name);
    return config;
}

} // namespace

class TestFieldKeys : public QObject {
    Q_OBJECT

    // key -> tshark's type ("FT_UINT32"; "FT_PROTOCOL" for a protocol)
    QMap<QString, QString> m_tsharkFields;

private slots:
    void initTestCase() {
        if (kTshark.isEmpty()) return;
        QTemporaryDir dir;
        const QString out = runTshark({"-G", "fields"}, dir.path());
        for (const QString& line : out.split('\n')) {
            const QStringList c = line.split('\t');
            if (c.value(0) == "F" && c.size() > 3) m_tsharkFields.insert(c[2], c[3]);
            if (c.value(0) == "P" && c.size() > 2) m_tsharkFields.insert(c[2], "FT_PROTOCOL");
        }
        QVERIFY2(m_tsharkFields.size() > 1000, "tshark -G fields listed (almost) nothing");
    }

    // --- the registry (no tshark needed) ---------------------------------------------------------------
    void everyKeyRegisteredOnce() {
        std::set<std::string_view> keys;
        for (const wire::Field* f : wire::registeredFields()) {
            QVERIFY2(keys.insert(f->key).second, qPrintable(QString("registered twice: %1").arg(f->key.data())));
            QVERIFY2(!f->name.empty() && !f->meaning.empty(), f->key.data());
            // Ours: "ipseclab." + a protocol's abbreviation + "." + a lowercase name.
            if (!f->wireshark()) {
                const QString key = QString::fromUtf8(f->key.data(), qsizetype(f->key.size()));
                QVERIFY2(
                    QRegularExpression("^ipseclab\\.(eth|ip|udp|esp|ah|isakmp)\\.[a-z0-9_.]+$").match(key).hasMatch(),
                    qPrintable(key));
            }
        }
    }

    void everyAnnotationOfALabRunIsRegistered() {
        for (const char* name : {"main-quick", "aggressive", "nat", "ah", "esn-wrap", "no-proposal"}) {
            auto scenario = lab::builtinScenario(name);
            QVERIFY(scenario);
            lab::LabOptions options;
            options.seed = 1;
            auto created = lab::Lab::create(std::move(*scenario), options);
            QVERIFY(created);
            QVERIFY((*created)->runToEnd());
            std::size_t checked = 0;
            const auto check = [&](const wire::Annotations& annotations, const std::string& where) {
                for (const wire::Annotation& a : annotations) {
                    QVERIFY2(wire::findRegisteredField(a.key),
                             qPrintable(QString("%1 %2: %3 has key \"%4\", not registered")
                                            .arg(name, where.c_str(), a.path.c_str(), a.key.c_str())));
                    ++checked;
                }
            };
            for (const lab::LabEvent& e : (*created)->timeline()) {
                if (const auto* p = e.as<lab::PacketRecord>()) check(lab::dissect(*p).annotations, e.id);
                if (const auto* r = e.as<lab::DataPlaneRecord>()) {
                    check(lab::dissect(*r).annotations, e.id);
                    check(lab::dissectCleartext(*r).annotations, e.id);
                }
                if (const auto* d = e.ike() ? e.ike()->as<ike::DatagramInfo>() : nullptr) {
                    check(d->annotations(), e.id);
                    check(d->plaintextAnnotations(), e.id);
                }
                // A derivation names its datagram inputs by key too.
                if (const auto* v = e.ike() ? e.ike()->as<ike::Derivation>() : nullptr)
                    for (const ike::InputRef& input : v->inputs)
                        if (input.source.kind == ike::Source::Kind::Datagram)
                            QVERIFY2(wire::findRegisteredField(input.source.field),
                                     qPrintable(
                                         QString("%1 %2: input %3 names \"%4\"")
                                             .arg(name, e.id.c_str(), input.name.c_str(), input.source.field.c_str())));
            }
            QVERIFY(checked > 100);
        }
    }

    void filterValues() {
        namespace f = wire;
        const Bytes mid{0x22, 0x7c, 0x45, 0xd4};
        const wire::Field* messageId = wire::findRegisteredField("isakmp.messageid");
        QVERIFY(messageId);
        QCOMPARE(*wire::wiresharkFilter(*messageId, mid), std::string("isakmp.messageid == 0x227c45d4"));
        QCOMPARE(*wire::wiresharkFilter(*wire::findRegisteredField("udp.srcport"), Bytes{0x01, 0xf4}),
                 std::string("udp.srcport == 500"));
        QCOMPARE(*wire::wiresharkFilter(*wire::findRegisteredField("isakmp.ispi"), Bytes{0x0a, 0x1b, 0xff}),
                 std::string("isakmp.ispi == 0a:1b:ff"));
        QCOMPARE(*wire::wiresharkFilter(*wire::findRegisteredField("ip.src"), Bytes{10, 1, 0, 10}),
                 std::string("ip.src == 10.1.0.10"));
        // Bit fields: the masked bits, scaled as Wireshark counts them.
        QCOMPARE(*wire::wiresharkFilter(*wire::findRegisteredField("ip.hdr_len"), Bytes{0x45}),
                 std::string("ip.hdr_len == 20"));
        QCOMPARE(*wire::wiresharkFilter(*wire::findRegisteredField("ip.flags"), Bytes{0x40}),
                 std::string("ip.flags == 0x02"));
        // Ours are not Wireshark's: no filter.
        QVERIFY(!wire::wiresharkFilter(*wire::findRegisteredField("ipseclab.isakmp.payload.nonce"), Bytes{1}));
    }

    // --- against Wireshark ------------------------------------------------------------------------------
    void wiresharkKeysExistInTshark() {
        SKIP_WITHOUT_TSHARK();
        int checked = 0;
        for (const wire::Field* f : wire::registeredFields()) {
            if (!f->wireshark()) {
                QVERIFY2(!m_tsharkFields.contains(QString::fromUtf8(f->key.data(), qsizetype(f->key.size()))),
                         qPrintable(QString("%1 is ours but Wireshark has it: use Wireshark's").arg(f->key.data())));
                continue;
            }
            const QString key = QString::fromUtf8(f->key.data(), qsizetype(f->key.size()));
            QVERIFY2(m_tsharkFields.contains(key), qPrintable(key + " is not in tshark -G fields"));
            const QString type = m_tsharkFields.value(key);
            bool same = true;
            switch (f->type) {
            case wire::FieldType::Unsigned:
            case wire::FieldType::Hex: same = type.startsWith("FT_UINT"); break;
            case wire::FieldType::Bytes: same = type == "FT_BYTES" || type == "FT_ETHER"; break;
            case wire::FieldType::Ipv4: same = type == "FT_IPv4"; break;
            case wire::FieldType::Text: same = type == "FT_STRING"; break;
            case wire::FieldType::None: break; // containers, and values the lab does not compare (IPv6)
            }
            QVERIFY2(same, qPrintable(QString("%1 is %2 in tshark").arg(key, type)));
            ++checked;
        }
        qInfo("%d Wireshark keys found in tshark -G fields", checked);
    }

    void tsharkValuesAreOurs_data() {
        QTest::addColumn<QString>("scenario");
        for (const char* name : {"main-quick", "nat", "ah", "aggressive"}) QTest::newRow(name) << name;
    }
    void tsharkValuesAreOurs() {
        SKIP_WITHOUT_TSHARK();
        QFETCH(QString, scenario);
        QTemporaryDir dir;
        const std::vector<Frame> frames = runLab(scenario.toStdString(), dir.path());
        QVERIFY(frames.size() > 5);
        const QString config = configWithKeys(dir.path());

        const TsharkComparison result = compareWithTshark(frames, dir.filePath("lab.pcapng"), config, scenario);
        const QStringList& problems = result.problems;
        const int compared = result.compared;
        const QStringList& keys = result.keys;
        bool sawDecrypted = false, sawEsp = false, sawQuickMode = false;
        for (const Frame& frame : frames) {
            for (const auto& [field, value] : frame.values) {
                sawEsp |= field->key == "esp.sequence";
                sawQuickMode |= field->key == "isakmp.exchangetype" && value == "32";
            }
            sawDecrypted |= frame.what.find("(decrypted)") != std::string::npos;
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        if (scenario == "main-quick") QVERIFY(sawDecrypted && sawEsp && sawQuickMode);
        qInfo("%s: %d values of %lld Wireshark keys equal tshark's over %zu frames", qPrintable(scenario), compared,
              static_cast<long long>(keys.size()), frames.size());
    }

    // The IKEv2 codec's Wireshark keys on the eight vectors-ikev2 captures, SK payloads decrypted by
    // tshark with the sets' ikev2_decryption_table lines.
    void ikev2VectorValuesAreTsharks_data() {
        QTest::addColumn<QString>("set");
        const QString dir = QString::fromUtf8(IPSECLAB_SOURCE_DIR) + "/tests/data/vectors-ikev2";
        for (const QString& name : QDir(dir).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
            QTest::newRow(qPrintable(name)) << dir + "/" + name;
    }
    void ikev2VectorValuesAreTsharks() {
        SKIP_WITHOUT_TSHARK();
        QFETCH(QString, set);
        QFile file(set + "/vector.json");
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        const std::vector<Frame> frames = ikev2VectorFrames(json);
        QVERIFY(frames.size() >= 6);
        QTemporaryDir dir;
        QFile table(dir.filePath("ikev2_decryption_table"));
        QVERIFY(table.open(QIODevice::WriteOnly));
        for (const QJsonValue line : json.value("wireshark").toObject().value("ikev2_decryption_table").toArray())
            table.write(line.toString().toUtf8() + "\n");
        table.close();
        const TsharkComparison result = compareWithTshark(frames, set + "/capture.pcapng", dir.path(), set);
        QVERIFY2(result.problems.isEmpty(), qPrintable(result.problems.join('\n')));
        QVERIFY(result.keys.contains("isakmp.ts.start_ipv4") && result.keys.contains("isakmp.tf.id.encr"));
        qInfo("%d values of %lld Wireshark keys equal tshark's over %zu messages", result.compared,
              static_cast<long long>(result.keys.size()), frames.size());
    }

    // The filters the inspector copies select their own frame.
    void copiedFiltersSelectTheirFrame() {
        SKIP_WITHOUT_TSHARK();
        QTemporaryDir dir;
        const std::vector<Frame> frames = runLab("main-quick", dir.path());
        QVERIFY(frames.size() > 5);
        const QString config = configWithKeys(dir.path());
        // One tshark run per frame: every distinct filter of the frame, each must match it.
        int checked = 0;
        for (const Frame& frame : frames) {
            if (frame.number > 12) break; // Main Mode, Quick Mode and the first ESP packets
            QStringList clauses;
            for (const QString& filter : frame.filters)
                if (!clauses.contains("(" + filter + ")")) clauses << "(" + filter + ")";
            const QString filter = QString("frame.number == %1 && %2").arg(frame.number).arg(clauses.join(" && "));
            const QString out = runTshark({"-r", dir.filePath("lab.pcapng"), "-o", "esp.enable_encryption_decode:TRUE",
                                           "-Y", filter, "-T", "fields", "-e", "frame.number"},
                                          config);
            if (out.trimmed() != QString::number(frame.number)) {
                // Which of them: one run per clause.
                QStringList failing;
                for (const QString& clause : clauses)
                    if (runTshark({"-r", dir.filePath("lab.pcapng"), "-o", "esp.enable_encryption_decode:TRUE", "-Y",
                                   QString("frame.number == %1 && %2").arg(frame.number).arg(clause), "-T", "fields",
                                   "-e", "frame.number"},
                                  config)
                            .trimmed() != QString::number(frame.number))
                        failing << clause;
                QFAIL(qPrintable(QString("frame %1 (%2): tshark -Y does not select it with %3")
                                     .arg(frame.number)
                                     .arg(frame.what.c_str(), failing.join(", "))));
            }
            checked += int(clauses.size());
        }
        qInfo("%d filters each selected their frame", checked);
    }
};

QTEST_APPLESS_MAIN(TestFieldKeys)
#include "tst_field_keys.moc"
