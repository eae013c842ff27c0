// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// `ipsec-lab peer` against strongSwan's charon (issue 6): our initiator against charon's responder
// (recipes/scripts/charon-responder.sh) and charon's initiator against our responder
// (recipes/scripts/charon-initiator.sh, with swanctl files of our own), in network namespaces the
// scripts create, on 127.0.0.0/8 addresses only.
//
// Every case checks what a user would: the exchange completes on both sides (our --events, charon's
// log), our derived keys equal those charon logged (recipes/scripts/charon_keys.py), echo requests
// cross the tunnel with replies, and charon's SA counters equal ours; tshark decrypts the capture
// with OUR key files (--keys). The scripts' exit status is never the verdict.
//
// Each test function is its own CTest test (tests/CMakeLists.txt) with its own run folder and
// namespace names, and RESOURCE_LOCK ikelab. The tests need root and skip without it.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaMethod>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <optional>
#include <utility>

#include <unistd.h>

namespace {

const QString kRecipes = QStringLiteral(IPSECLAB_INTEROP_DIR "/recipes");
const QString kHere = QStringLiteral(IPSECLAB_INTEROP_DIR);
const QString kSwanctl = QStringLiteral(IPSECLAB_INTEROP_DIR "/swanctl");
const QString kRuns = QStringLiteral(IPSECLAB_INTEROP_RUNS_DIR);
const QString kPsk = QStringLiteral("interop-lab-psk");

QString readText(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(file.readAll());
}

void writeText(const QString& path, const QString& text) {
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate)) file.write(text.toUtf8());
}

struct ShellResult {
    int exitCode = -1;
    bool finished = false;
    QString output;
};

// Runs `script` with bash in `workDir`; ipsec-lab is on PATH. The output is also kept in `logPath`.
ShellResult shell(const QString& script, const QStringList& environment, int timeoutSeconds, const QString& workDir,
                  const QString& logPath) {
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("PATH", QFileInfo(QStringLiteral(IPSECLAB_EXECUTABLE)).absolutePath() + ":" + env.value("PATH"));
    for (const QString& assignment : environment) env.insert(assignment.section('=', 0, 0), assignment.section('=', 1));
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(workDir);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start("bash", {"-c", script});
    ShellResult result;
    result.finished = process.waitForFinished(timeoutSeconds * 1000);
    if (!result.finished) {
        process.terminate();
        if (!process.waitForFinished(10000)) process.kill();
        process.waitForFinished(5000);
    }
    result.exitCode = process.exitCode();
    result.output = QString::fromUtf8(process.readAll());
    if (!logPath.isEmpty()) writeText(logPath, result.output);
    return result;
}

QString quoted(const QString& word) { return "'" + QString(word).replace("'", "'\\''") + "'"; }

QString peerCommand(const QStringList& arguments) {
    QStringList words{"ipsec-lab", "peer"};
    for (const QString& a : arguments) words << quoted(a);
    return words.join(' ');
}

// ---------------------------------------------------------------- our events

struct Events {
    QList<QJsonObject> all;

    static Events read(const QString& path) {
        Events events;
        for (const QString& line : readText(path).split('\n', Qt::SkipEmptyParts))
            events.all << QJsonDocument::fromJson(line.toUtf8()).object();
        return events;
    }
    QList<QJsonObject> kind(const QString& kind) const {
        QList<QJsonObject> out;
        for (const QJsonObject& e : all)
            if (e.value("kind").toString() == kind) out << e;
        return out;
    }
    QJsonObject id(const QString& id) const {
        for (const QJsonObject& e : all)
            if (e.value("id").toString() == id) return e;
        return {};
    }
    QString failures() const {
        QStringList out;
        for (const QJsonObject& e : kind("Failure"))
            out << e.value("failure").toString() + ": " + e.value("sentence").toString();
        return out.join("; ");
    }
    int exitCode() const {
        const QJsonObject exit = id("peer.exit");
        return exit.isEmpty() ? -1 : exit.value("code").toInt(-1);
    }
};

// ---------------------------------------------------------------- charon's side

QJsonObject charonKeys(const QString& log) {
    QProcess process;
    process.start("/usr/bin/python3", {kRecipes + "/scripts/charon_keys.py", log});
    process.waitForFinished(30000);
    return QJsonDocument::fromJson(process.readAllStandardOutput()).object();
}

struct CharonCounter {
    QString direction; // charon's: "in" = what charon received
    qint64 bytes = 0;
    qint64 packets = 0;
};

// `swanctl --list-sas`: "    in  c1a2b3c4,    252 bytes,     3 packets,     0s ago"
QMap<QString, CharonCounter> charonCounters(const QString& sasOut) {
    static const QRegularExpression line(R"(^\s+(in|out)\s+([0-9a-f]{8})(?:_i|_o)?,\s+(\d+) bytes,\s+(\d+) packets)",
                                         QRegularExpression::MultilineOption);
    QMap<QString, CharonCounter> out;
    auto it = line.globalMatch(readText(sasOut));
    while (it.hasNext()) {
        const auto m = it.next();
        out.insert("0x" + m.captured(2),
                   CharonCounter{m.captured(1), m.captured(3).toLongLong(), m.captured(4).toLongLong()});
    }
    return out;
}

// ---------------------------------------------------------------- what every positive case checks

struct Expectation {
    QString mode = "main"; // ours
    QString ike;           // e.g. "aes256-sha256-modp2048"
    QString espSuite;      // our ChildSaInfo suite name, e.g. "ESP AES-128-GCM-16"
    QString pfs;           // "" or "modp2048" / "ecp256"
    QString charonIke;     // "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048"
    QString charonEsp;     // prefix of "ESP:AES_GCM_16_128/MODP_2048/NO_EXT_SEQ"
    int ourPings = 0;      // echo requests we send (answered)
    int charonPings = 0;   // echo requests charon's side sends (we answer)
    bool ikev2 = false;    // --ikev2: `ike` and `espSuite` are IKEv2 suite names (checkIkev2Established)
};

void checkEstablished(const Events& events, const QString& charonLog, const Expectation& x) {
    const auto ike = events.kind("IkeSaEstablished");
    QVERIFY2(!ike.isEmpty(), qPrintable("our peer established no IKE SA; failures: " + events.failures()));
    const QJsonObject sa = ike.last();
    QCOMPARE(sa.value("mode").toString(), x.mode);
    QCOMPARE(sa.value("suite").toObject().value("proposal").toString(), x.ike);
    const auto child = events.kind("ChildSaEstablished");
    QVERIFY2(!child.isEmpty(), qPrintable("our peer established no child SA; failures: " + events.failures()));
    QCOMPARE(child.last().value("suite").toString(), x.espSuite);
    QCOMPARE(child.last().value("udpEncapsulated").toBool(), true);
    const QJsonValue pfs = child.last().value("pfsGroup");
    QCOMPARE(pfs.isNull() ? QString() : pfs.toObject().value("token").toString(), x.pfs);

    const QString log = readText(charonLog);
    QVERIFY2(!log.isEmpty(), qPrintable("no charon log at " + charonLog));
    QVERIFY2(QRegularExpression(R"(IKE_SA \S+\[\d+\] established between)").match(log).hasMatch(),
             "charon's log shows no established IKE_SA");
    QVERIFY2(QRegularExpression(R"(CHILD_SA \S+\{\d+\} established with SPIs)").match(log).hasMatch(),
             "charon's log shows no established CHILD_SA");
    QVERIFY2(log.contains("selected proposal: " + x.charonIke), qPrintable("charon did not select " + x.charonIke));
    QVERIFY2(log.contains("selected proposal: " + x.charonEsp), qPrintable("charon did not select " + x.charonEsp));
}

QString derivedValue(const Events& events, const QString& id) { return events.id(id).value("value").toString(); }

// Our SKEYID*, Ka, g^xy and ESP keys against what charon logged (ike=4, chd=4).
void checkKeys(const Events& events, const QString& charonLog) {
    const QJsonObject charon = charonKeys(charonLog);
    const QJsonArray ikeSas = charon.value("ike_sas").toArray();
    QVERIFY2(!ikeSas.isEmpty(), "charon_keys.py found no IKE SA keys in charon's log");
    int compared = 0;
    for (const QJsonObject& established : events.kind("IkeSaEstablished")) {
        const QString cookie = established.value("initiatorCookie").toString();
        const QString prefix = established.value("id").toString().section("IKE.established", 0, 0);
        QJsonObject theirs;
        for (const QJsonValue& v : ikeSas)
            if (v.toObject().value("ispi").toString() == cookie) theirs = v.toObject();
        QVERIFY2(!theirs.isEmpty(), qPrintable("charon logged no keys for IKE SA " + cookie));
        for (const auto& [ours, charonName] :
             {std::pair{"SKEYID", "SKEYID"}, std::pair{"SKEYID_d", "SKEYID_d"}, std::pair{"SKEYID_a", "SKEYID_a"},
              std::pair{"SKEYID_e", "SKEYID_e"}, std::pair{"Ka", "encryption_key_Ka"}}) {
            const QString mine = derivedValue(events, prefix + ours);
            QVERIFY2(!mine.isEmpty(), qPrintable("no Derived event " + prefix + ours));
            QCOMPARE(mine, theirs.value(charonName).toString());
        }
        QCOMPARE(events.id(prefix + "g^xy").value("sharedSecret").toString(),
                 theirs.value("shared_Diffie_Hellman_secret").toString());
        ++compared;
    }
    QVERIFY(compared > 0);

    const QJsonArray espSas = charon.value("esp_sas").toArray();
    int espCompared = 0;
    for (const QJsonObject& child : events.kind("ChildSaEstablished"))
        for (const char* direction : {"inbound", "outbound"}) {
            const QJsonObject mine = child.value(direction).toObject();
            const QString spi = mine.value("spi").toString().mid(2);
            QJsonObject theirs;
            for (const QJsonValue& v : espSas)
                if (v.toObject().value("spi").toString() == spi) theirs = v.toObject();
            QVERIFY2(!theirs.isEmpty(), qPrintable("charon logged no keys for ESP SPI " + spi));
            QCOMPARE(mine.value("encryptionKey").toString(), theirs.value("encryption").toString());
            QCOMPARE(mine.value("integrityKey").toString(), theirs.value("integrity").toString());
            ++espCompared;
        }
    QVERIFY(espCompared >= 2);
}

void checkPings(const Events& events, const Expectation& x, const QString& charonPingOutput) {
    int replies = 0;
    static const QRegularExpression replyId(R"(^peer\.ping\.\d+\.reply$)");
    for (const QJsonObject& e : events.kind("PingReply"))
        if (replyId.match(e.value("id").toString()).hasMatch()) ++replies;
    QCOMPARE(replies, x.ourPings);
    if (x.ourPings > 0) QVERIFY2(!events.id("peer.ping.done").isEmpty(), "no peer.ping.done event");
    if (x.charonPings > 0) {
        QVERIFY2(events.kind("EchoRequestReceived").size() >= x.charonPings,
                 "our peer answered fewer echo requests than charon's side sent");
        const QString ping = readText(charonPingOutput);
        QVERIFY2(ping.contains(QString("%1 packets transmitted, %1 received").arg(x.charonPings)),
                 qPrintable("charon's side got no reply to every echo request:\n" + ping));
    }
}

// charon's `swanctl --list-sas` counters against our peer.counters events: what charon received on
// SPI X is what we sent on X, and the other way round.
void checkCounters(const Events& events, const QString& sasOut, qint64 packetsEachWay) {
    const auto charon = charonCounters(sasOut);
    QVERIFY2(charon.size() >= 2, qPrintable("no ESP counters in " + sasOut + ":\n" + readText(sasOut)));
    for (auto it = charon.begin(); it != charon.end(); ++it) {
        QJsonObject ours;
        for (const QJsonObject& e : events.kind("Counters"))
            if (e.value("spi").toString() == it.key()) ours = e;
        QVERIFY2(!ours.isEmpty(), qPrintable("our peer has no counters for SPI " + it.key()));
        QCOMPARE(ours.value("direction").toString(), it->direction == "in" ? QString("out") : QString("in"));
        QCOMPARE(qint64(ours.value("packets").toDouble()), it->packets);
        QCOMPARE(qint64(ours.value("bytes").toDouble()), it->bytes);
        QCOMPARE(it->packets, packetsEachWay);
    }
}

// tshark with OUR key files: phase 1 / Quick Mode decrypted, every ESP ICV correct, pings visible.
void checkTsharkWithOurKeys(const QString& pcap, const QString& keysDir, const QStringList& mustShow,
                            const QString& logPath, bool retransmitted, bool ikev2 = false) {
    const QString table = ikev2 ? "ikev2_decryption_table" : "ikev1_decryption_table";
    QVERIFY2(QFileInfo(keysDir + "/" + table).size() > 0, qPrintable("our " + table + " is empty"));
    QVERIFY2(QFileInfo(keysDir + "/esp_sa").size() > 0, "our esp_sa is empty");
    const ShellResult tshark =
        shell("exec tshark -r " + quoted(pcap) +
                  " -o esp.enable_encryption_decode:TRUE -o esp.enable_authentication_check:TRUE -V",
              {"WIRESHARK_CONFIG_DIR=" + keysDir}, 60, kHere, logPath);
    QVERIFY2(tshark.finished && tshark.exitCode == 0, qPrintable(tshark.output.left(2000)));
    const QString out = tshark.output;
    for (const QString& needle : mustShow + QStringList{"Echo (ping) request", "Echo (ping) reply", "> [correct]"})
        QVERIFY2(out.contains(needle),
                 qPrintable("tshark with our keys does not show \"" + needle + "\" (" + logPath + ")"));
    QVERIFY2(!out.contains("[incorrect, should be"), qPrintable("an ESP ICV is wrong with our keys (" + logPath + ")"));
    // Wireshark shows a retransmitted Quick Mode message as malformed (its IV chain moved on: interop
    // README, tshark gotchas), so only a run without retransmissions must be free of them.
    if (!retransmitted)
        QVERIFY2(!out.contains("Malformed Packet"), qPrintable("tshark shows a malformed packet (" + logPath + ")"));
}

// The peer under AddressSanitizer/UBSan (the asan build) reports on its stderr, which the recipes
// keep: a report fails the test even when the run otherwise looked right.
void checkNoSanitizerReport(const QString& peerOutput, const QString& where) {
    for (const char* marker : {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:"})
        QVERIFY2(!peerOutput.contains(marker), qPrintable(QString("sanitizer report in ") + where));
}

// A hexdump charon logged at level 4 ("Sk_ei secret => 16 bytes @ 0x..", then "   0: 52 02 A3 ..")
// as lower-case hex; "" when absent. The first one: each IKEv2 run has one IKE SA.
QString charonHexdump(const QString& log, const QString& name) {
    const int at = log.indexOf(name + " => ");
    if (at < 0) return {};
    static const QRegularExpression header(R"(=> (\d+) bytes)");
    const int length = header.match(log, at).captured(1).toInt();
    static const QRegularExpression row(R"(^.*\s+\d+: ((?:[0-9A-F]{2} ){1,16}))", QRegularExpression::MultilineOption);
    QString hex;
    auto it = row.globalMatch(log, log.indexOf('\n', at) + 1);
    while (hex.size() < 2 * length && it.hasNext()) hex += it.next().captured(1).remove(' ').toLower();
    return hex.left(2 * length);
}

// IKEv2: our IKE SA and child SA with the expected suites, charon's too; our SK_* equal charon's
// ("Sk_ei secret" ...), and our child keys equal charon's KEYMAT cut (charon_keys.py, by direction).
void checkIkev2Established(const Events& events, const QString& charonLog, const Expectation& x) {
    const auto ike = events.kind("IkeSaEstablished");
    QVERIFY2(!ike.isEmpty(), qPrintable("our peer established no IKE SA; failures: " + events.failures()));
    QCOMPARE(ike.last().value("suite").toObject().value("name").toString(), x.ike);
    const auto child = events.kind("ChildSaEstablished");
    QVERIFY2(!child.isEmpty(), qPrintable("our peer established no child SA; failures: " + events.failures()));
    const QJsonObject suite = child.last().value("suite").toObject();
    QCOMPARE(suite.value("encryption").toString() + "/" + suite.value("integrity").toString(), x.espSuite);
    const QString log = readText(charonLog);
    QVERIFY2(log.contains(QRegularExpression(R"(IKE_SA \S+\[\d+\] established between)")),
             "charon's log shows no established IKE_SA");
    QVERIFY2(log.contains(QRegularExpression(R"(CHILD_SA \S+\{\d+\} established with SPIs)")),
             "charon's log shows no established CHILD_SA");
    QVERIFY2(log.contains("selected proposal: " + x.charonIke), qPrintable("charon did not select " + x.charonIke));
    QVERIFY2(log.contains("selected proposal: " + x.charonEsp), qPrintable("charon did not select " + x.charonEsp));
    for (const char* key : {"SK_d", "SK_ai", "SK_ar", "SK_ei", "SK_er", "SK_pi", "SK_pr"}) {
        const QString theirs = charonHexdump(log, QString(key).replace("SK_", "Sk_") + " secret");
        if (theirs.isEmpty() && QString(key).startsWith("SK_a")) continue; // AES-GCM: no SK_a
        QVERIFY2(!theirs.isEmpty(), qPrintable(QString("charon logged no ") + key));
        QCOMPARE(derivedValue(events, key), theirs);
    }
    // charon's "initiator" keys protect initiator -> responder: our outbound when we initiated.
    const bool weInitiated = child.last().value("role").toString() == "initiator";
    int compared = 0;
    for (const QJsonValue& v : charonKeys(charonLog).value("esp_sas").toArray()) {
        const QJsonObject theirs = v.toObject();
        const bool iToR = theirs.value("dir").toString() == "initiator";
        const QJsonObject mine = child.last().value(iToR == weInitiated ? "outbound" : "inbound").toObject();
        QCOMPARE(mine.value("encryptionKey").toString(), theirs.value("encryption").toString());
        QCOMPARE(mine.value("integrityKey").toString(), theirs.value("integrity").toString(QString()));
        ++compared;
    }
    QCOMPARE(compared, 2);
}

// What tshark shows only once it decrypted with our keys: IKEv1 Quick Mode's IDs, IKEv2 IKE_AUTH's
// traffic selectors and identities.
QStringList decryptedNeedles(const Expectation& x) {
    if (!x.ikev2) return {"ID_IPV4_ADDR: 127.201.0.1", "ID_IPV4_ADDR: 127.202.0.1"};
    return {"Starting Addr: 127.201.0.1", "Starting Addr: 127.202.0.1", "ID_IPV4_ADDR: 127.0.0.2",
            "ID_IPV4_ADDR: 127.0.0.1"};
}

// IKEv2 (--ikev2), three echo requests each way: `connection` names charon's initiator in
// swanctl/ikev2-initiator.conf (responder cases).
Expectation ikev2BothWays(const QString& connection, const QString& ike, const QString& espSuite,
                          const QString& charonIke, const QString& charonEsp) {
    Expectation x{connection, ike, espSuite, "", charonIke, charonEsp, 3, 3};
    x.ikev2 = true;
    return x;
}

// What every completed run shows: established on both sides, equal keys, echo replies, equal counters.
void checkRun(const Events& events, const QString& charonDir, const Expectation& x, const QString& charonPingOutput) {
    if (x.ikev2) checkIkev2Established(events, charonDir + "/charon.log", x);
    else checkEstablished(events, charonDir + "/charon.log", x);
    if (QTest::currentTestFailed()) return;
    if (!x.ikev2) checkKeys(events, charonDir + "/charon.log");
    if (QTest::currentTestFailed()) return;
    checkPings(events, x, charonPingOutput);
    if (QTest::currentTestFailed()) return;
    checkCounters(events, charonDir + "/sas.out", x.ourPings + x.charonPings);
}

// The suite the README's recipes and charon's shipped configurations use.
Expectation aes128Sha1(int ourPings, int charonPings) {
    Expectation x;
    x.ike = "aes128-sha1-modp2048";
    x.espSuite = "ESP AES-128-CBC/HMAC-SHA1-96";
    x.charonIke = "IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_2048";
    x.charonEsp = "ESP:AES_CBC_128/HMAC_SHA1_96/NO_EXT_SEQ";
    x.ourPings = ourPings;
    x.charonPings = charonPings;
    return x;
}

// A case with three echo requests each way through the tunnel.
Expectation bothWays(const QString& mode, const QString& ike, const QString& espSuite, const QString& pfs,
                     const QString& charonIke, const QString& charonEsp) {
    return Expectation{mode, ike, espSuite, pfs, charonIke, charonEsp, 3, 3};
}

QString section(const QString& markdown, const QString& heading) {
    const int at = markdown.indexOf(heading);
    if (at < 0) return {};
    const int start = markdown.indexOf("```sh\n", at);
    const int end = markdown.indexOf("\n```", start + 6);
    if (start < 0 || end < 0) return {};
    return markdown.mid(start + 6, end - start - 6);
}

// ---------------------------------------------------------------- issue 17: an attacker on the path

// One run of relay-run.sh: our initiator, relay.py with `attack`, and our responder or charon (on
// 5500/5501, so the relay can hold 500/4500 in charon's namespace).
struct RelayRun {
    QString dir;
    bool charon = false;
    bool finished = false;
    QString rc; // our initiator's exit status
    Events initiator, responder, relay;
    QString charonLog;

    int relayed(const QString& event, const QString& field = {}, const QString& value = {}) const {
        int n = 0;
        for (const QJsonObject& e : relay.all)
            n += e.value("event").toString() == event && (field.isEmpty() || e.value(field).toString() == value);
        return n;
    }
    int dpdAcks() const {
        int n = 0;
        for (const QJsonObject& e : initiator.kind("Dpd")) n += e.value("step").toString() == "R-U-THERE-ACK received";
        return n;
    }
};

RelayRun relayRun(const QString& tag, bool charon, const QString& attack, const QStringList& initiatorArguments) {
    RelayRun r;
    r.dir = kRuns + "/" + tag;
    r.charon = charon;
    QString command = charon ? quoted(kRecipes + "/scripts/charon-responder.sh") + " -p 5500 -n 5501 -c " +
                                   quoted(kSwanctl + "/charon-responder.conf") + " -t 100 -- " +
                                   quoted(kHere + "/relay-run.sh") + " charon " + attack
                             : quoted(kHere + "/relay-run.sh") + " peer " + attack;
    if (!initiatorArguments.isEmpty()) command += " --";
    for (const QString& a : initiatorArguments) command += " " + quoted(a);
    QDir().mkpath(kRuns);
    const ShellResult result = shell(command, {"RUN=" + r.dir, (charon ? "NS_R=ikl" : "NS_P=ikl") + tag}, 220, kHere,
                                     kRuns + "/" + tag + ".log");
    r.finished = result.finished;
    r.rc = readText(r.dir + "/initiator.rc").trimmed();
    r.initiator = Events::read(r.dir + "/initiator.jsonl");
    r.responder = Events::read(r.dir + "/responder.jsonl");
    r.relay = Events::read(r.dir + "/relay.jsonl");
    r.charonLog = readText(r.dir + "/R/charon.log");
    return r;
}

int matches(const QString& text, const QString& pattern) {
    int n = 0;
    for (auto it = QRegularExpression(pattern).globalMatch(text); it.hasNext(); it.next()) ++n;
    return n;
}

// The tunnel came up on both sides and carried our initiator's three pings (it exits 0 only then).
void checkTunnel(const RelayRun& r, const QString& what) {
    const QString where = " (" + what + ", " + r.dir + ")";
    QVERIFY2(r.finished, qPrintable("the run did not finish in time" + where));
    QVERIFY2(r.relayed("started") == 1, qPrintable("the relay did not start" + where));
    checkNoSanitizerReport(readText(r.dir + "/initiator.out"), r.dir + "/initiator.out");
    QVERIFY2(!r.initiator.kind("ChildSaEstablished").isEmpty(),
             qPrintable("our initiator established no child SA; failures: " + r.initiator.failures() + where));
    QVERIFY2(r.rc == "0" && r.initiator.exitCode() == 0,
             qPrintable("our initiator exited " + r.rc + "; failures: " + r.initiator.failures() + where));
    if (r.charon)
        QVERIFY2(matches(r.charonLog, R"(CHILD_SA \S+\{\d+\} established with SPIs)") >= 1,
                 qPrintable("charon's log shows no established CHILD_SA" + where));
    else
        QVERIFY2(!r.responder.kind("ChildSaEstablished").isEmpty(),
                 qPrintable("our responder established no child SA; failures: " + r.responder.failures() + where));
}

} // namespace

class TestInterop : public QObject {
    Q_OBJECT

    // The rows of a relay case: our own responder, and charon as the reference.
    static void responders() {
        ourResponderOnly();
        QTest::newRow("charon") << true;
    }
    static void ourResponderOnly() {
        QTest::addColumn<bool>("charon");
        QTest::newRow("ipsec-lab peer") << false;
    }

    // A relay case of the current row: the control run without the attack first (it must succeed,
    // three R-U-THERE-ACKs included when the initiator runs DPD), then the attack, which must have
    // injected `injections` datagrams and left the tunnel working.
    static void attackedRun(RelayRun& r, const QString& tag, const QString& attack, int injections,
                            const QStringList& initiatorArguments, const QString& what) {
        QFETCH(bool, charon);
        const QString t = tag + (charon ? "c" : "p");
        const RelayRun control = relayRun(t + "0", charon, "none", initiatorArguments);
        checkTunnel(control, "control for " + what);
        if (QTest::currentTestFailed()) return;
        if (initiatorArguments.contains("--dpd"))
            QVERIFY2(control.dpdAcks() >= 3,
                     qPrintable(
                         QString("the control run got %1 R-U-THERE-ACKs, not 3 or more").arg(control.dpdAcks())));
        if (QTest::currentTestFailed()) return;
        r = relayRun(t, charon, attack, initiatorArguments);
        QVERIFY2(r.relayed("inject", "attack", attack) == injections,
                 qPrintable(QString("the relay injected %1 datagrams, not %2")
                                .arg(r.relayed("inject", "attack", attack))
                                .arg(injections)));
        checkTunnel(r, what);
    }

    // Our initiator (peer-then-ping.sh: with --linger, charon's side pings back) against charon's
    // responder with our swanctl file.
    // `charonPorts` (e.g. 5500/5501, the README's optional -p/-n): charon off 500/4500, so our peer
    // binds 500 and 4500 itself (else it takes free ports next to charon's).
    void initiatorCase(const QString& tag, const QStringList& peerArguments, const Expectation& x,
                       std::optional<std::pair<int, int>> charonPorts = std::nullopt) {
        const QString run = kRuns + "/" + tag;
        const QString events = run + "/events.jsonl";
        const QString remote = charonPorts ? "127.0.0.1:" + QString::number(charonPorts->first) : "127.0.0.1";
        QStringList arguments{"--initiator",    "--local", "127.0.0.2",   "--remote",       remote,
                              "--psk",          kPsk,      "--local-ts",  "127.201.0.1/32", "--remote-ts",
                              "127.202.0.1/32", "--inner", "127.201.0.1", "--ping",         QString::number(x.ourPings),
                              "--linger",       "2",       "--events",    events,           "--keys",
                              run + "/keys"};
        arguments << peerArguments;
        QString ports;
        if (charonPorts) {
            arguments << "--remote-natt" << QString::number(charonPorts->second);
            ports = QString(" -p %1 -n %2").arg(charonPorts->first).arg(charonPorts->second);
        }
        const QString conf = x.ikev2 ? "/ikev2-responder.conf" : "/charon-responder.conf";
        const QString command = quoted(kRecipes + "/scripts/charon-responder.sh") + ports + " -c " +
                                quoted(kSwanctl + conf) + " -t 60 -- " + quoted(kHere + "/peer-then-ping.sh") + " " +
                                quoted(events) + " 127.202.0.1 127.201.0.1 " + QString::number(x.charonPings) + " -- " +
                                peerCommand(arguments);
        QDir().mkpath(kRuns);
        const ShellResult result = shell(command, {"RUN=" + run, "NS_R=ikl" + tag}, 150, kHere,
                                         kRuns + "/" + tag + ".log");
        QVERIFY2(result.finished, "the recipe did not finish in time");
        const Events e = Events::read(events);
        QVERIFY2(!e.all.isEmpty(), qPrintable("no events written; recipe output:\n" + result.output.right(3000)));
        checkNoSanitizerReport(result.output, kRuns + "/" + tag + ".log");
        QCOMPARE(e.exitCode(), 0);
        const QJsonObject started = e.id("peer.started");
        if (charonPorts) {
            QCOMPARE(started.value("ikePort").toInt(), 500);
            QCOMPARE(started.value("natTPort").toInt(), 4500);
        } else {
            QVERIFY2(!e.id("peer.port-fallback").isEmpty(), "charon holds 500 here: the peer should have said so");
        }
        checkRun(e, run + "/R", x, run + "/ping-to-peer.out");
        if (QTest::currentTestFailed()) return;
        checkTsharkWithOurKeys(run + "/lo.pcapng", run + "/keys", decryptedNeedles(x), run + "/tshark-our-keys.txt",
                               !e.kind("Retransmitted").isEmpty() || !e.kind("DuplicateIgnored").isEmpty(), x.ikev2);
    }

    // charon's initiator (our swanctl file, connection mm or am) against our responder, which pings
    // charon's side too.
    void responderCase(const QString& tag, const QString& conf, const QStringList& peerArguments,
                       const Expectation& x) {
        const QString run = kRuns + "/" + tag;
        const QString events = run + "/events.jsonl";
        QStringList arguments{"--responder",    "--local", "127.0.0.2",   "--remote",       "127.0.0.1",
                              "--psk",          kPsk,      "--local-ts",  "127.201.0.1/32", "--remote-ts",
                              "127.202.0.1/32", "--inner", "127.201.0.1", "--ping",         QString::number(x.ourPings),
                              "--events",       events,    "--keys",      run + "/keys"};
        arguments << peerArguments;
        const QString command = quoted(kRecipes + "/scripts/charon-initiator.sh") + " -m " +
                                (x.ikev2            ? x.mode
                                 : x.mode == "main" ? "mm"
                                                    : "am") +
                                " -c " + quoted(kSwanctl + "/" + conf) + " -t 60 -- " + peerCommand(arguments);
        QDir().mkpath(kRuns);
        const ShellResult result = shell(command, {"RUN=" + run, "NS_I=ikl" + tag}, 150, kHere,
                                         kRuns + "/" + tag + ".log");
        QVERIFY2(result.finished, "the recipe did not finish in time");
        const Events e = Events::read(events);
        QVERIFY2(!e.all.isEmpty(), qPrintable("no events written; recipe output:\n" + result.output.right(3000)));
        checkNoSanitizerReport(readText(run + "/peer.out"), run + "/peer.out");
        // Stopped by SIGTERM: Delete notifications, then exit 0.
        QCOMPARE(e.exitCode(), 0);
        // (IKEv2: the engine has no INFORMATIONAL exchange yet, so no Delete.)
        if (!x.ikev2) QVERIFY2(!e.kind("DeleteSent").isEmpty(), "our responder sent no Delete when stopped");
        checkRun(e, run + "/I", x, run + "/ping.out");
        if (QTest::currentTestFailed()) return;
        checkTsharkWithOurKeys(run + "/lo.pcapng", run + "/keys", decryptedNeedles(x), run + "/tshark-our-keys.txt",
                               !e.kind("Retransmitted").isEmpty() || !e.kind("DuplicateIgnored").isEmpty(), x.ikev2);
    }

    static void ikev2Suites() {
        QTest::addColumn<QString>("ike");
        QTest::addColumn<QString>("esp");
        QTest::addColumn<QString>("connection");
        QTest::addColumn<QString>("ourIke");
        QTest::addColumn<QString>("ourEsp");
        QTest::addColumn<QString>("charonIke");
        QTest::addColumn<QString>("charonEsp");
        QTest::newRow("aes128-sha256-modp2048") << "aes128-sha256-modp2048"
                                                << "aes128-sha256"
                                                << "v2cbc"
                                                << "AES-128-CBC/HMAC-SHA-256-128/PRF-HMAC-SHA256/MODP-2048"
                                                << "AES-128-CBC/HMAC-SHA-256-128"
                                                << "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048"
                                                << "ESP:AES_CBC_128/HMAC_SHA2_256_128/NO_EXT_SEQ";
        QTest::newRow("aes128gcm16-prfsha256-ecp256") << "aes128gcm16-prfsha256-ecp256"
                                                      << "aes128gcm16"
                                                      << "v2gcm"
                                                      << "AES-128-GCM-16/PRF-HMAC-SHA256/ECP-256"
                                                      << "AES-128-GCM-16/none"
                                                      << "IKE:AES_GCM_16_128/PRF_HMAC_SHA2_256/ECP_256"
                                                      << "ESP:AES_GCM_16_128/NO_EXT_SEQ";
    }
private slots:
    void initTestCase() {
        // Each test function is a CTest test of its own (tests/CMakeLists.txt lists them): one left
        // off that list would never run.
        const QStringList registered = QStringLiteral(IPSECLAB_INTEROP_CASES).split(',');
        for (int i = metaObject()->methodOffset(); i < metaObject()->methodCount(); ++i) {
            const QMetaMethod m = metaObject()->method(i);
            const QString name = QString::fromLatin1(m.name());
            if (m.methodType() != QMetaMethod::Slot || name.startsWith("init") || name.startsWith("cleanup") ||
                name.endsWith("_data"))
                continue;
            QVERIFY2(registered.contains(name),
                     qPrintable(name + " is missing from the interop cases in tests/CMakeLists.txt"));
        }
        if (::geteuid() != 0)
            QSKIP("the interop tests need root: they create network namespaces and run strongSwan's charon "
                  "(CI runs them as root)");
        for (const char* tool : {"/usr/lib/ipsec/charon", "/usr/sbin/swanctl", "/usr/bin/tshark", "/usr/bin/python3"})
            QVERIFY2(QFileInfo::exists(tool),
                     qPrintable(QString(tool) + " is missing: run installer/deps.sh --test (strongSwan, tshark)"));
        QVERIFY2(QFileInfo::exists(QStringLiteral(IPSECLAB_EXECUTABLE)), IPSECLAB_EXECUTABLE " is not built");
        QVERIFY2(QFileInfo::exists(kRecipes + "/scripts/charon-responder.sh"), "the interop recipes are missing");
    }

    // ---- the interop README's two examples, exactly as written there (recipes/INTEROP.md)

    void readmeRecipeB() {
        const QString block = section(readText(kRecipes + "/INTEROP.md"), "### Recipe B");
        QVERIFY2(block.contains("scripts/charon-responder.sh") && block.contains("ipsec-lab peer --initiator"),
                 "Recipe B's command block was not found in recipes/INTEROP.md");
        QDir().mkpath(kRuns);
        const ShellResult result = shell(block, {}, 150, kRecipes, kRuns + "/readme-recipe-b.log");
        QVERIFY2(result.finished, "Recipe B did not finish in time");
        const QString run = "/tmp/ikelab-r"; // the script's default RUN, as the README's second command reads it
        const Events e = Events::read(run + "/events.jsonl");
        QVERIFY2(!e.all.isEmpty(), qPrintable("no events; output:\n" + result.output.right(3000)));
        checkNoSanitizerReport(result.output, kRuns + "/readme-recipe-b.log");
        QCOMPARE(e.exitCode(), 0);
        checkRun(e, run + "/R", aes128Sha1(3, 0), {});
        if (QTest::currentTestFailed()) return;
        // The README's second command: tshark decrypts with the keys charon logged.
        const QString& out = result.output;
        for (const char* needle : {"ID_IPV4_ADDR: 127.0.0.2", "ID_IPV4_ADDR: 127.201.0.1", "Echo (ping) request",
                                   "Echo (ping) reply", "<HMAC-SHA-1-96 [RFC2404]> [correct]"})
            QVERIFY2(out.contains(needle), qPrintable(QString("tshark-decrypt.sh does not show \"") + needle + "\""));
        QVERIFY(!out.contains("[incorrect, should be"));
    }

    void readmeRecipeC() {
        const QString block = section(readText(kRecipes + "/INTEROP.md"), "### Recipe C");
        QVERIFY2(block.contains("scripts/charon-initiator.sh") && block.contains("ipsec-lab peer --responder"),
                 "Recipe C's command block was not found in recipes/INTEROP.md");
        QDir().mkpath(kRuns);
        const ShellResult result = shell(block, {}, 150, kRecipes, kRuns + "/readme-recipe-c.log");
        QVERIFY2(result.finished, "Recipe C did not finish in time");
        const QString run = "/tmp/ikelab-i";
        const Events e = Events::read(run + "/events.jsonl");
        QVERIFY2(!e.all.isEmpty(), qPrintable("no events; output:\n" + result.output.right(3000)));
        checkNoSanitizerReport(readText(run + "/peer.out"), run + "/peer.out");
        QCOMPARE(e.exitCode(), 0);
        QVERIFY2(result.output.contains("initiate completed successfully"), "charon's initiate did not complete");
        QVERIFY2(result.output.contains("=== charon ESP counters: in 3 pkts; out 3 pkts;"),
                 "charon's ESP counters are not 3 in, 3 out");
        checkRun(e, run + "/I", aes128Sha1(0, 3), run + "/ping.out");
    }

    // ---- our initiator, charon's responder

    void initiatorMainAes128Sha1PfsModp2048() {
        const Expectation x = bothWays("main", "aes128-sha1-modp2048", "ESP AES-128-CBC/HMAC-SHA1-96", "modp2048",
                                       "IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_2048",
                                       "ESP:AES_CBC_128/HMAC_SHA1_96/MODP_2048/NO_EXT_SEQ");
        initiatorCase("B1", {"--ike", "aes128-sha1-modp2048", "--esp", "aes128-sha1-modp2048"}, x);
    }

    void initiatorMainAes256Sha256() {
        const Expectation x = bothWays("main", "aes256-sha256-modp2048", "ESP AES-256-CBC/HMAC-SHA-256-128", "",
                                       "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048",
                                       "ESP:AES_CBC_256/HMAC_SHA2_256_128/NO_EXT_SEQ");
        // charon on 5500/5501 (the README's optional -p/-n): our peer sends from 500, which charon's
        // receiver needs when neither port is 500 (README "Port rule").
        initiatorCase("B2", {"--ike", "aes256-sha256-modp2048", "--esp", "aes256-sha256"}, x, std::pair{5500, 5501});
    }

    void initiatorAggressiveEcp256Gcm16PfsEcp256() {
        const Expectation x = bothWays("aggressive", "aes128-sha256-ecp256", "ESP AES-128-GCM-16", "ecp256",
                                       "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256",
                                       "ESP:AES_GCM_16_128/ECP_256/NO_EXT_SEQ");
        initiatorCase("B3",
                      {"--mode", "aggressive", "--id", "initiator.lab", "--remote-id", "responder.lab", "--ike",
                       "aes128-sha256-ecp256", "--esp", "aes128gcm16-ecp256"},
                      x);
    }

    // ---- charon's initiator, our responder

    void responderMainAes128Sha1PfsModp2048() {
        const Expectation x = bothWays("main", "aes128-sha1-modp2048", "ESP AES-128-CBC/HMAC-SHA1-96", "modp2048",
                                       "IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_2048",
                                       "ESP:AES_CBC_128/HMAC_SHA1_96/MODP_2048/NO_EXT_SEQ");
        responderCase("C1", "initiator-mm-aes128-sha1-modp2048-esp-aes128-sha1-modp2048.conf",
                      {"--ike", "aes128-sha1-modp2048,aes256-sha256-modp2048,aes128-sha256-ecp256", "--esp",
                       "aes128-sha1-modp2048,aes256-sha256-modp2048"},
                      x);
    }

    void responderAggressiveAes256Sha256Gcm16PfsModp2048() {
        const Expectation x = bothWays("aggressive", "aes256-sha256-modp2048", "ESP AES-128-GCM-16", "modp2048",
                                       "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048",
                                       "ESP:AES_GCM_16_128/MODP_2048/NO_EXT_SEQ");
        responderCase("C2", "initiator-am-aes256-sha256-modp2048-esp-aes128gcm16-modp2048.conf",
                      {"--mode", "aggressive", "--id", "responder.lab", "--remote-id", "initiator.lab", "--ike",
                       "aes256-sha256-modp2048", "--esp", "aes128gcm16-modp2048"},
                      x);
    }

    void responderMainEcp256Aes256Sha256() {
        const Expectation x = bothWays("main", "aes128-sha256-ecp256", "ESP AES-256-CBC/HMAC-SHA-256-128", "",
                                       "IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256",
                                       "ESP:AES_CBC_256/HMAC_SHA2_256_128/NO_EXT_SEQ");
        responderCase("C3", "initiator-mm-aes128-sha256-ecp256-esp-aes256-sha256.conf",
                      {"--ike", "aes128-sha1-modp2048,aes128-sha256-ecp256", "--esp", "aes128gcm16,aes256-sha256"}, x);
    }

    // ---- negative interop

    // Against one charon responder: a wrong PSK, an IKE proposal mismatch and an ESP proposal
    // mismatch fail on both sides with the named failure; the next, correct exchange completes.
    // IKEv2 (issue 20 point 4): ours against charon's swanctl version = 2, both directions, the
    // CBC/SHA-256/MODP-2048 and the GCM/ECP-256 suites.
    void ikev2Initiator_data() { ikev2Suites(); }
    void ikev2Initiator() {
        QFETCH(QString, ike);
        QFETCH(QString, esp);
        QFETCH(QString, ourIke);
        QFETCH(QString, ourEsp);
        QFETCH(QString, charonIke);
        QFETCH(QString, charonEsp);
        initiatorCase("V2I-" + QString(QTest::currentDataTag()).left(6), {"--ikev2", "--ike", ike, "--esp", esp},
                      ikev2BothWays("", ourIke, ourEsp, charonIke, charonEsp));
    }
    void ikev2Responder_data() { ikev2Suites(); }
    void ikev2Responder() {
        QFETCH(QString, connection);
        QFETCH(QString, ourIke);
        QFETCH(QString, ourEsp);
        QFETCH(QString, charonIke);
        QFETCH(QString, charonEsp);
        responderCase("V2R-" + connection, "ikev2-initiator.conf", {"--ikev2"},
                      ikev2BothWays(connection, ourIke, ourEsp, charonIke, charonEsp));
    }

    // A wrong PSK fails by name on both sides: AUTHENTICATION_FAILED in our events and charon's log.
    void ikev2WrongPsk() {
        // Our initiator with another key: charon refuses our AUTH.
        const QString run = kRuns + "/V2NI";
        const QString events = run + "/events.jsonl";
        const QString peer = peerCommand({"--ikev2", "--initiator", "--local", "127.0.0.2", "--remote", "127.0.0.1",
                                          "--psk", "not-the-lab-psk", "--local-ts", "127.201.0.1/32", "--remote-ts",
                                          "127.202.0.1/32", "--events", events, "--retransmit-timeout", "1",
                                          "--retransmit-tries", "2"});
        QDir().mkpath(kRuns);
        const ShellResult ours = shell(quoted(kRecipes + "/scripts/charon-responder.sh") + " -c " +
                                           quoted(kSwanctl + "/ikev2-responder.conf") + " -t 60 -- " + peer,
                                       {"RUN=" + run, "NS_R=iklV2NI"}, 150, kHere, kRuns + "/V2NI.log");
        QVERIFY2(ours.finished, "the recipe did not finish in time");
        const Events e = Events::read(events);
        QCOMPARE(e.exitCode(), 1);
        QVERIFY2(e.id("peer.exit").value("failure").toString().contains("AUTHENTICATION_FAILED"),
                 qPrintable("our initiator's failure: " + e.failures()));
        QCOMPARE(e.id("IKE_AUTH.failed").value("notify").toObject().value("name").toString(),
                 QString("AUTHENTICATION_FAILED"));
        const QString log = readText(run + "/R/charon.log");
        QVERIFY2(log.contains("N(AUTH_FAILED)"), "charon's log shows no AUTHENTICATION_FAILED sent");

        // charon's initiator with another key: our responder refuses its AUTH.
        const QString run2 = kRuns + "/V2NR";
        const QString events2 = run2 + "/events.jsonl";
        const QString responder = peerCommand({"--ikev2", "--responder", "--local", "127.0.0.2", "--remote",
                                               "127.0.0.1", "--psk", kPsk, "--local-ts", "127.201.0.1/32",
                                               "--remote-ts", "127.202.0.1/32", "--events", events2});
        const ShellResult theirs = shell(quoted(kRecipes + "/scripts/charon-initiator.sh") + " -m v2badpsk -c " +
                                             quoted(kSwanctl + "/ikev2-initiator.conf") + " -t 60 -- " + responder,
                                         {"RUN=" + run2, "NS_I=iklV2NR"}, 150, kHere, kRuns + "/V2NR.log");
        QVERIFY2(theirs.finished, "the recipe did not finish in time");
        const Events r = Events::read(events2);
        const QJsonObject failure = r.id("IKE_AUTH.failed");
        QVERIFY2(!failure.isEmpty(), qPrintable("our responder did not fail IKE_AUTH; failures: " + r.failures()));
        QCOMPARE(failure.value("notify").toObject().value("name").toString(), QString("AUTHENTICATION_FAILED"));
        QCOMPARE(r.kind("ChildSaEstablished").size(), 0);
        const QString log2 = readText(run2 + "/I/charon.log");
        QVERIFY2(log2.contains("received AUTHENTICATION_FAILED notify error"),
                 "charon's log shows no AUTHENTICATION_FAILED received");
    }

    void initiatorNegative() {
        const QString run = kRuns + "/NB";
        const QStringList common{"--initiator",
                                 "--local",
                                 "127.0.0.2",
                                 "--remote",
                                 "127.0.0.1",
                                 "--local-ts",
                                 "127.201.0.1/32",
                                 "--remote-ts",
                                 "127.202.0.1/32",
                                 "--retransmit-timeout",
                                 "1",
                                 "--retransmit-tries",
                                 "2"};
        const auto step = [&](const QString& name, const QStringList& arguments) {
            return peerCommand(common + arguments + QStringList{"--events", run + "/" + name + ".jsonl"}) +
                   "; echo $? > " + quoted(run + "/" + name + ".rc");
        };
        const QString cmd = step("wrong-psk", {"--psk", "wrong-psk"}) + "; " +
                            step("ike-mismatch", {"--psk", kPsk, "--ike", "aes128-md5-modp1024"}) + "; " +
                            step("esp-mismatch", {"--psk", kPsk, "--esp", "aes192-sha384"}) + "; " +
                            step("correct",
                                 {"--psk", kPsk, "--inner", "127.201.0.1", "--ping", "3", "--keys", run + "/keys"});
        const QString command = quoted(kRecipes + "/scripts/charon-responder.sh") + " -c " +
                                quoted(kSwanctl + "/charon-responder.conf") + " -t 90 -- sh -c " + quoted(cmd);
        QDir().mkpath(kRuns);
        const ShellResult result = shell(command, {"RUN=" + run, "NS_R=iklNB"}, 200, kHere, kRuns + "/NB.log");
        QVERIFY2(result.finished, "the recipe did not finish in time");
        const QString log = readText(run + "/R/charon.log");
        checkNoSanitizerReport(result.output, kRuns + "/NB.log");

        const Events psk = Events::read(run + "/wrong-psk.jsonl");
        QCOMPARE(readText(run + "/wrong-psk.rc").trimmed(), QString("1"));
        QCOMPARE(psk.exitCode(), 1);
        QVERIFY2(!psk.kind("Failure").isEmpty(), "no failure event for the wrong PSK");
        // charon cannot read our message 5 and answers with an encrypted PAYLOAD-MALFORMED that our
        // keys cannot read either: the engine names that a PSK mismatch, not a timeout.
        QCOMPARE(psk.kind("Failure").last().value("failure").toString(), QString("psk-mismatch"));
        QVERIFY2(log.contains("decryption failed?") && log.contains("message parsing failed"),
                 "charon's log does not show it failed to decrypt our message 5");

        // charon refuses MM1 with a NO-PROPOSAL-CHOSEN in clear, which proves nothing about who sent it
        // (issue 17): we retransmit MM1 and fail at our own timeout, naming that notify.
        const Events ike = Events::read(run + "/ike-mismatch.jsonl");
        QCOMPARE(readText(run + "/ike-mismatch.rc").trimmed(), QString("1"));
        QCOMPARE(ike.kind("Failure").size(), qsizetype(1));
        QCOMPARE(ike.kind("Failure").last().value("failure").toString(), QString("no-proposal-chosen"));
        QVERIFY2(ike.kind("Failure").last().value("text").toString().contains(
                     "said NO-PROPOSAL-CHOSEN in clear, which cannot be authenticated"),
                 qPrintable(ike.kind("Failure").last().value("text").toString()));
        QVERIFY2(!ike.kind("Retransmitted").isEmpty(), "MM1 was not retransmitted after the clear NO-PROPOSAL-CHOSEN");
        QVERIFY2(log.contains("received proposals: IKE:AES_CBC_128/HMAC_MD5_96/PRF_HMAC_MD5/MODP_1024") &&
                     log.contains("no proposal found"),
                 "charon's log does not show the IKE proposal mismatch");

        const Events esp = Events::read(run + "/esp-mismatch.jsonl");
        QCOMPARE(readText(run + "/esp-mismatch.rc").trimmed(), QString("1"));
        QVERIFY2(!esp.kind("IkeSaEstablished").isEmpty(), "phase 1 of the ESP mismatch run did not complete");
        QCOMPARE(esp.kind("Failure").last().value("failure").toString(), QString("no-proposal-chosen"));
        QVERIFY2(log.contains("received proposals: ESP:AES_CBC_192/HMAC_SHA2_384_192/NO_EXT_SEQ") &&
                     log.contains("no matching proposal found, sending NO_PROPOSAL_CHOSEN"),
                 "charon's log does not show the ESP proposal mismatch");

        const Events good = Events::read(run + "/correct.jsonl");
        QCOMPARE(readText(run + "/correct.rc").trimmed(), QString("0"));
        QCOMPARE(good.exitCode(), 0);
        checkRun(good, run + "/R", aes128Sha1(3, 0), {});
    }

    // ---- issue 17: an attacker on the path (relay.py between our initiator and a responder: our own
    // peer, or charon as the reference). Each case runs first without the attack (the control, which
    // must succeed), then with it.

    void relayForgedInformational_data() { responders(); }
    // Point 1: an Informational with the running Quick Mode's cookies and Message ID and random bytes,
    // to both ends right after QM1: the tunnel still comes up on both sides.
    void relayForgedInformational() {
        RelayRun r;
        attackedRun(r, "X1", "forged-info", 2, {}, "a forged Informational during Quick Mode");
    }

    void relayFakeQm2_data() { responders(); }
    // Point 2: a QM2 of random bytes reaches our initiator before the real one: it does not exit,
    // the exchange completes.
    void relayFakeQm2() {
        RelayRun r;
        attackedRun(r, "X2", "fake-qm2", 1, {}, "an undecryptable QM2 before the real one");
    }

    void relayJunkThenReplayedQm1_data() { ourResponderOnly(); }
    // Point 4: once Quick Mode is done, 40 junk Quick Mode datagrams with the IKE SA's cookies, then
    // the old QM1 again: no new Quick Mode at the responder. (Not against charon: 5.9.8 takes the
    // replayed QM1 for a rekey, "detected rekeying of CHILD_SA", and answers it with a new QM2.)
    void relayJunkThenReplayedQm1() {
        RelayRun r;
        attackedRun(r, "X3", "junk-replay", 41, {"--linger", "3"}, "40 junk datagrams, then QM1 replayed");
        if (QTest::currentTestFailed()) return;
        QCOMPARE(r.responder.kind("ChildSaEstablished").size(), qsizetype(1));
        int qm2 = 0;
        for (const QJsonObject& e : r.responder.kind("DatagramSent")) qm2 += e.value("label").toString() == "QM2";
        QVERIFY2(qm2 == 1,
                 qPrintable(QString("our responder sent %1 QM2s: the replayed QM1 started a new Quick Mode").arg(qm2)));
    }

    void relayReplayFromAnotherAddress_data() { ourResponderOnly(); }
    // Point 5: 40 junk Informationals, then our initiator's first R-U-THERE (an authenticated
    // Informational) replayed from another address: the responder does not move, nothing goes to
    // that address, DPD goes on. (Not against charon: 5.9.8 follows the replay, "remote endpoint
    // changed from 127.0.0.4[4500] to 127.0.0.5[4500]", and sends its next request there.)
    void relayReplayFromAnotherAddress() {
        RelayRun r;
        attackedRun(r, "X4", "replay-moved", 41, {"--dpd", "1", "--linger", "5"},
                    "an R-U-THERE replayed from another address");
        if (QTest::currentTestFailed()) return;
        QVERIFY2(r.relayed("to-alt") == 0,
                 qPrintable(QString("the responder sent %1 datagrams to the replay's address: it moved the peer")
                                .arg(r.relayed("to-alt"))));
        QVERIFY2(r.dpdAcks() >= 3, qPrintable(QString("only %1 R-U-THERE-ACKs came back").arg(r.dpdAcks())));
    }

    // Issue 17's ike-scan probe: our responder started without --ike accepts aes128-sha1-modp2048 and
    // aes256-sha256-modp2048 (charon's default set) and refuses des-md5-modp768 with NO-PROPOSAL-CHOSEN.
    void ikeScanProbeDefaultProposals() {
        const QString run = kRuns + "/S";
        QDir().mkpath(kRuns);
        const ShellResult result = shell(quoted(kHere + "/ike-scan-probe.sh"), {"RUN=" + run, "NS_S=iklS"}, 120, kHere,
                                         kRuns + "/S.log");
        QVERIFY2(result.finished, "the probe did not finish in time");
        // ike-scan prints the chosen transform's attributes in the order they came, e.g.
        // "SA=(Enc=AES Hash=SHA1 Auth=PSK Group=14:modp2048 KeyLength=128 ...)".
        const auto accepted = [&](const QString& proposal, const QStringList& attributes) {
            const QString out = readText(run + "/" + proposal + ".out");
            bool all = out.contains("Main Mode Handshake returned");
            for (const QString& a : attributes) all = all && out.contains(a);
            QVERIFY2(all, qPrintable(proposal + " was not accepted:\n" + out));
        };
        accepted("aes128-sha1-modp2048", {"Enc=AES ", "KeyLength=128 ", "Hash=SHA1 ", "Group=14:modp2048 "});
        accepted("aes256-sha256-modp2048", {"Enc=AES ", "KeyLength=256 ", "Hash=SHA2-256 ", "Group=14:modp2048 "});
        const QString des = readText(run + "/des-md5-modp768.out");
        QVERIFY2(des.contains("NO-PROPOSAL-CHOSEN") && !des.contains("Handshake returned"),
                 qPrintable("des-md5-modp768 was not refused with NO-PROPOSAL-CHOSEN:\n" + des));
        const Events e = Events::read(run + "/responder.jsonl");
        QCOMPARE(e.kind("Failure").size(), qsizetype(1));
        QCOMPARE(e.kind("Failure").first().value("failure").toString(), QString("no-proposal-chosen"));
    }

    // One responder process against three charon initiations: a wrong PSK and an IKE proposal
    // mismatch fail on both sides with the named failure; the responder stays up and completes the
    // next, correct exchange.
    void responderNegative() {
        const QString run = kRuns + "/NC";
        const QString events = run + "/events.jsonl";
        const QString peer = peerCommand({"--responder", "--local", "127.0.0.2", "--remote", "127.0.0.1", "--psk", kPsk,
                                          "--local-ts", "127.201.0.1/32", "--remote-ts", "127.202.0.1/32", "--events",
                                          events, "--half-open", "10"});
        const QString command = quoted(kHere + "/charon-initiator-sequence.sh") + " -c " +
                                quoted(kSwanctl + "/initiator-negative.conf") +
                                " -t 90 -i badpsk:net -i badprop:net -i mm:net -- " + peer;
        QDir().mkpath(kRuns);
        const ShellResult result = shell(command, {"RUN=" + run, "NS_I=iklNC"}, 200, kHere, kRuns + "/NC.log");
        QVERIFY2(result.finished, "the recipe did not finish in time");
        const Events e = Events::read(events);
        QVERIFY2(!e.all.isEmpty(), qPrintable("no events; output:\n" + result.output.right(3000)));
        checkNoSanitizerReport(readText(run + "/peer.out"), run + "/peer.out");
        const QString log = readText(run + "/I/charon.log");

        // 1. wrong PSK: our responder cannot read MM5, which proves nothing about who sent it, so it
        // keeps waiting; charon gives up, and at the half-open timeout (10 s) we name the likely cause.
        const QJsonObject psk = e.id("failure.psk-mismatch");
        QVERIFY2(!psk.isEmpty(), qPrintable("no psk-mismatch failure; failures: " + e.failures()));
        QVERIFY2(log.contains(QRegularExpression(R"(<badpsk\|\d+> establishing IKE_SA failed)")),
                 "charon's log does not show the wrong-PSK exchange failing");
        // 2. proposal mismatch: we refuse and say so; charon reads our NO-PROPOSAL-CHOSEN.
        const QJsonObject prop = e.id("IKE#2.failure.no-proposal-chosen");
        QVERIFY2(!prop.isEmpty(), qPrintable("no no-proposal-chosen failure; failures: " + e.failures()));
        QVERIFY2(log.contains(QRegularExpression(R"(<badprop\|\d+> received NO_PROPOSAL_CHOSEN error notify)")),
                 "charon's log does not show our NO_PROPOSAL_CHOSEN");
        QVERIFY(readText(run + "/initiate-1-badpsk.rc").trimmed() != "0");
        QVERIFY(readText(run + "/initiate-2-badprop.rc").trimmed() != "0");
        // 3. the same responder completes the correct exchange, keys and traffic included.
        QCOMPARE(readText(run + "/initiate-3-mm.rc").trimmed(), QString("0"));
        QVERIFY2(!e.id("IKE#3.IKE.established").isEmpty(), "the third exchange did not complete on our side");
        QCOMPARE(e.exitCode(), 0);
        checkRun(e, run + "/I", aes128Sha1(0, 3), run + "/ping.out");
    }
};

QTEST_GUILESS_MAIN(TestInterop)
#include "tst_interop.moc"
