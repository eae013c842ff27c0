// The packet inspector as a user meets it: clicking a field lights up its bytes, hovering a byte
// names its field, clicking a byte selects its field; an encrypted message shows two hex panes.

#include <QApplication>
#include <QScrollBar>
#include <QTest>
#include <QTreeView>

#include "TestData.h"
#include "capture/Ipv4Frame.h"
#include "capture/PcapngReader.h"
#include "ui/HexView.h"
#include "ui/PacketView.h"
#include "wire/IsakmpCodec.h"

using namespace ipseclab;
using namespace ipseclab::ui;

namespace {

// MM1 of the baseline vector set, decoded with annotations.
PacketLayer mainMode1() {
    const auto capture = capture::PcapngReader::readFile(
        (test::vectorsDir() + "/mm-aes128-sha1-modp2048/capture.pcapng").toStdString());
    const auto frame = capture::extractIpv4Frame(capture->packets.at(0).data, capture->interfaces.at(0).linkType);
    PacketLayer layer{"On the wire", Bytes(frame->udp->payload.begin(), frame->udp->payload.end()), {}};
    wire::decodeMessage(layer.bytes, wire::Annotator(&layer.annotations));
    return layer;
}

QModelIndex findField(const QAbstractItemModel* model, const QString& name, const QModelIndex& parent = {}) {
    for (int row = 0; row < model->rowCount(parent); ++row) {
        const QModelIndex index = model->index(row, 0, parent);
        if (index.data().toString() == name) return index;
        if (const QModelIndex found = findField(model, name, index); found.isValid()) return found;
    }
    return {};
}

} // namespace

class TestPacketView : public QObject {
    Q_OBJECT
private slots:
    void selectingAFieldHighlightsItsBytes() {
        PacketView view;
        view.resize(1000, 700);
        view.setPacket("MM1", {mainMode1()});
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        const QModelIndex keyLength = findField(view.model(), "Key Length");
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
        QCOMPARE(view.tree()->currentIndex().data().toString(), QString("Initiator Cookie"));
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
        for (const auto& [width, perRow] : {std::pair{full + 40, 16}, std::pair{full * 2 / 3, 8}, std::pair{full / 3, 4}}) {
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
        const PacketLayer wireLayer{"On the wire", Bytes(48, 0xab), {{"ISAKMP Header", 0, 28, "hdr", ""}}};
        const PacketLayer plain{"Decrypted", Bytes(20, 0x01), {{"HASH", 0, 20, "h", "HASH_I"}}};
        view.setPacket("MM5", {wireLayer, plain});
        QVERIFY(view.hexView(0) && view.hexView(1));
        QCOMPARE(view.model()->rowCount(), 2);
        const QModelIndex hash = findField(view.model(), "HASH");
        view.tree()->setCurrentIndex(hash);
        QCOMPARE(view.hexView(1)->highlightLength(), std::size_t{20});
        QCOMPARE(view.hexView(0)->highlightLength(), std::size_t{0});
        QCOMPARE(view.model()->fieldAt(1, 5), hash);
    }
};

QTEST_MAIN(TestPacketView)
#include "tst_packetview.moc"
