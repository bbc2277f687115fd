#include "orchestrator/api/embedded_assets.hpp"

#include <algorithm>

namespace steward::api {

const EmbeddedFile* EmbeddedAssetSource::lookup(std::string_view path) const noexcept {
    const auto it = std::find_if(files_.begin(), files_.end(),
                                 [&](const EmbeddedFile& file) { return file.path == path; });
    return it == files_.end() ? nullptr : &*it;
}

std::optional<AssetInfo> EmbeddedAssetSource::find(std::string_view path) const {
    const EmbeddedFile* file = lookup(path);
    if (file == nullptr) {
        return std::nullopt;
    }
    return AssetInfo{std::string(file->content_type), file->immutable, std::string(file->sha256),
                     !file->gzip.empty()};
}

std::optional<std::string> EmbeddedAssetSource::read(std::string_view path, bool gzip) const {
    const EmbeddedFile* file = lookup(path);
    if (file == nullptr || (gzip && file->gzip.empty())) {
        return std::nullopt;
    }
    return std::string(gzip ? file->gzip : file->raw);
}

}  // namespace steward::api
