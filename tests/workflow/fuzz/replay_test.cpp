// Replays the fuzz seed corpus (workflows/, tests/workflow/fuzz/corpus/) and the inputs fuzzing once
// found a problem with (tests/workflow/fuzz/regressions/) through the fuzz entry on every build,
// with any compiler: a crash, hang (ctest timeout) or violated property fails this test.
#define BOOST_TEST_MODULE workflow_fuzz_replay
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

BOOST_AUTO_TEST_SUITE(fuzz_replay)

BOOST_AUTO_TEST_CASE(seed_corpus_passes_the_fuzz_properties) {
    namespace fs = std::filesystem;
    const fs::path root(STEWARD_SOURCE_DIR);
    int replayed = 0;
    for (const fs::path& dir : {root / "workflows", root / "tests/workflow/fuzz/corpus",
                                root / "tests/workflow/fuzz/regressions"}) {
        for (const auto& entry : fs::directory_iterator(dir)) {
            if (!entry.is_regular_file()) {
                continue;
            }
            std::ifstream in(entry.path(), std::ios::binary);
            const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            BOOST_TEST_CONTEXT(entry.path()) {
                BOOST_TEST(LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(text.data()),
                                                  text.size()) == 0);
            }
            ++replayed;
        }
    }
    BOOST_TEST(replayed >= 10);
}

BOOST_AUTO_TEST_SUITE_END()
