// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The Packet dock as a user meets it: clicking a field lights up its bytes, hovering a byte
// names its field, clicking a byte selects its field; an encrypted message shows two hex panes; an
// ESP or AH packet of a real run is dissected down to its last byte, on the wire and decrypted.

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QLabel>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include "AnnotationTest.h"
#include "InspectorTestSupport.h"
#include "TestData.h"
#include "capture/Ipv4Frame.h"
#include "capture/PcapngReader.h"
#include "lab/AttackSpec.h"
#include "ui/common/DiagramRows.h"
#include "ui/common/HexView.h"
#include "ui/packet/PacketDock.h"
#include "ui/packet/PacketView.h"
#include "wire/IsakmpCodec.h"

using namespace ipseclab;
using namespace ipseclab::ui;

namespace {

// MM1 of the baseline vector set, decoded with annotations.
PacketLayer mainMode1() {
    const auto capture = capture::PcapngReader::readFile(
        (test::vectorsDir() + "/mm-aes128-sha1-modp2048/capture.pcapng").toStdString());
    const auto frame = capture::extractIpv4Frame(capture->packets.at(0).data, capture->interfaces.at(0).linkType);
    PacketLayer layer{"On the wire", Bytes(frame->udp->payload.begin(), frame->udp->payload.end()), {}, {}, {}};
    wire::decodeMessage(layer.bytes, wire::Annotator(&layer.annotations));
    return layer;
}

// The first row, depth first under `parent`, of the field registered as `key`; invalid when none.
QModelIndex findField(const QAbstractItemModel* model, const QString& key, const QModelIndex& parent = {}) {
    for (int row = 0; row < model->rowCount(parent); ++row) {
        const QModelIndex index = model->index(row, 0, parent);
        if (index.data(PacketModel::KeyRole).toString() == key) return index;
        if (const QModelIndex found = findField(model, key, index); found.isValid()) return found;
    }
    return {};
}

// The packet dock as the window docks it, following a lab run through its controller.
struct InspectorDock {
    LabController controller;
    EventSelection selection;
    DiagramRows diagram;
    PacketDock inspector{controller, selection, diagram};

    InspectorDock() {
        diagram.follow(controller);
        inspector.resize(1000, 800);
        inspector.QWidget::show();
    }
};

// The bytes of a layer no field covers, as "5, 6, 7" (empty when every byte has its field): by the
// annotations' ranges, and by the model's byte-to-field map the hex pane uses.
QString bytesWithoutField(const PacketModel& model, int layer) {
    const PacketLayer& l = model.layers().at(static_cast<std::size_t>(layer));
    if (QString missing = test::uncoveredBytes(l.annotations, l.bytes.size()); !missing.isEmpty()) return missing;
    QStringList missing;
    for (std::size_t i = 0; i < l.bytes.size(); ++i)
        if (!model.fieldAt(layer, i).isValid()) missing << QString::number(i);
    return missing.join(", ");
}

// The packet row of the diagram labelled `label` (the first one), -1 if none.
qsizetype rowLabelled(const DiagramRows& diagram, const QString& label, bool received = false) {
    for (qsizetype r = 0; r < diagram.rowCount(); ++r)
        if (diagram.row(r).label == label && (!received || diagram.row(r).receivedEvent >= 0)) return r;
    return -1;
}

} // namespace

class TestPacketView : public QObject {
    Q_OBJECT
    QTemporaryDir m_settings;

private slots:
    void initTestCase() {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QSettings().clear();
    }

    // Each field shows its key (column and tooltip); a field whose key is Wireshark's copies as a
    // filter from the keyboard, the value written as Wireshark expects; ours do not.
    void fieldsShowTheirKeyAndCopyAsWiresharkFilters() {
        PacketView view;
        view.resize(1000, 700);
        view.setPacket("MM1", {mainMode1()});
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(!view.tree()->isColumnHidden(PacketModel::FilterColumn));
        QCOMPARE(view.model()->headerData(PacketModel::FilterColumn, Qt::Horizontal, Qt::DisplayRole).toString(),
                 QString("Filter"));

        const QModelIndex messageId = findField(view.model(), "isakmp.messageid");
        QVERIFY(messageId.isValid());
        QCOMPARE(messageId.siblingAtColumn(PacketModel::FilterColumn).data().toString(), QString("isakmp.messageid"));
        QVERIFY(messageId.data(Qt::ToolTipRole).toString().contains("isakmp.messageid"));
        QCOMPARE(messageId.data(PacketModel::WiresharkFilterRole).toString(),
                 QString("isakmp.messageid == 0x00000000"));
        const QModelIndex cookie = findField(view.model(), "isakmp.ispi");
        QVERIFY(cookie.data(PacketModel::WiresharkFilterRole)
                    .toString()
                    .contains(QRegularExpression("^isakmp.ispi == ([0-9a-f]{2}:){7}[0-9a-f]{2}$")));
        const QModelIndex length = findField(view.model(), "isakmp.length");
        QVERIFY(length.data(PacketModel::WiresharkFilterRole)
                    .toString()
                    .contains(QRegularExpression("^isakmp.length == [0-9]+$")));

        // Keyboard: the field current, Ctrl+Shift+C copies; the action is on the context menu.
        QAction* copy = view.copyFilterAction();
        QVERIFY(view.tree()->actions().contains(copy));
        QCOMPARE(copy->text(), QString("Copy as Wireshark filter"));
        view.tree()->setFocus();
        view.tree()->setCurrentIndex(messageId);
        QVERIFY(copy->isEnabled());
        QApplication::clipboard()->clear();
        QTest::keyClick(view.tree(), Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(QApplication::clipboard()->text(), QString("isakmp.messageid == 0x00000000"));
        QVERIFY(view.hoverText().contains("isakmp.messageid == 0x00000000"));

        // A field of ours (a whole payload) has its key but no Wireshark filter.
        const QModelIndex sa = findField(view.model(), "ipseclab.isakmp.payload.sa");
        QCOMPARE(sa.siblingAtColumn(PacketModel::FilterColumn).data().toString(),
                 QString("ipseclab.isakmp.payload.sa"));
        view.tree()->setCurrentIndex(sa);
        QVERIFY(!copy->isEnabled());
    }

    // The Filter column hides from the context menu and stays hidden in the next inspector.
    void theFilterColumnHidesAndIsRemembered() {
        QSettings().clear();
        {
            PacketView view;
            view.setPacket("MM1", {mainMode1()});
            QVERIFY(view.filterColumnAction()->isChecked());
            QVERIFY(view.tree()->header()->actions().contains(view.filterColumnAction()));
            view.filterColumnAction()->trigger();
            QVERIFY(view.tree()->isColumnHidden(PacketModel::FilterColumn));
        }
        PacketView next;
        next.setPacket("MM1", {mainMode1()});
        QVERIFY(!next.filterColumnAction()->isChecked());
        QVERIFY(next.tree()->isColumnHidden(PacketModel::FilterColumn));
        next.filterColumnAction()->trigger();
        QVERIFY(!next.tree()->isColumnHidden(PacketModel::FilterColumn));
        QVERIFY(QSettings().value(PacketView::kFilterColumnSetting).toBool());
    }

    void selectingAFieldHighlightsItsBytes() {
        PacketView view;
        view.resize(1000, 700);
        view.setPacket("MM1", {mainMode1()});
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        // The Key Length attribute: the row that holds its value's field.
        const QModelIndex keyLength = findField(view.model(), "isakmp.ike.attr.key_length").parent();
        QVERIFY(keyLength.isValid());
        view.tree()->scrollTo(keyLength);
        const QRect row = view.tree()->visualRect(keyLength);
        QTest::mouseClick(view.tree()->viewport(), Qt::LeftButton, {}, row.center());
        QCOMPARE(view.tree()->currentIndex(), keyLength);
        QCOMPARE(view.hexView(0)->highlightOffset(), std::size_t{60}); // SA at 28, transform attributes at 56
        QCOMPARE(view.hexView(0)->highlightLength(), std::size_t{4});
    }

    void hoveringAByteNamesItsField() {
        PacketView view;
        view.resize(1000, 700);
        view.setPacket("MM1", {mainMode1()});
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        HexView* hex = view.hexView(0);
        // Byte 18 is the header's Exchange Type.
        QTest::mouseMove(hex->viewport(), hex->hexRect(18).center());
        QTRY_VERIFY2(view.hoverText().contains("Exchange Type"), qPrintable(view.hoverText()));
        QVERIFY(view.hoverText().contains("Identity Protection"));
        QCOMPARE(hex->byteAt(hex->hexRect(18).center()), 18);
    }

    void clickingAByteSelectsItsField() {
        PacketView view;
        view.resize(1000, 700);
        view.setPacket("MM1", {mainMode1()});
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        HexView* hex = view.hexView(0);
        QTest::mouseClick(hex->viewport(), Qt::LeftButton, {}, hex->hexRect(2).center());
        QCOMPARE(view.tree()->currentIndex().data(PacketModel::KeyRole).toString(), QString("isakmp.ispi"));
        QCOMPARE(hex->highlightOffset(), std::size_t{0});
        QCOMPARE(hex->highlightLength(), std::size_t{8});
    }

    // A narrow pane wraps the bytes (16, then 8, then 4 per row) instead of scrolling sideways;
    // hovering and clicking still find the right byte.
    void narrowPanesWrapTheBytes() {
        HexView hex;
        hex.setBytes(mainMode1().bytes);
        hex.show();
        QVERIFY(QTest::qWaitForWindowExposed(&hex));
        const int full = hex.sizeHint().width();
        for (const auto& [width, perRow] :
             {std::pair{full + 40, 16}, std::pair{full * 2 / 3, 8}, std::pair{full / 3, 4}}) {
            hex.resize(width, 300);
            QCoreApplication::processEvents();
            QCOMPARE(hex.bytesPerRow(), perRow);
            if (perRow > 4) QCOMPARE(hex.horizontalScrollBar()->maximum(), 0); // no sideways scrolling
            QCOMPARE(hex.byteAt(hex.hexRect(18).center()), 18);
            QCOMPARE(hex.hexRect(18).top(), (18 / perRow) * hex.hexRect(0).height());
        }
    }

    void encryptedMessagesShowBothLayers() {
        PacketView view;
        const PacketLayer wireLayer{
            "On the wire", Bytes(48, 0xab), {{"ipseclab.isakmp.header", "ISAKMP Header", 0, 28, "hdr", ""}}, {}, {}};
        const PacketLayer plain{
            "Decrypted", Bytes(20, 0x01), {{"ipseclab.isakmp.payload.hash", "HASH", 0, 20, "h", "HASH_I"}}, {}, {}};
        view.setPacket("MM5", {wireLayer, plain});
        QVERIFY(view.hexView(0) && view.hexView(1));
        QCOMPARE(view.model()->rowCount(), 2);
        const QModelIndex hash = findField(view.model(), "ipseclab.isakmp.payload.hash");
        view.tree()->setCurrentIndex(hash);
        QCOMPARE(view.hexView(1)->highlightLength(), std::size_t{20});
        QCOMPARE(view.hexView(0)->highlightLength(), std::size_t{0});
        QCOMPARE(view.model()->fieldAt(1, 5), hash);
    }

    // Every layer of an ESP or AH packet of a real run has a field for every byte: the captured packet
    // (outer IPv4, UDP on 4500 behind a NAT, ESP or AH, for AH the inner packet in clear) and the
    // receiver's decrypted part (inner IPv4 or, in transport mode, ICMP; then the ESP trailer).
    void everyByteOfAnEspOrAhPacketHasAField_data() {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<bool>("transport");
        QTest::addColumn<QString>("label");
        QTest::newRow("ESP tunnel, AES-CBC + HMAC") << "main-quick" << false << "ESP seq 2";
        QTest::newRow("ESP tunnel, AES-GCM") << "gcm" << false << "ESP seq 2";
        QTest::newRow("AH tunnel") << "ah" << false << "AH seq 2";
        QTest::newRow("ESP in UDP through a NAT") << "nat" << false << "ESP seq 2";
        QTest::newRow("ESP transport mode") << "transport" << true << "ESP seq 2";
        QTest::newRow("AH transport mode") << "ah" << true << "AH seq 2";
        QTest::newRow("ESP transport mode in UDP through a NAT") << "nat" << true << "ESP seq 2";
        QTest::newRow("ESP with ESN past 2^32") << "esn-wrap" << false << "ESP seq 4294967297";
    }
    void everyByteOfAnEspOrAhPacketHasAField() {
        QFETCH(QString, scenario);
        QFETCH(bool, transport);
        QFETCH(QString, label);
        InspectorDock dock;
        lab::Scenario s = test::scenario(scenario.toLatin1().constData());
        if (transport) s.siteA.encapsulation = s.siteB.encapsulation = ike::Encapsulation::Transport;
        test::load(dock.controller, s);
        QVERIFY(test::runToEnd(dock.controller));
        const qsizetype row = rowLabelled(dock.diagram, label, true);
        QVERIFY2(row >= 0, qPrintable(label));
        dock.selection.select(dock.diagram.row(row).event);

        const PacketModel& model = *dock.inspector.packetView()->model();
        const bool ah = label.startsWith("AH");
        // AH has nothing to decrypt; ESP shows what the receiver decrypted, in either mode.
        QCOMPARE(model.layers().size(), std::size_t{ah ? 1u : 2u});
        for (int l = 0; l < static_cast<int>(model.layers().size()); ++l)
            QVERIFY2(bytesWithoutField(model, l).isEmpty(),
                     qPrintable(QString("layer %1 (%2): bytes %3 have no field")
                                    .arg(l)
                                    .arg(model.layers()[std::size_t(l)].title, bytesWithoutField(model, l))));

        const PacketLayer& wire = model.layers()[0];
        const std::string protocol = ah ? "ah" : "esp";
        const wire::Annotation* sequence = wire::findAnnotation(wire.annotations, protocol + ".sequence");
        QVERIFY(sequence);
        QCOMPARE(sequence->length, std::size_t{4});
        const std::size_t espAt = scenario == "nat" ? 28 : 20; // after UDP 4500 behind the NAT
        QCOMPARE(sequence->offset, espAt + (ah ? 8 : 4));
        if (scenario == "nat")
            QCOMPARE(wire::findAnnotation(wire.annotations, "udp.dstport")->value, std::string("4500"));
        QCOMPARE(wire::findAnnotation(wire.annotations, "ipseclab." + protocol + ".sequence_high") != nullptr,
                 scenario == "esn-wrap");
        if (scenario == "esn-wrap")
            QCOMPARE(wire::findAnnotation(wire.annotations, "ipseclab.esp.sequence_high")->length, std::size_t{0});
        // AH covers the packet in clear: the inner IPv4 in tunnel mode, the ICMP alone in transport mode.
        if (ah)
            QVERIFY((wire::findAnnotation(wire.annotations, "ip.src", 2) != nullptr) == !transport &&
                    wire::findAnnotation(wire.annotations, "icmp.type"));
        // Transport mode: the gateways' own header stays (A's rewritten by the NAT), nothing inside it.
        if (transport) {
            QCOMPARE(wire::findAnnotation(wire.annotations, "ip.src")->value,
                     std::string(scenario == "nat" ? "203.0.113.5" : "127.0.0.1"));
            QCOMPARE(wire::findAnnotation(wire.annotations, "ip.dst")->value, std::string("127.0.0.2"));
            QVERIFY(!wire::findAnnotation(wire.annotations, "ip", 2)); // no inner IPv4 behind the outer one
        }
        if (!ah) {
            const PacketLayer& clear = model.layers()[1];
            QCOMPARE(wire::findAnnotation(clear.annotations, "ip") != nullptr, !transport);
            QVERIFY(wire::findAnnotation(clear.annotations, "icmp.seq"));
            QVERIFY(wire::findAnnotation(clear.annotations, "esp.pad") || scenario == "gcm"); // GCM pads to 4 only
            QCOMPARE(wire::findAnnotation(clear.annotations, "esp.protocol")->value,
                     std::string(transport ? "ICMP (1)" : "IPv4 (4)"));
            QCOMPARE(wire::findAnnotation(clear.annotations, "esp.pad_len")->offset, clear.bytes.size() - 2);
        }

        // The Sequence Number field can be selected, and its 4 bytes light up; a lesson selecting
        // bytes 4..7 of the ESP packet (the event's own bytes) lights up the same ones in the frame.
        QTreeView* tree = dock.inspector.packetView()->tree();
        const QModelIndex field = findField(&model, QString::fromStdString(protocol + ".sequence"),
                                            model.layerIndex(0));
        QVERIFY(field.isValid());
        QCOMPARE(field.parent().data(PacketModel::KeyRole).toString(), QString::fromStdString(protocol));
        tree->setCurrentIndex(field);
        QCOMPARE(dock.inspector.packetView()->hexView(0)->highlightOffset(), sequence->offset);
        QCOMPARE(dock.inspector.packetView()->hexView(0)->highlightLength(), std::size_t{4});
        tree->setCurrentIndex({});
        dock.selection.selectField(dock.diagram.row(row).event, false, ah ? 8 : 4, 4);
        QCOMPARE(dock.inspector.packetView()->hexView(0)->highlightOffset(), sequence->offset);
        QCOMPARE(tree->currentIndex(), field);
    }

    // A packet still on the wire: the sender's own bytes (SPI onwards), dissected.
    void anEspPacketInFlightShowsItsOwnBytes() {
        InspectorDock dock;
        test::load(dock.controller, test::scenario("main-quick"));
        QVERIFY(test::runToEnd(dock.controller));
        qsizetype sent = -1;
        dock.controller.read([&](const lab::Lab& lab) {
            for (std::size_t i = 0; i < lab.timeline().size() && sent < 0; ++i)
                if (const auto* r = lab.timeline().at(i).as<lab::DataPlaneRecord>();
                    r && r->event().kind == ipsec::EventKind::Sent)
                    sent = static_cast<qsizetype>(i);
        });
        QVERIFY(sent >= 0);
        // Not through a diagram row: the event alone, as a log line of the sender selects it before delivery.
        DiagramRows empty;
        EventSelection selection;
        PacketDock alone(dock.controller, selection, empty);
        selection.select(sent);
        const PacketModel& model = *alone.packetView()->model();
        QCOMPARE(model.layers().size(), std::size_t{1});
        QCOMPARE(wire::findAnnotation(model.layers()[0].annotations, "esp.spi")->offset, std::size_t{0});
        QVERIFY(bytesWithoutField(model, 0).isEmpty());
    }

    // A frame cut short (the truncate attack leaves 32 bytes of ESP: too few for its IV, trailer and
    // ICV) says where its dissection stopped — the field and the byte — as bad input is reported
    // everywhere; every byte still has a field, and a whole frame says nothing.
    void aTruncatedFrameSaysWhereItsDissectionStopped() {
        InspectorDock dock;
        lab::Scenario s = test::scenario("main-quick");
        s.attacks = {*lab::AttackSpec::parse("truncate:seq=2:bytes=100")};
        test::load(dock.controller, s);
        QVERIFY(test::runToEnd(dock.controller));
        PacketView& view = *dock.inspector.packetView();

        const qsizetype whole = rowLabelled(dock.diagram, "ESP seq 1");
        QVERIFY(whole >= 0);
        dock.selection.select(dock.diagram.row(whole).event);
        QCOMPARE(view.problemText(), QString());

        qsizetype cut = -1;
        for (qsizetype r = 0; r < dock.diagram.rowCount() && cut < 0; ++r)
            if (dock.diagram.row(r).label == "ESP seq 2" && dock.diagram.row(r).attack) cut = r;
        QVERIFY(cut >= 0);
        dock.selection.select(dock.diagram.row(cut).event);
        const PacketLayer& frame = view.model()->layers().at(0);
        QCOMPARE(frame.bytes.size(), std::size_t{52}); // IPv4 20, ESP 32
        QVERIFY2(view.problemText().startsWith(
                     "On the wire: could not be dissected to its end — ESP/Encrypted Data at byte 44: "),
                 qPrintable(view.problemText()));
        QVERIFY(view.findChild<QLabel*>("dissectionProblem")->isVisible());
        QVERIFY(wire::findAnnotation(frame.annotations, "esp.sequence"));
        QVERIFY2(bytesWithoutField(*view.model(), 0).isEmpty(), qPrintable(bytesWithoutField(*view.model(), 0)));
        QCOMPARE(protocolNames(frame.protocols), QString("IPv4 · ESP"));
    }

    // The view folds the layers core calls carriers and titles them by core's names: a layer the
    // view has never heard of is neither mislabelled nor folded for its name.
    void layersAreWhatCoreCallsThem() {
        PacketLayer layer{"On the wire",
                          Bytes(12, 0x11),
                          {{"", "Tunnel Header", 0, 4, "t", ""},
                           {"", "Tunnel Header/Flags", 0, 1, "f", ""},
                           {"", "IPv4", 4, 4, "not a carrier here", ""},
                           {"", "IPv4/Version", 4, 1, "4", ""},
                           {"", "Mystery", 8, 4, "m", ""},
                           {"", "Mystery/Part", 8, 2, "p", ""}},
                          {wire::Layer{wire::Layer::Kind::Data, "Tunnel Header", 0, 4, true},
                           wire::Layer{wire::Layer::Kind::Data, "IPv4", 4, 4, false},
                           wire::Layer{wire::Layer::Kind::Data, "Mystery", 8, 4, false}},
                          {}};
        QCOMPARE(protocolNames(layer.protocols), QString("Tunnel Header · IPv4 · Mystery"));
        PacketView view;
        view.setPacket("A packet", {layer});
        const QModelIndex top = view.model()->layerIndex(0);
        QCOMPARE(view.model()->index(0, 0, top).data().toString(), QString("Tunnel Header"));
        QVERIFY(!view.tree()->isExpanded(view.model()->index(0, 0, top)));
        QVERIFY(view.tree()->isExpanded(view.model()->index(1, 0, top)));
        QVERIFY(view.tree()->isExpanded(view.model()->index(2, 0, top)));
        QCOMPARE(view.problemText(), QString());
    }
};

QTEST_MAIN(TestPacketView)
#include "tst_packetview.moc"
