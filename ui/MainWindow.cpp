#include "MainWindow.h"

#include "PacketView.h"

namespace ipseclab::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), m_packetView(new PacketView) {
    setWindowTitle(tr("IPsec Lab"));
    setCentralWidget(m_packetView);
    resize(1280, 820);
}

void MainWindow::showMessage(const QString& title, const Bytes& bytes, const wire::Annotations& annotations) {
    m_packetView->setPacket(title, {PacketLayer{tr("On the wire"), bytes, annotations}});
}

void MainWindow::showProblem(const QString& text) { m_packetView->clear(text); }

} // namespace ipseclab::ui
