// SPDX-FileCopyrightText: 2026 IPsec Lab developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ClassArguments.h"

#include <cctype>
#include <cstdio>
#include <filesystem>

#include "ClassCommand.h"
#include "lesson/JsonFile.h"

namespace ipseclab::classcli {

namespace {

constexpr std::size_t kMaxFile = 16 * 1024 * 1024;

} // namespace

std::optional<std::string> Arguments::value(const std::string& option) const {
    const auto found = values.find(option);
    if (found == values.end()) return std::nullopt;
    return found->second;
}

Result<Arguments> parseArguments(const std::vector<std::string>& arguments, const std::set<std::string>& withValue,
                                 const std::set<std::string>& flags) {
    Arguments out;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        std::string option = arguments[i];
        if (option == "--help" || option == "-h") {
            out.help = true;
            continue;
        }
        if (option.rfind("--", 0) != 0 || option == "--") {
            out.positional.push_back(option);
            continue;
        }
        std::optional<std::string> inlineValue;
        if (const auto eq = option.find('='); eq != std::string::npos) {
            inlineValue = option.substr(eq + 1);
            option.resize(eq);
        }
        if (flags.count(option) && !inlineValue) {
            out.flags.insert(option);
        } else if (withValue.count(option)) {
            if (!inlineValue && i + 1 >= arguments.size()) return fail(option + " needs a value");
            out.values[option] = inlineValue ? *inlineValue : arguments[++i];
        } else {
            return fail("unknown option " + option);
        }
    }
    return out;
}

int usageError(const std::string& subcommand, const std::string& message) {
    std::fprintf(stderr, "ipsec-lab class %s: %s\nTry ipsec-lab class %s --help.\n", subcommand.c_str(),
                 message.c_str(), subcommand.c_str());
    return kExitUsage;
}

Result<std::string> readFile(const std::string& path) {
    auto text = lesson::readTextFile(path, kMaxFile, "input");
    if (!text) return fail(path + ": " + text.error().problem);
    return *text;
}

Result<void> writeFile(const std::string& path, const std::string& text, bool exclusive) {
    std::FILE* file = std::fopen(path.c_str(), exclusive ? "wbx" : "wb");
    if (!file)
        return fail(path + ": " +
                    (exclusive && std::filesystem::exists(path) ? "exists already" : "cannot be written"));
    const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
    if (std::fclose(file) != 0 || !written) return fail(path + ": cannot be written (disk full?)");
    return {};
}

std::string classFilePath(const std::string& folder) { return (std::filesystem::path(folder) / "class.json").string(); }

Result<classroom::ClassSet> readClassFolder(const std::string& folder) {
    const std::string path = classFilePath(folder);
    auto text = readFile(path);
    if (!text) return tl::unexpected(text.error());
    return classroom::classFromJson(*text, path);
}

std::string studentFileName(const std::string& id, std::set<std::string>& taken) {
    std::string base;
    for (const char c : id) base += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ? c : '_';
    if (base.empty() || base[0] == '.') base = "_" + base;
    // Taken compared without case: "S01" and "s01" are one file on a case-insensitive file system.
    const auto lower = [](std::string text) {
        for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return text;
    };
    std::string name = base;
    for (int n = 2; !taken.insert(lower(name)).second; ++n) name = base + "-" + std::to_string(n);
    return name;
}

} // namespace ipseclab::classcli
