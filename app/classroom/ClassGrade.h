// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// `ipsec-lab class grade DIR RESULTS... [--moodle-csv FILE]`: the grade sheet on standard output.

#include <string>
#include <vector>

namespace ipseclab::classcli {

int runClassGrade(const std::vector<std::string>& arguments);

} // namespace ipseclab::classcli
