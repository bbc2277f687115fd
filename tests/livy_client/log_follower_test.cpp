#include "livy_client/log_follower.hpp"

#include <boost/test/unit_test.hpp>

#include <deque>
#include <string>
#include <vector>

namespace {

using Lines = std::vector<std::string>;

// A model of Livy's per-section ring buffers and its log layout.
class RingLog {
public:
    explicit RingLog(std::size_t capacity) : capacity_(capacity) {}
    void out(const std::string& line) { push(stdout_, line); }
    void err(const std::string& line) { push(stderr_, line); }
    Lines snapshot(bool yarn = false) const {
        Lines s{"stdout: "};
        s.insert(s.end(), stdout_.begin(), stdout_.end());
        s.emplace_back("\nstderr: ");
        s.insert(s.end(), stderr_.begin(), stderr_.end());
        if (yarn) {
            s.emplace_back("\nYARN Diagnostics: ");
            s.emplace_back("diag");
        }
        return s;
    }

private:
    void push(std::deque<std::string>& d, const std::string& line) {
        d.push_back(line);
        if (d.size() > capacity_) {
            d.pop_front();
        }
    }
    std::size_t capacity_;
    std::deque<std::string> stdout_;
    std::deque<std::string> stderr_;
};

Lines texts(const std::vector<livy::LogLine>& lines, livy::LogSection section) {
    Lines out;
    for (const auto& l : lines) {
        if (l.section == section) {
            out.push_back(l.text);
        }
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(livy_log_follower)

BOOST_AUTO_TEST_CASE(split_drops_markers) {
    const Lines snap{"stdout: ", "a", "b", "\nstderr: ", "e", "\nYARN Diagnostics: ", "d"};
    const auto s = livy::split_log_sections(snap);
    BOOST_TEST((s[1] == Lines{"a", "b"}));
    BOOST_TEST((s[2] == Lines{"e"}));
    BOOST_TEST((s[3] == Lines{"d"}));
    BOOST_TEST(s[0].empty());
    // No markers at all (old servers): everything is LogSection::none.
    const auto none = livy::split_log_sections(Lines{"x", "y"});
    BOOST_TEST((none[0] == Lines{"x", "y"}));
    // A merged marker keeps its remainder as the first line.
    const auto merged = livy::split_log_sections(Lines{"stdout: first", "second", "\nstderr: oops"});
    BOOST_TEST((merged[1] == Lines{"first", "second"}));
    BOOST_TEST((merged[2] == Lines{"oops"}));
    // "stdout: x" later in stdout is a real line, not a marker.
    const auto real = livy::split_log_sections(Lines{"stdout: ", "stdout: x"});
    BOOST_TEST((real[1] == Lines{"stdout: x"}));
    const auto k8s = livy::split_log_sections(Lines{"stdout: ", "\nKubernetes Diagnostics: ", "pod"});
    BOOST_TEST((k8s[4] == Lines{"pod"}));
}

BOOST_AUTO_TEST_CASE(overlap_basic_and_shifted) {
    BOOST_TEST(livy::log_overlap_end(Lines{}, Lines{"a", "b"}) == 0u);
    BOOST_TEST(livy::log_overlap_end(Lines{"a", "b"}, Lines{"a", "b", "c"}) == 2u);       // grew
    BOOST_TEST(livy::log_overlap_end(Lines{"a", "b", "c"}, Lines{"b", "c", "d"}) == 2u);  // shifted
    BOOST_TEST(livy::log_overlap_end(Lines{"a", "b", "c"}, Lines{"x", "y", "z"}) == 0u);  // gap
    BOOST_TEST(livy::log_overlap_end(Lines{"a", "b"}, Lines{"a", "b"}) == 2u);            // same
    // A truncated tail (last 2 of 4 lines) found inside a longer snapshot.
    BOOST_TEST(livy::log_overlap_end(Lines{"c", "d"}, 4, Lines{"a", "b", "c", "d", "e"}) == 4u);
    // The old end can never lie beyond the previous size.
    BOOST_TEST(livy::log_overlap_end(Lines{"c", "d"}, Lines{"a", "b", "c", "d", "e"}) == 0u);
}

BOOST_AUTO_TEST_CASE(overlap_repeated_lines) {
    // Identical lines: the longest overlap wins (never yield a line twice).
    BOOST_TEST(livy::log_overlap_end(Lines{"x", "x"}, Lines{"x", "x", "x"}) == 2u);
    BOOST_TEST(livy::log_overlap_end(Lines{"a", "x"}, Lines{"x", "x"}) == 1u);
    BOOST_TEST(livy::log_overlap_end(Lines{"x", "y", "x", "y"}, Lines{"x", "y", "x", "y", "x", "y"}) == 4u);
    BOOST_TEST(livy::log_overlap_end(Lines{"a", "x"}, Lines{"a", "x", "b", "a", "x"}) == 2u);
    BOOST_TEST(livy::log_overlap_end(Lines{"a", "x"}, 5, Lines{"a", "x", "b", "a", "x"}) == 5u);
}

BOOST_AUTO_TEST_CASE(ring_buffer_shifts_yield_each_line_once) {
    RingLog log(200);
    livy::LogFollowerState state;
    Lines got_out, got_err, want_out, want_err;
    int n = 0;
    // Bursts smaller than the ring capacity, so nothing is lost between polls.
    for (int poll = 0; poll < 40; ++poll) {
        const int burst = (poll * 37) % 150 + 1;
        for (int i = 0; i < burst; ++i) {
            const std::string line = "line " + std::to_string(n++);
            if (i % 5 == 0) {
                log.err(line);
                want_err.push_back(line);
            } else {
                log.out(line);
                want_out.push_back(line);
            }
        }
        auto update = livy::apply_log_snapshot(state, log.snapshot(), 200);
        for (const auto& l : update.lines) {
            BOOST_TEST(l.text.find('\n') == std::string::npos);  // markers never yielded
        }
        const Lines o = texts(update.lines, livy::LogSection::stdout_section);
        const Lines e = texts(update.lines, livy::LogSection::stderr_section);
        got_out.insert(got_out.end(), o.begin(), o.end());
        got_err.insert(got_err.end(), e.begin(), e.end());
        state = std::move(update.state);
    }
    BOOST_TEST(got_out == want_out);
    BOOST_TEST(got_err == want_err);
    BOOST_TEST(state.sections[1].yielded == want_out.size());
    BOOST_TEST(state.sections[1].tail.size() == 200u);
    BOOST_TEST(state.polls == 40u);
}

BOOST_AUTO_TEST_CASE(repeated_identical_lines_across_polls) {
    RingLog log(5);
    livy::LogFollowerState state;
    log.out("x");
    log.out("x");
    auto u1 = livy::apply_log_snapshot(state, log.snapshot(), 5);
    BOOST_TEST(u1.lines.size() == 2u);
    log.out("x");
    auto u2 = livy::apply_log_snapshot(u1.state, log.snapshot(), 5);
    BOOST_TEST(u2.lines.size() == 1u);
    auto u3 = livy::apply_log_snapshot(u2.state, log.snapshot(), 5);  // nothing new
    BOOST_TEST(u3.lines.empty());
    log.out("y");
    log.out("x");
    log.out("x");
    log.out("x");  // window now [x, y, x, x, x]: shifted by four
    auto u4 = livy::apply_log_snapshot(u3.state, log.snapshot(), 5);
    Lines want{"y", "x", "x", "x"};
    BOOST_TEST(texts(u4.lines, livy::LogSection::stdout_section) == want);
}

BOOST_AUTO_TEST_CASE(markers_move_but_are_not_lines) {
    livy::LogFollowerState state;
    auto u1 = livy::apply_log_snapshot(state, Lines{"stdout: ", "a", "\nstderr: ", "\nYARN Diagnostics: "});
    BOOST_TEST(u1.lines.size() == 1u);
    BOOST_TEST(u1.lines[0].text == "a");
    BOOST_TEST(u1.lines[0].section == livy::LogSection::stdout_section);
    auto u2 = livy::apply_log_snapshot(
        u1.state, Lines{"stdout: ", "a", "b", "\nstderr: ", "w", "\nYARN Diagnostics: ", "d1"});
    BOOST_TEST(u2.lines.size() == 3u);
    BOOST_TEST(u2.lines[0].text == "b");
    BOOST_TEST(u2.lines[1].section == livy::LogSection::stderr_section);
    BOOST_TEST(u2.lines[2].section == livy::LogSection::yarn_diagnostics);
    // An empty or missing section keeps its tail: no re-yield when it comes back.
    auto u3 = livy::apply_log_snapshot(u2.state, Lines{"stdout: ", "a", "b"});
    BOOST_TEST(u3.lines.empty());
    auto u4 = livy::apply_log_snapshot(u3.state, Lines{"stdout: ", "a", "b", "\nstderr: ", "w"});
    BOOST_TEST(u4.lines.empty());
}

BOOST_AUTO_TEST_CASE(state_round_trip_resumes_without_duplicates) {
    RingLog log(200);
    for (int i = 0; i < 250; ++i) {
        log.out("o" + std::to_string(i));
    }
    log.err("e0");
    auto u1 = livy::apply_log_snapshot({}, log.snapshot(true), 200);
    BOOST_TEST(u1.lines.size() == 202u);  // 200 retained stdout lines + e0 + diag
    const std::string saved = u1.state.to_json();

    auto restored = livy::LogFollowerState::from_json(saved);
    BOOST_TEST_REQUIRE(restored.has_value());
    BOOST_TEST(restored->to_json() == saved);
    BOOST_TEST(restored->sections[1].yielded == 200u);
    BOOST_TEST(restored->polls == 1u);

    for (int i = 250; i < 260; ++i) {
        log.out("o" + std::to_string(i));
    }
    auto u2 = livy::apply_log_snapshot(*restored, log.snapshot(true), 200);
    BOOST_TEST(u2.lines.size() == 10u);
    BOOST_TEST(u2.lines.front().text == "o250");
    BOOST_TEST(u2.lines.back().text == "o259");
}

BOOST_AUTO_TEST_CASE(small_tail_limit_still_dedupes_shifts) {
    RingLog log(200);
    livy::LogFollowerState state;
    Lines got, want;
    for (int poll = 0; poll < 10; ++poll) {
        for (int i = 0; i < 30; ++i) {
            const std::string line = "p" + std::to_string(poll) + "-" + std::to_string(i);
            log.out(line);
            want.push_back(line);
        }
        auto u = livy::apply_log_snapshot(state, log.snapshot(), 8);
        const Lines o = texts(u.lines, livy::LogSection::stdout_section);
        got.insert(got.end(), o.begin(), o.end());
        state = std::move(u.state);
        BOOST_TEST(state.sections[1].tail.size() <= 8u);
    }
    BOOST_TEST(got == want);
}

BOOST_AUTO_TEST_CASE(bad_state_json_is_reported) {
    auto garbage = livy::LogFollowerState::from_json("nope");
    BOOST_TEST_REQUIRE(!garbage.has_value());
    BOOST_TEST(garbage.error().code == livy::Errc::bad_response);
    auto version = livy::LogFollowerState::from_json(R"({"v":2})");
    BOOST_TEST_REQUIRE(!version.has_value());
    BOOST_TEST(version.error().message.find("version") != std::string::npos);
    auto section = livy::LogFollowerState::from_json(R"({"v":1,"sections":{"bogus":{}}})");
    BOOST_TEST_REQUIRE(!section.has_value());
    BOOST_TEST(section.error().message.find("bogus") != std::string::npos);
    auto tail = livy::LogFollowerState::from_json(R"({"v":1,"sections":{"stdout":{"tail":{}}}})");
    BOOST_TEST_REQUIRE(!tail.has_value());
    BOOST_TEST(tail.error().message.find("sections.stdout.tail") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
