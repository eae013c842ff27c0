#pragma once
// The application window. For now it shows one decoded message as Wireshark does: the annotated
// field tree beside the bytes; the visualizer grows from here.

#include <QMainWindow>

#include "base/Bytes.h"
#include "wire/Annotation.h"

class QPlainTextEdit;
class QTreeWidget;

namespace ipseclab::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    // Shows `bytes` with its annotations; `title` names the message ("Main Mode message 1 ...").
    void showMessage(const QString& title, const Bytes& bytes, const wire::Annotations& annotations);
    // Shows why there is nothing to show (e.g. the capture could not be read).
    void showProblem(const QString& text);

private:
    void highlight(std::size_t offset, std::size_t length);

    QTreeWidget* m_tree;
    QPlainTextEdit* m_hex;
    Bytes m_bytes;
};

} // namespace ipseclab::ui
