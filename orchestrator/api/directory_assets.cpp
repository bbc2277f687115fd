#include "orchestrator/api/directory_assets.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>
#include <utility>

namespace steward::api {
namespace fs = std::filesystem;
namespace {

std::string content_type_of(const fs::path& file) {
    constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kTypes{{
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".json", "application/json"},
        {".map", "application/json"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
    }};
    const std::string ext = file.extension().string();
    const auto it =
        std::find_if(kTypes.begin(), kTypes.end(), [&](const auto& type) { return type.first == ext; });
    return std::string(it == kTypes.end() ? "application/octet-stream" : it->second);
}

// True when `inner` is `root` or below it (both canonical).
bool contains(const fs::path& root, const fs::path& inner) {
    const auto [r, i] = std::mismatch(root.begin(), root.end(), inner.begin(), inner.end());
    return r == root.end();
}

std::optional<std::string> read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) {
        return std::nullopt;
    }
    return std::move(bytes).str();
}

}  // namespace

std::optional<DirectoryAssetSource> DirectoryAssetSource::open(const fs::path& dir, std::string& error) {
    std::error_code ec;
    fs::path root = fs::canonical(dir, ec);
    if (ec || !fs::is_directory(root, ec)) {
        error = "the UI directory '" + dir.string() + "' " +
                (ec ? "cannot be opened: " + ec.message() : "is not a directory");
        return std::nullopt;
    }
    return DirectoryAssetSource(std::move(root));
}

std::optional<fs::path> DirectoryAssetSource::resolve(std::string_view path) const {
    if (!is_safe_ui_path(path) || path.size() < 2) {
        return std::nullopt;
    }
    std::error_code ec;
    fs::path file = fs::canonical(root_ / fs::path(path.substr(1)), ec);
    if (ec || !contains(root_, file) || !fs::is_regular_file(file, ec)) {
        return std::nullopt;
    }
    return file;
}

std::optional<fs::path> DirectoryAssetSource::gzip_of(const fs::path& file) {
    fs::path gzip = file;
    gzip += ".gz";
    std::error_code ec;
    const auto raw_time = fs::last_write_time(file, ec);
    if (ec || !fs::is_regular_file(gzip, ec)) {
        return std::nullopt;
    }
    const auto gzip_time = fs::last_write_time(gzip, ec);
    if (ec || gzip_time < raw_time) {
        return std::nullopt;
    }
    return gzip;
}

std::optional<AssetInfo> DirectoryAssetSource::find(std::string_view path) const {
    const auto file = resolve(path);
    if (!file) {
        return std::nullopt;
    }
    std::error_code ec;
    const auto size = fs::file_size(*file, ec);
    const auto time = fs::last_write_time(*file, ec);
    if (ec) {
        return std::nullopt;
    }
    std::ostringstream etag;
    etag << std::hex << size << '-' << time.time_since_epoch().count();
    return AssetInfo{content_type_of(*file), false, etag.str(), gzip_of(*file).has_value()};
}

std::optional<std::string> DirectoryAssetSource::read(std::string_view path, bool gzip) const {
    auto file = resolve(path);
    if (file && gzip) {
        file = gzip_of(*file);
    }
    return file ? read_file(*file) : std::nullopt;
}

}  // namespace steward::api
