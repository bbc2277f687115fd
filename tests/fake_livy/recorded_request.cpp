#include "tests/fake_livy/recorded_request.hpp"

#include <algorithm>
#include <cctype>

namespace steward::fake_livy {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

std::optional<std::string> RecordedRequest::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (iequals(key, name)) {
            return value;
        }
    }
    return std::nullopt;
}

std::string_view RecordedRequest::path() const noexcept {
    const std::string_view t = target;
    return t.substr(0, t.find('?'));
}

std::optional<std::string> RecordedRequest::query(std::string_view key) const {
    const std::string_view t = target;
    const auto q = t.find('?');
    if (q == std::string_view::npos) {
        return std::nullopt;
    }
    std::string_view rest = t.substr(q + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const auto item = rest.substr(0, amp);
        const auto eq = item.find('=');
        if (item.substr(0, eq) == key) {
            return std::string(eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1));
        }
        if (amp == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

}  // namespace steward::fake_livy
