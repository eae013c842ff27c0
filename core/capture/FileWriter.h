// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once
// Writing an export to disk, with an error that names the path.

#include <string>

#include "base/Bytes.h"
#include "base/Error.h"

namespace ipseclab::capture {

enum class FileAccess {
    Default,   // as the process umask allows
    OwnerOnly, // 0600: key files hold secrets
};

// Creates or truncates `path` and writes `content`. With OwnerOnly the permissions are set to 0600
// before any byte is written, so the secrets are never readable by others.
Result<void> writeFile(const std::string& path, ByteView content, FileAccess access = FileAccess::Default);

} // namespace ipseclab::capture
