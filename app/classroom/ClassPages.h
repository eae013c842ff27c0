// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// `ipsec-lab class pages DIR`: every student's Illustrated pages (page/IllustratedLesson.h), one
// per lesson of the class, DIR/pages/<student id>/<lesson id>.html: the lesson played with the
// student's seed, their questions answerable in any browser, and a Hand in that downloads the
// results file the window writes, for `ipsec-lab class grade`.

#include <string>
#include <vector>

namespace ipseclab::classcli {

int runClassPages(const std::vector<std::string>& arguments);

} // namespace ipseclab::classcli
