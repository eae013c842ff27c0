// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "crypto/OpenSsl.h"

#include <cstdio>
#include <cstdlib>

#include <openssl/err.h>

namespace ipseclab::crypto::ossl {

std::string drainErrors() {
    std::string out;
    while (const unsigned long code = ERR_get_error()) {
        char line[256];
        ERR_error_string_n(code, line, sizeof line);
        if (!out.empty()) out += " | ";
        out += line;
    }
    return out;
}

void fatal(const char* what) {
    std::fprintf(stderr, "ipseclab crypto: %s failed: %s\n", what, drainErrors().c_str());
    std::abort();
}

} // namespace ipseclab::crypto::ossl
