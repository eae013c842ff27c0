#pragma once
// Error reasons on the per-packet paths are built out of line, in functions the compiler knows are
// cold and places apart. Each hot function's accepting path then stays a few dense cache lines:
// it alternates with OpenSSL's EVP code on every packet and shares the instruction cache and the
// branch predictors with it, so code spread over error handling cost more than its own
// instructions (esp_bench).

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "base/Error.h"

namespace ipseclab::ipsec {

// fail(message(), field, offset), made in cold code:
//     return coldFail([&] { return "..." + std::to_string(n); }, "Field");
template <typename Message>
[[gnu::cold, gnu::noinline]] tl::unexpected<Error> coldFail(Message&& message, const char* field = "",
                                                            std::optional<std::size_t> offset = std::nullopt) {
    return fail(std::forward<Message>(message)(), field, offset);
}

} // namespace ipseclab::ipsec
