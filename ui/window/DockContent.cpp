// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/window/DockContent.h"

#include <QAbstractItemView>

namespace ipseclab::ui {

DockContent::DockContent(QWidget* content, QWidget* parent) : QScrollArea(parent) {
    setFrameShape(QFrame::NoFrame);
    setWidgetResizable(true);
    setWidget(content);
    // The controls inside take the focus, not the frames around them: a plain scroll area draws
    // no focus, so Tab would seem to vanish into it.
    setFocusPolicy(Qt::NoFocus);
    for (QScrollArea* frame : content->findChildren<QScrollArea*>())
        if (frame->metaObject() == &QScrollArea::staticMetaObject) frame->setFocusPolicy(Qt::NoFocus);
    // Tab leaves a table or a list for the next control (the arrow keys move inside it): with
    // tab-key navigation on, the Log's table would keep the keyboard for ever.
    for (QAbstractItemView* view : content->findChildren<QAbstractItemView*>()) view->setTabKeyNavigation(false);
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
