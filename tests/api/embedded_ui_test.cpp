// The web UI compiled into the binary (orch_ui_assets, generated from ui/build.mjs's output): the
// table holds index.html, which loads hashed assets the table also holds, and every file's bytes
// match the SHA-256 and the gzip copy the build recorded.

#include "orchestrator/api/embedded_assets.hpp"

#include <openssl/evp.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <regex>
#include <string>

namespace api = steward::api;

namespace {

std::string sha256_hex(std::string_view bytes) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    BOOST_REQUIRE(EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) == 1);
    std::string hex;
    constexpr std::string_view kDigits = "0123456789abcdef";
    for (unsigned int i = 0; i < length; ++i) {
        hex += kDigits[digest[i] >> 4U];
        hex += kDigits[digest[i] & 0xfU];
    }
    return hex;
}

const api::EmbeddedFile* file_at(std::string_view path) {
    const auto files = api::embedded_ui_files();
    const auto it = std::find_if(files.begin(), files.end(), [&](const auto& f) { return f.path == path; });
    return it == files.end() ? nullptr : &*it;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(embedded_ui)

BOOST_AUTO_TEST_CASE(index_html_loads_hashed_assets_of_the_table) {
    const api::EmbeddedFile* index = file_at("/index.html");
    BOOST_REQUIRE(index != nullptr);
    BOOST_TEST(index->content_type == "text/html; charset=utf-8");
    BOOST_TEST(!index->immutable);
    const std::string page(index->raw);
    const std::regex reference(R"re((src|href)="(/assets/main-[A-Za-z0-9]+\.(js|css))")re");
    int found = 0;
    for (auto it = std::sregex_iterator(page.begin(), page.end(), reference); it != std::sregex_iterator();
         ++it) {
        const std::string path = (*it)[2];
        const api::EmbeddedFile* asset = file_at(path);
        BOOST_TEST(asset != nullptr, path);
        if (asset != nullptr) {
            BOOST_TEST(asset->immutable, path);
            BOOST_TEST(!asset->raw.empty(), path);
        }
        ++found;
    }
    BOOST_TEST(found >= 1, page);
    BOOST_TEST(file_at("/favicon.svg") != nullptr);

    // Served through the source as the server does.
    const api::EmbeddedAssetSource source(api::embedded_ui_files());
    const auto info = source.find("/index.html");
    BOOST_REQUIRE(info);
    BOOST_TEST(info->etag == std::string(index->sha256));
    BOOST_TEST(source.read("/index.html", false).value() == page);
    BOOST_TEST(!source.find("/manifest.json"));
}

BOOST_AUTO_TEST_CASE(every_file_matches_its_recorded_digest_and_has_a_gzip_copy) {
    const auto files = api::embedded_ui_files();
    BOOST_TEST(files.size() >= 3u);
    for (const api::EmbeddedFile& file : files) {
        BOOST_TEST(file.path.starts_with("/"), file.path);
        BOOST_TEST(sha256_hex(file.raw) == file.sha256, file.path);
        BOOST_TEST(file.immutable == file.path.starts_with("/assets/"), file.path);
        BOOST_REQUIRE_MESSAGE(file.gzip.size() > 10, file.path);
        BOOST_TEST((static_cast<unsigned char>(file.gzip[0]) == 0x1f &&
                    static_cast<unsigned char>(file.gzip[1]) == 0x8b),
                   file.path);
    }
}

BOOST_AUTO_TEST_SUITE_END()
