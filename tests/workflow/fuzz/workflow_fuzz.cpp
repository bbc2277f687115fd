// libFuzzer entry over the workflow loader (and the expression, template, cron and duration
// parsers it uses). Built as `workflow_fuzz` with clang when STEWARD_FUZZ=ON
// (scripts/fuzz-workflow.sh), and replayed over the seed corpus by `workflow_fuzz_replay`.
//
// Properties checked on every input, besides "no crash, no hang, no sanitizer report":
//  - a result is valid exactly when it has no diagnostics, and every diagnostic names the file
//    and a 1-based position;
//  - a valid spec written out in normal form loads again, equal, and writes the same text.
#include "orchestrator/core/cron.hpp"
#include "orchestrator/core/duration.hpp"
#include "orchestrator/core/expression.hpp"
#include "orchestrator/core/text_template.hpp"
#include "orchestrator/workflow/loader.hpp"
#include "orchestrator/workflow/writer.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "workflow_fuzz: property violated: %s\n", what);
    std::abort();
}

void check_load(std::string_view text) {
    steward::workflow::LoadOptions options;
    options.jobs_dir = "/nonexistent/steward-fuzz-jobs";  // file checks run, and never find anything
    const auto result = steward::workflow::load_workflow(text, "fuzz.yaml", options);
    if (result.ok() != result.diagnostics.empty()) {
        fail("ok() disagrees with the diagnostics");
    }
    for (const auto& d : result.diagnostics) {
        if (d.file != "fuzz.yaml" || d.pos.line < 1 || d.pos.col < 1 || d.message.empty()) {
            fail("a diagnostic without file, position or message");
        }
    }
    if (!result.ok()) {
        return;
    }
    const std::string written = steward::workflow::to_yaml(*result.spec);
    const auto again = steward::workflow::load_workflow(written, "fuzz.yaml", options);
    if (!again.ok()) {
        std::fprintf(stderr, "%s\n---\n%s", written.c_str(),
                     steward::core::format_diagnostics(again.diagnostics).c_str());
        fail("a valid spec, written out, does not load");
    }
    if (!(*again.spec == *result.spec)) {
        fail("a valid spec, written out and loaded, is not equal");
    }
    if (steward::workflow::to_yaml(*again.spec) != written) {
        fail("writing is not stable");
    }
}

void check_parsers(std::string_view text) {
    const steward::core::MapLookup empty;
    if (auto e = steward::core::Expression::parse(text)) {
        (void)e->evaluate(empty);
        (void)e->references();
    } else if (e.error().offset > text.size()) {
        fail("expression error offset past the end");
    }
    if (auto t = steward::core::TextTemplate::parse(text)) {
        (void)t->render(empty);
    } else if (t.error().offset > text.size()) {
        fail("template error offset past the end");
    }
    if (auto c = steward::core::CronSchedule::parse(text)) {
        using namespace std::chrono;
        const sys_seconds start = sys_days(year(2024) / March / 10);
        if (auto next = c->next_after(start, steward::core::CronZone::Utc); next && *next <= start) {
            fail("cron next_after is not after");
        }
    }
    if (auto d = steward::core::parse_duration(text)) {
        if (steward::core::parse_duration(steward::core::format_duration(d.value())).value() != d.value()) {
            fail("duration does not round-trip");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check_load(text);
    if (size <= 4096) {
        check_parsers(text);
    }
    return 0;
}
