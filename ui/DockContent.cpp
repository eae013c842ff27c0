// SPDX-License-Identifier: GPL-3.0-or-later
#include "DockContent.h"

namespace ipseclab::ui {

DockContent::DockContent(QWidget* content, QWidget* parent) : QScrollArea(parent) {
    setFrameShape(QFrame::NoFrame);
    setWidgetResizable(true);
    setWidget(content);
    setFocusPolicy(Qt::NoFocus); // the widget inside takes the focus, not its frame
    setAccessibleName(content->accessibleName());
}

QSize DockContent::minimumSizeHint() const {
    const int line = fontMetrics().height();
    return {line * 8, line * 5};
}

QSize DockContent::sizeHint() const {
    const int line = fontMetrics().height();
    return {line * 24, line * 16};
}

} // namespace ipseclab::ui
