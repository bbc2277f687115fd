#include "orchestrator/app/report_command.hpp"

#include "orchestrator/app/cli.hpp"
#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/reports/input_source.hpp"
#include "orchestrator/reports/parallel.hpp"
#include "orchestrator/reports/report.hpp"
#include "orchestrator/reports/report_json.hpp"
#include "orchestrator/reports/report_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

namespace steward::app {
namespace {

namespace reports = steward::reports;

constexpr const char* kUsage =
    "Usage: steward report --scored FILE [--reference FILE] --label COL --score COL\n"
    "                      [--prediction COL] [--features a,b,...] [--categorical c,d,...]\n"
    "                      [--bins N] [--threshold T] [--task binary|regression]\n"
    "                      [--format json|text] [--version-column COL] [--threads N] [--timings]\n"
    "\n"
    "Computes a model performance report from scored data (CSV with a header row, or JSON Lines\n"
    "for .jsonl/.ndjson/.json; a local path or file:// URI) and, with --reference, the drift of\n"
    "each feature and of the score against the reference sample.\n"
    "\n"
    "  --scored FILE          the scored data: label, score and feature columns\n"
    "  --reference FILE       reference sample (e.g. training data) for drift\n"
    "  --label COL            the target: 0/1 (binary) or a number (regression)\n"
    "  --score COL            predicted probability (binary) or predicted value (regression)\n"
    "  --prediction COL       binary: predicted class 0/1 for the confusion matrix;\n"
    "                         regression: predicted value (instead of --score)\n"
    "  --features a,b         features compared with the reference (numeric unless\n"
    "                         named in --categorical)\n"
    "  --categorical c,d      which features are categorical: a subset of --features\n"
    "                         (e.g. --features age,region --categorical region); names\n"
    "                         not in --features are compared too\n"
    "  --bins N               quantile bins for numeric drift (default 10)\n"
    "  --threshold T          event when score >= T (default 0.5)\n"
    "  --task binary|regression  (default binary)\n"
    "  --format json|text     output format (default json)\n"
    "  --version-column COL   split by model version (default: 'model_version' if present)\n"
    "  --threads N            worker threads (default: all cores)\n"
    "  --timings              print phase timings on stderr\n"
    "\n"
    "Without --label/--score and with --reference, computes drift only. Exit status: 0 on\n"
    "success, 1 on bad input or options.\n";

struct CliOptions {
    std::string scored;
    std::string reference;
    std::string format = "json";
    bool timings = false;
    reports::ReportOptions report;
};

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        std::string item(text.substr(start, comma - start));
        if (!item.empty()) {
            out.push_back(std::move(item));
        }
        start = comma + 1;
    }
    return out;
}

template <class T>
bool parse_whole(std::string_view text, T& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size();
}

// Parses the arguments; returns an error message, or nothing on success.
std::optional<std::string> parse_args(std::span<const std::string_view> args, CliOptions& o) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view name = args[i];
        std::optional<std::string_view> inline_value;
        if (const std::size_t eq = name.find('='); name.starts_with("--") && eq != std::string_view::npos) {
            inline_value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (name == "--timings") {
            o.timings = true;
            continue;
        }
        static constexpr std::array<std::string_view, 13> kValued = {
            "--scored",   "--reference",      "--label",  "--score",     "--prediction",
            "--features", "--categorical",    "--bins",   "--threshold", "--task",
            "--format",   "--version-column", "--threads"};
        if (std::find(kValued.begin(), kValued.end(), name) == kValued.end()) {
            std::vector<std::string_view> known(kValued.begin(), kValued.end());
            known.emplace_back("--timings");
            return unknown_option(args[i], known);
        }
        if (!inline_value && i + 1 >= args.size()) {
            return "option " + std::string(name) + " needs a value";
        }
        const std::string_view value = inline_value ? *inline_value : args[++i];
        const std::string v(value);
        reports::ReportOptions& r = o.report;
        if (name == "--scored") {
            o.scored = v;
        } else if (name == "--reference") {
            o.reference = v;
        } else if (name == "--label") {
            r.label = v;
        } else if (name == "--score") {
            r.score = v;
        } else if (name == "--prediction") {
            r.prediction = v;
        } else if (name == "--features") {
            r.features = split_list(value);
        } else if (name == "--categorical") {
            r.categorical = split_list(value);
        } else if (name == "--version-column") {
            r.version_column = v;
        } else if (name == "--bins") {
            if (!parse_whole(value, r.drift_bins) || r.drift_bins < 2 ||
                r.drift_bins > reports::kMaxDriftBins) {
                return "--bins needs an integer from 2 to " + std::to_string(reports::kMaxDriftBins) +
                       ", got '" + v + "'";
            }
        } else if (name == "--threshold") {
            if (!parse_whole(value, r.threshold) || !std::isfinite(r.threshold)) {
                return "--threshold needs a number, got '" + v + "'";
            }
        } else if (name == "--threads") {
            if (!parse_whole(value, r.threads) || r.threads < 1 || r.threads > 64) {
                return "--threads needs an integer from 1 to 64, got '" + v + "'";
            }
        } else if (name == "--task") {
            if (v != "binary" && v != "regression") {
                return "--task must be binary or regression, got '" + v + "'";
            }
            r.task = v == "binary" ? reports::Task::binary : reports::Task::regression;
        } else if (name == "--format") {
            if (v != "json" && v != "text") {
                return "--format must be json or text, got '" + v + "'";
            }
            o.format = v;
        }
    }
    if (o.scored.empty()) {
        return std::string("--scored FILE is required");
    }
    if (o.report.label.empty() && o.reference.empty()) {
        return std::string("give --label and --score for performance, or --reference for drift");
    }
    return std::nullopt;
}

int fail(const std::string& message) {
    std::fprintf(stderr, "steward report: %s\n", message.c_str());
    return 1;
}

// The user of the CLI reads their own files: the error's detail (the header, the offending field)
// is shown to them after the message.
int fail(const reports::ReportError& error) {
    if (!error.detail.empty()) {
        std::fprintf(stderr, "steward report: %s (%s)\n", error.message.c_str(), error.detail.c_str());
        return 1;
    }
    return fail(error.message);
}

// Wall and process CPU time per phase (CPU time tells the work apart from waiting for a core).
class PhaseTimer {
public:
    explicit PhaseTimer(bool on) : on_{on} {}
    void mark(const char* phase) {
        const auto now = std::chrono::steady_clock::now();
        const double cpu = cpu_seconds();
        if (on_) {
            std::fprintf(stderr, "steward report: %-10s %.3f s wall, %.3f s cpu\n", phase,
                         std::chrono::duration<double>(now - last_).count(), cpu - last_cpu_);
        }
        last_ = now;
        last_cpu_ = cpu;
    }

private:
    static double cpu_seconds() {
        timespec t{};
        ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
    }

    bool on_;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
    double last_cpu_ = cpu_seconds();
};

}  // namespace

int run_report(std::span<const std::string_view> args) {
    if (wants_help(args)) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    CliOptions o;
    if (auto error = parse_args(args, o)) {
        return fail(*error + "; see 'steward report --help'");
    }
    const unsigned threads = o.report.threads == 0 ? reports::worker_threads() : o.report.threads;
    PhaseTimer timer{o.timings};
    auto requests = reports::scored_columns(o.report, !o.reference.empty());
    if (!requests) {
        return fail(requests.error());
    }
    auto scored = reports::read_table(o.scored, *requests, threads);
    if (!scored) {
        return fail(scored.error());
    }
    timer.mark("read");
    std::optional<reports::Table> reference;
    if (!o.reference.empty()) {
        auto ref = reports::read_table(o.reference, reports::reference_columns(o.report), threads);
        if (!ref) {
            return fail(ref.error());
        }
        reference = std::move(*ref);
        timer.mark("reference");
    }
    auto report = reports::build_report(*scored, reference ? &*reference : nullptr, o.report);
    if (!report) {
        return fail(report.error());
    }
    timer.mark("compute");
    const std::string out =
        o.format == "json" ? engine::json_text(reports::to_json(*report)) + "\n" : reports::to_text(*report);
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
    timer.mark("output");
    return 0;
}

}  // namespace steward::app
