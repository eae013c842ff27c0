// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// `ipsec-lab class new --roster FILE --lessons LIST --out DIR ...`: a class folder from a roster.

#include <string>
#include <vector>

namespace ipseclab::classcli {

int runClassNew(const std::vector<std::string>& arguments);

} // namespace ipseclab::classcli
