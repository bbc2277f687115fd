#include "orchestrator/core/path_confinement.hpp"

#include <algorithm>
#include <system_error>

namespace steward::core {

std::filesystem::path resolve_path(const std::filesystem::path& path) {
    if (path.empty()) {
        return {};
    }
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::absolute(path, ec);
    if (ec) {
        return {};
    }
    std::filesystem::path resolved = std::filesystem::weakly_canonical(absolute, ec);
    if (ec) {
        return {};
    }
    resolved = resolved.lexically_normal();
    // weakly_canonical stops at the first component that does not exist as seen through links;
    // if that component is itself a (dangling) symbolic link, opening the path would follow it
    // to wherever it points once that exists, so it cannot be resolved.
    for (std::filesystem::path at = resolved; at.has_relative_path(); at = at.parent_path()) {
        const auto status = std::filesystem::symlink_status(at, ec);
        if (ec && status.type() != std::filesystem::file_type::not_found) {
            return {};
        }
        if (status.type() == std::filesystem::file_type::not_found) {
            continue;
        }
        if (std::filesystem::is_symlink(status)) {
            return {};
        }
        break;
    }
    return resolved;
}

bool is_within(const std::filesystem::path& path, const std::filesystem::path& root) {
    if (path.empty() || root.empty()) {
        return false;
    }
    auto p = path.begin();
    for (auto r = root.begin(); r != root.end(); ++r) {
        if (r->empty() && std::next(r) == root.end()) {
            break;  // a trailing separator ("/data/") adds an empty last element
        }
        if (p == path.end() || *p != *r) {
            return false;
        }
        ++p;
    }
    return std::none_of(p, path.end(), [](const std::filesystem::path& part) { return part == ".."; });
}

bool is_inside_roots(const std::filesystem::path& path, std::span<const std::filesystem::path> roots) {
    const std::filesystem::path resolved = resolve_path(path);
    if (resolved.empty()) {
        return false;
    }
    return std::any_of(roots.begin(), roots.end(), [&resolved](const std::filesystem::path& root) {
        const std::filesystem::path resolved_root = resolve_path(root);
        return !resolved_root.empty() && is_within(resolved, resolved_root);
    });
}

std::string quote_given_path(std::string_view text, std::size_t max_chars) {
    std::string out = "'";
    const bool cut = text.size() > max_chars;
    for (const char c : text.substr(0, max_chars)) {
        out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c);
    }
    out += cut ? "...'" : "'";
    return out;
}

}  // namespace steward::core
