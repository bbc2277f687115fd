#include "orchestrator/reports/score_groups.hpp"

#include "orchestrator/reports/parallel.hpp"
#include "orchestrator/reports/radix_sort.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace steward::reports {
namespace {

constexpr std::size_t kSliceRows = std::size_t{1} << 18U;

// Walks the two ascending key arrays from the top, emitting one group per distinct key.
ScoreGroups merge_descending(std::span<const std::uint64_t> pos, std::span<const std::uint64_t> neg) {
    ScoreGroups g;
    std::size_t i = pos.size();
    std::size_t j = neg.size();
    while (i > 0 || j > 0) {
        std::uint64_t key = 0;
        if (i > 0 && j > 0) {
            key = std::max(pos[i - 1], neg[j - 1]);
        } else {
            key = i > 0 ? pos[i - 1] : neg[j - 1];
        }
        std::size_t e = 0;
        while (i > 0 && pos[i - 1] == key) {
            --i;
            ++e;
        }
        std::size_t ne = 0;
        while (j > 0 && neg[j - 1] == key) {
            --j;
            ++ne;
        }
        g.score.push_back(key_to_double(key));
        g.events.push_back(static_cast<double>(e));
        g.nonevents.push_back(static_cast<double>(ne));
    }
    g.total_events = static_cast<double>(pos.size());
    g.total_nonevents = static_cast<double>(neg.size());
    return g;
}

}  // namespace

ScoreGroups group_scores(std::span<const double> scores, std::span<const double> labels, unsigned threads,
                         std::size_t& skipped) {
    if (scores.size() != labels.size()) {
        throw std::invalid_argument("group_scores: scores and labels differ in length");
    }
    const std::size_t n = scores.size();
    const std::size_t slices = std::max<std::size_t>(1, (n + kSliceRows - 1) / kSliceRows);
    const auto slice_begin = [&](std::size_t s) { return n * s / slices; };
    // Pass 1: per-slice class counts, so pass 2 can write both key arrays in parallel.
    std::vector<std::size_t> pos_count(slices, 0);
    std::vector<std::size_t> neg_count(slices, 0);
    parallel_for(slices, threads, [&](std::size_t s) {
        std::size_t p = 0;
        std::size_t q = 0;
        for (std::size_t r = slice_begin(s), e = slice_begin(s + 1); r < e; ++r) {
            const bool valid = !std::isnan(scores[r]) && !std::isnan(labels[r]);
            p += valid && labels[r] == 1.0 ? 1 : 0;
            q += valid && labels[r] != 1.0 ? 1 : 0;
        }
        pos_count[s] = p;
        neg_count[s] = q;
    });
    std::vector<std::size_t> pos_at(slices + 1, 0);
    std::vector<std::size_t> neg_at(slices + 1, 0);
    std::partial_sum(pos_count.begin(), pos_count.end(), pos_at.begin() + 1);
    std::partial_sum(neg_count.begin(), neg_count.end(), neg_at.begin() + 1);
    skipped = n - pos_at[slices] - neg_at[slices];

    // One buffer for both classes' keys and one scratch buffer, each of the rows' size: blocks
    // that the allocator hands on to the drift sorts afterwards (no fresh pages there).
    BigVector<std::uint64_t> keys(pos_at[slices] + neg_at[slices]);
    const std::span<std::uint64_t> pos(keys.data(), pos_at[slices]);
    const std::span<std::uint64_t> neg(keys.data() + pos.size(), neg_at[slices]);
    parallel_for(slices, threads, [&](std::size_t s) {
        std::uint64_t* p = pos.data() + pos_at[s];
        std::uint64_t* q = neg.data() + neg_at[s];
        for (std::size_t r = slice_begin(s), e = slice_begin(s + 1); r < e; ++r) {
            if (std::isnan(scores[r]) || std::isnan(labels[r])) {
                continue;
            }
            const std::uint64_t key = sortable_key(scores[r]);
            if (labels[r] == 1.0) {
                *p++ = key;
            } else {
                *q++ = key;
            }
        }
    });
    BigVector<std::uint64_t> scratch;
    scratch.reserve(keys.size());
    radix_sort(pos, scratch, threads);
    radix_sort(neg, scratch, threads);
    return merge_descending(pos, neg);
}

BigVector<double> expand_sorted_finite(const ScoreGroups& groups) {
    std::size_t finite = 0;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        if (std::isfinite(groups.score[g])) {
            finite += static_cast<std::size_t>(groups.events[g] + groups.nonevents[g]);
        }
    }
    BigVector<double> out(finite + 1);
    double* at = out.data();
    for (std::size_t g = groups.size(); g-- > 0;) {  // groups are descending
        if (std::isfinite(groups.score[g])) {
            at = std::fill_n(at, static_cast<std::size_t>(groups.events[g] + groups.nonevents[g]),
                             groups.score[g]);
        }
    }
    *at = std::numeric_limits<double>::infinity();
    return out;
}

Result<ScoreGroups> groups_from_counts(std::span<const double> scores, std::span<const double> events,
                                       std::span<const double> nonevents) {
    if (scores.size() != events.size() || scores.size() != nonevents.size()) {
        return ReportError{"score counts: the score, events and non-events lists differ in length"};
    }
    std::vector<std::size_t> order(scores.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = 0; i < scores.size(); ++i) {
        if (std::isnan(scores[i])) {
            return ReportError{"score counts: entry " + std::to_string(i) + " has a NaN score"};
        }
        if (!std::isfinite(events[i]) || !std::isfinite(nonevents[i]) || events[i] < 0 || nonevents[i] < 0) {
            return ReportError{"score counts: entry " + std::to_string(i) +
                               " has a negative or non-finite count"};
        }
    }
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    ScoreGroups g;
    for (const std::size_t i : order) {
        const double s = scores[i] == 0.0 ? 0.0 : scores[i];
        if (!g.score.empty() && g.score.back() == s) {
            g.events.back() += events[i];
            g.nonevents.back() += nonevents[i];
        } else {
            g.score.push_back(s);
            g.events.push_back(events[i]);
            g.nonevents.push_back(nonevents[i]);
        }
        g.total_events += events[i];
        g.total_nonevents += nonevents[i];
    }
    return g;
}

}  // namespace steward::reports
