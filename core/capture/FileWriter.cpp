// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "capture/FileWriter.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace ipseclab::capture {

namespace {
std::string reason() { return errno != 0 ? std::strerror(errno) : "unknown error"; }
} // namespace

Result<void> writeFile(const std::string& path, ByteView content, FileAccess access) {
    errno = 0;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return fail("cannot open '" + path + "' for writing: " + reason());
    if (access == FileAccess::OwnerOnly) {
        std::error_code ec;
        std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                     std::filesystem::perm_options::replace, ec);
        if (ec) return fail("cannot restrict '" + path + "' to its owner (0600): " + ec.message());
    }
    out.write(reinterpret_cast<const char*>(content.data()), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) return fail("cannot write '" + path + "': " + reason());
    return {};
}

} // namespace ipseclab::capture
