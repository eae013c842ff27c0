#pragma once
// The application window. For now it shows one decoded message in the packet inspector; the
// visualizer grows from here.

#include <QMainWindow>

#include "base/Bytes.h"
#include "wire/Annotation.h"

namespace ipseclab::ui {

class PacketView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    // Shows `bytes` with its annotations; `title` names the message ("Main Mode message 1 ...").
    void showMessage(const QString& title, const Bytes& bytes, const wire::Annotations& annotations);
    // Shows why there is nothing to show (e.g. the capture could not be read).
    void showProblem(const QString& text);

    PacketView* packetView() const { return m_packetView; }

private:
    PacketView* m_packetView;
};

} // namespace ipseclab::ui
