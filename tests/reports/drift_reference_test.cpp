// Drift figures against numpy/scipy. The data and the expected figures are written by
// tests/reports/drift_reference.py into the directory named by STEWARD_DRIFT_REFERENCE (the ctest
// entry reports_drift_reference runs that script first as a fixture). Tolerance: 1e-9 absolute
// (relative above 1) for statistics, 1e-9 relative for p-values and distribution functions.
#include "orchestrator/reports/drift.hpp"
#include "orchestrator/reports/stats_chi2.hpp"
#include "orchestrator/reports/stats_ks.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace r = steward::reports;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

fs::path reference_dir() {
    const char* env = std::getenv("STEWARD_DRIFT_REFERENCE");
    if (env == nullptr || *env == '\0') {
        BOOST_FAIL(
            "STEWARD_DRIFT_REFERENCE is not set: run this suite through ctest "
            "(reports_drift_reference), which generates the data with drift_reference.py");
    }
    return env;
}

const json::object& reference() {
    static const json::value doc = [] {
        const fs::path file = reference_dir() / "drift_reference.json";
        std::ifstream in(file);
        if (!in) {
            BOOST_FAIL("cannot read " << file << " (did drift_reference.py run?)");
        }
        std::stringstream text;
        text << in.rdbuf();
        return json::parse(text.str());
    }();
    return doc.as_object();
}

template <class T>
std::vector<T> read_binary(const std::string& name) {
    const fs::path file = reference_dir() / name;
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        BOOST_FAIL("cannot read " << file);
    }
    std::vector<T> out(fs::file_size(file) / sizeof(T));
    in.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(out.size() * sizeof(T)));
    return out;
}

double num(const json::value& v) {
    return v.to_number<double>();
}

// |a − b| ≤ 1e-9 · max(1, |b|): absolute for figures up to 1, relative beyond.
bool close_abs(double a, double b) {
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

// Relative 1e-9, with a floor for values that underflow differently (around 1e-300).
bool close_rel(double a, double b) {
    return std::abs(a - b) <= 1e-9 * std::abs(b) + 1e-300;
}

void check(const std::string& what, const r::DriftFigure& got, const json::value& want, bool relative) {
    BOOST_TEST_CONTEXT(what) {
        BOOST_REQUIRE_MESSAGE(got.value.has_value(), what << " undefined: " << got.reason);
        const double expected = num(want);
        BOOST_TEST((relative ? close_rel(*got.value, expected) : close_abs(*got.value, expected)),
                   "got " << std::setprecision(17) << *got.value << ", scipy " << expected);
    }
}

std::vector<std::uint64_t> counts(const json::value& v) {
    std::vector<std::uint64_t> out;
    for (const auto& c : v.as_array()) {
        out.push_back(c.to_number<std::uint64_t>());
    }
    return out;
}

std::vector<std::string> strings(const json::value& v) {
    std::vector<std::string> out;
    for (const auto& s : v.as_array()) {
        out.emplace_back(s.as_string());
    }
    return out;
}

// The samples of one case, kept alive while DriftInput points at them.
struct CaseData {
    std::vector<double> ref_values, cur_values;
    std::vector<std::uint32_t> ref_codes, cur_codes;
    std::vector<std::string> ref_dict, cur_dict;
    r::DriftInput input;
};

std::unique_ptr<CaseData> load(const json::object& c) {
    auto d = std::make_unique<CaseData>();
    d->input.name = std::string(c.at("name").as_string());
    if (c.at("kind").as_string() == "numeric") {
        d->ref_values = read_binary<double>(std::string(c.at("reference_file").as_string()));
        d->cur_values = read_binary<double>(std::string(c.at("current_file").as_string()));
        d->input.reference_values = d->ref_values;
        d->input.current_values = d->cur_values;
    } else {
        d->input.kind = r::DriftKind::categorical;
        d->ref_codes = read_binary<std::uint32_t>(std::string(c.at("reference_file").as_string()));
        d->cur_codes = read_binary<std::uint32_t>(std::string(c.at("current_file").as_string()));
        d->ref_dict = strings(c.at("reference_dictionary"));
        d->cur_dict = strings(c.at("current_dictionary"));
        d->input.reference_categories = {d->ref_codes, d->ref_dict};
        d->input.current_categories = {d->cur_codes, d->cur_dict};
    }
    return d;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(drift_reference, *boost::unit_test::disabled())

BOOST_AUTO_TEST_CASE(features_match_numpy_and_scipy) {
    const auto& cases = reference().at("cases").as_array();
    BOOST_TEST_MESSAGE("numpy " << reference().at("numpy") << ", scipy " << reference().at("scipy") << ", "
                                << cases.size() << " cases");
    BOOST_REQUIRE(cases.size() >= 20U);
    for (const auto& value : cases) {
        const json::object& c = value.as_object();
        const std::string name(c.at("name").as_string());
        BOOST_TEST_CONTEXT("case " << name) {
            const auto data = load(c);
            r::DriftOptions options;
            if (const auto* bins = c.if_contains("bins")) {
                options.bins = bins->to_number<std::size_t>();
            }
            const auto result = r::feature_drift(data->input, options);
            BOOST_REQUIRE_MESSAGE(result.has_value(), result.error().message);
            const r::FeatureDrift& f = *result;
            BOOST_TEST(f.missing.reference == c.at("reference_missing").to_number<std::uint64_t>());
            BOOST_TEST(f.missing.current == c.at("current_missing").to_number<std::uint64_t>());
            check("psi", f.psi, c.at("psi"), false);
            check("js_distance", f.js_distance, c.at("js_distance"), false);
            if (data->input.kind == r::DriftKind::numeric) {
                const auto& edges = c.at("edges").as_array();
                BOOST_TEST_REQUIRE(f.bins.edges.size() == edges.size());
                for (std::size_t i = 0; i < edges.size(); ++i) {
                    // Same interpolation; the tolerance only absorbs JSON number parsing.
                    BOOST_TEST(std::abs(f.bins.edges[i] - num(edges[i])) <=
                               1e-13 * std::max(1.0, std::abs(num(edges[i]))));
                }
                BOOST_TEST(f.bins.reference_counts == counts(c.at("reference_counts")));
                BOOST_TEST(f.bins.current_counts == counts(c.at("current_counts")));
                check("ks_statistic", f.ks_statistic, c.at("ks_statistic"), false);
                check("ks_pvalue", f.ks_pvalue, c.at("ks_pvalue"), true);
                const bool exact = c.at("ks_method").as_string() == "exact";
                BOOST_TEST((f.ks_method == (exact ? r::KsMethod::exact : r::KsMethod::asymptotic)));
                check("wasserstein", f.wasserstein, c.at("wasserstein"), false);
                check("wasserstein_normed", f.wasserstein_normed, c.at("wasserstein_normed"), false);
            } else {
                // Compare per label: the bin order is ours (reference dictionary first).
                const auto labels = strings(c.at("categories"));
                const auto ref = counts(c.at("reference_counts"));
                const auto cur = counts(c.at("current_counts"));
                std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> want;
                for (std::size_t i = 0; i < labels.size(); ++i) {
                    if (ref[i] + cur[i] > 0) {
                        want[labels[i]] = {ref[i], cur[i]};
                    }
                }
                std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> got;
                for (std::size_t i = 0; i < f.bins.size(); ++i) {
                    got[f.bins.categories[i]] = {f.bins.reference_counts[i], f.bins.current_counts[i]};
                }
                BOOST_TEST((got == want));
                check("chi2_pvalue", f.chi2_pvalue, c.at("chi2_pvalue"), true);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(summary_matches) {
    const auto& s = reference().at("summary").as_object();
    std::map<std::string, const json::object*> by_name;
    for (const auto& value : reference().at("cases").as_array()) {
        by_name[std::string(value.as_object().at("name").as_string())] = &value.as_object();
    }
    std::vector<std::unique_ptr<CaseData>> data;
    std::vector<r::DriftInput> features;
    for (const auto& name : s.at("features").as_array()) {
        data.push_back(load(*by_name.at(std::string(name.as_string()))));
        features.push_back(data.back()->input);
    }
    const auto score = load(*by_name.at(std::string(s.at("score").as_string())));
    r::DriftOptions options;
    options.threads = 2;
    const auto report = r::compute_drift(features, &score->input, options);
    BOOST_REQUIRE_MESSAGE(report.has_value(), report.error().message);
    BOOST_TEST(report->summary.psi_above_moderate == s.at("psi_above_moderate").to_number<std::size_t>());
    BOOST_TEST(report->summary.psi_above_significant ==
               s.at("psi_above_significant").to_number<std::size_t>());
    check("output_stability", report->summary.output_stability, s.at("output_stability"), false);
}

BOOST_AUTO_TEST_CASE(distribution_functions_match_scipy) {
    for (const auto& value : reference().at("functions").as_array()) {
        const json::object& f = value.as_object();
        const std::string fn(f.at("fn").as_string());
        double got = 0;
        if (fn == "kstwo_sf") {
            got = r::kstwo_sf(f.at("n").to_number<std::int64_t>(), num(f.at("x")));
        } else if (fn == "smirnov_sf") {
            got = r::smirnov_sf(f.at("n").to_number<std::int64_t>(), num(f.at("x")));
        } else if (fn == "chi2_sf") {
            got = r::chi2_sf(num(f.at("x")), num(f.at("df")));
        } else if (fn == "prob_outside_square") {
            got = r::ks_prob_outside_square(f.at("n").to_number<std::int64_t>(),
                                            f.at("h").to_number<std::int64_t>());
        } else if (fn == "outer_prob_inside") {
            got = r::ks_outer_prob_inside(
                f.at("m").to_number<std::int64_t>(), f.at("n").to_number<std::int64_t>(),
                f.at("g").to_number<std::int64_t>(), f.at("h").to_number<std::int64_t>());
        } else {
            BOOST_FAIL("unknown function " << fn);
        }
        const double want = num(f.at("value"));
        BOOST_TEST(close_rel(got, want), json::serialize(f) << ": got " << std::setprecision(17) << got);
    }
}

BOOST_AUTO_TEST_SUITE_END()
