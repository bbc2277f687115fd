#include "livy_client/log_follower.hpp"

#include "livy_client/client.hpp"
#include "livy_client/json_fields.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <optional>
#include <ostream>

namespace livy {
namespace {

struct Marker {
    std::string_view text;
    LogSection section;
};

// "stdout: " starts the first section; the others are prefixed with '\n', which real log lines
// never contain (Livy splits process output into lines).
constexpr std::array<Marker, 4> kMarkers{{
    {"stdout: ", LogSection::stdout_section},
    {"\nstderr: ", LogSection::stderr_section},
    {"\nYARN Diagnostics: ", LogSection::yarn_diagnostics},
    {"\nKubernetes Diagnostics: ", LogSection::k8s_diagnostics},
}};

constexpr std::array<std::string_view, kLogSectionCount> kSectionNames{"none", "stdout", "stderr",
                                                                       "yarn_diagnostics", "k8s_diagnostics"};

std::size_t index(LogSection s) {
    return static_cast<std::size_t>(s);
}

// The marker an element starts, with the remaining text (if any) of that element.
std::optional<std::pair<LogSection, std::string_view>> match_marker(std::string_view element, bool first) {
    for (const Marker& m : kMarkers) {
        if (element == m.text) {
            return std::pair{m.section, std::string_view{}};
        }
        // A merged "stdout: text" is only plausible as the very first element; '\n'-prefixed
        // markers can never be a real line, so their merged form is accepted anywhere.
        const bool merged_ok = first || m.text.front() == '\n';
        if (merged_ok && element.size() > m.text.size() && element.starts_with(m.text)) {
            return std::pair{m.section, element.substr(m.text.size())};
        }
    }
    return std::nullopt;
}

}  // namespace

std::string_view to_string(LogSection s) noexcept {
    const auto i = static_cast<std::size_t>(s);
    return i < kSectionNames.size() ? kSectionNames[i] : "none";
}

std::ostream& operator<<(std::ostream& os, LogSection s) {
    return os << to_string(s);
}

std::array<std::vector<std::string>, kLogSectionCount> split_log_sections(
    std::span<const std::string> snapshot) {
    std::array<std::vector<std::string>, kLogSectionCount> out;
    LogSection current = LogSection::none;
    for (std::size_t i = 0; i < snapshot.size(); ++i) {
        if (auto m = match_marker(snapshot[i], i == 0)) {
            current = m->first;
            if (!m->second.empty()) {
                out[index(current)].emplace_back(m->second);
            }
            continue;
        }
        out[index(current)].push_back(snapshot[i]);
    }
    return out;
}

std::size_t log_overlap_end(std::span<const std::string> previous_tail,
                            std::span<const std::string> current) {
    return log_overlap_end(previous_tail, previous_tail.size(), current);
}

std::size_t log_overlap_end(std::span<const std::string> previous_tail, std::size_t previous_size,
                            std::span<const std::string> current) {
    const std::size_t t = previous_tail.size();
    previous_size = std::max(previous_size, t);
    for (std::size_t j = std::min(current.size(), previous_size); j > 0; --j) {
        const std::size_t len = std::min(j, t);
        if (len == 0) {
            break;
        }
        if (std::equal(current.begin() + static_cast<std::ptrdiff_t>(j - len),
                       current.begin() + static_cast<std::ptrdiff_t>(j),
                       previous_tail.end() - static_cast<std::ptrdiff_t>(len))) {
            return j;
        }
    }
    return 0;
}

LogUpdate apply_log_snapshot(const LogFollowerState& previous, std::span<const std::string> snapshot,
                             std::size_t tail_limit) {
    tail_limit = std::max<std::size_t>(tail_limit, 1);
    LogUpdate update;
    update.state = previous;
    update.state.polls = previous.polls + 1;
    auto sections = split_log_sections(snapshot);
    for (std::size_t s = 0; s < kLogSectionCount; ++s) {
        const auto& lines = sections[s];
        if (lines.empty()) {
            continue;  // an absent/empty section carries no information; keep the old tail
        }
        SectionCursor& cursor = update.state.sections[s];
        const std::size_t start =
            log_overlap_end(cursor.tail, static_cast<std::size_t>(cursor.snapshot_size), lines);
        for (std::size_t i = start; i < lines.size(); ++i) {
            update.lines.push_back(LogLine{static_cast<LogSection>(s), lines[i]});
        }
        cursor.yielded += lines.size() - start;
        const std::size_t keep = std::min(tail_limit, lines.size());
        cursor.tail.assign(lines.end() - static_cast<std::ptrdiff_t>(keep), lines.end());
        cursor.snapshot_size = lines.size();
    }
    return update;
}

std::string LogFollowerState::to_json() const {
    boost::json::object sections_json;
    for (std::size_t s = 0; s < kLogSectionCount; ++s) {
        const SectionCursor& c = sections[s];
        if (c.yielded == 0 && c.tail.empty()) {
            continue;
        }
        boost::json::array tail;
        for (const auto& line : c.tail) {
            tail.emplace_back(line);
        }
        sections_json[kSectionNames[s]] = {
            {"yielded", c.yielded}, {"size", c.snapshot_size}, {"tail", std::move(tail)}};
    }
    boost::json::object root{{"v", 1}, {"polls", polls}};
    root["sections"] = std::move(sections_json);
    return boost::json::serialize(root);
}

Result<LogFollowerState> LogFollowerState::from_json(std::string_view text) {
    auto v = parse_json_body(text, "log follower state");
    if (!v) {
        return v.error();
    }
    auto root = require_object(*v, "log follower state");
    if (!root) {
        return root.error();
    }
    JsonFields f(**root, "log follower state");
    const auto version = f.int64("v");
    if (version != 1) {
        return make_error(Errc::bad_response, "log follower state: unsupported version (v must be 1)");
    }
    LogFollowerState state;
    state.polls = static_cast<std::uint64_t>(std::max<std::int64_t>(0, f.int64("polls").value_or(0)));
    if (const boost::json::object* secs = f.object("sections")) {
        for (const auto& kv : *secs) {
            const auto it = std::find(kSectionNames.begin(), kSectionNames.end(), kv.key());
            if (it == kSectionNames.end()) {
                return make_error(Errc::bad_response, "log follower state.sections: unknown section '" +
                                                          std::string(kv.key()) + "'");
            }
            const std::string where = f.path("sections") + "." + std::string(kv.key());
            auto obj = require_object(kv.value(), where);
            if (!obj) {
                return obj.error();
            }
            JsonFields sf(**obj, where);
            SectionCursor& c = state.sections[static_cast<std::size_t>(it - kSectionNames.begin())];
            const auto yielded = sf.int64("yielded").value_or(0);
            if (yielded < 0) {
                sf.fail(sf.path("yielded") + ": must not be negative");
            }
            c.yielded = static_cast<std::uint64_t>(std::max<std::int64_t>(0, yielded));
            c.tail = sf.str_list("tail");
            const auto size = sf.int64("size").value_or(static_cast<std::int64_t>(c.tail.size()));
            if (size < static_cast<std::int64_t>(c.tail.size())) {
                sf.fail(sf.path("size") + ": smaller than the tail");
            }
            c.snapshot_size = static_cast<std::uint64_t>(std::max<std::int64_t>(0, size));
            if (sf.error()) {
                return *sf.error();
            }
        }
    }
    if (f.error()) {
        return *f.error();
    }
    return state;
}

LogFollower::LogFollower(Client& client, LogSource source, Id id, LogFollowerState state,
                         std::size_t tail_limit)
    : client_(client),
      source_(source),
      id_(std::move(id)),
      state_(std::move(state)),
      tail_limit_(tail_limit) {}

boost::asio::awaitable<Result<std::vector<LogLine>>> LogFollower::poll() {
    const LogRange all{.from = std::nullopt, .size = -1};
    // No co_await inside ?: (GCC 12 miscompiles the temporaries' lifetimes there).
    Result<LogPage> page = make_error(Errc::cancelled, "not fetched");
    if (source_ == LogSource::batch) {
        page = co_await client_.batch_log(id_, all);
    } else {
        page = co_await client_.session_log(id_, all);
    }
    if (!page) {
        co_return page.error();
    }
    LogUpdate update = apply_log_snapshot(state_, page->log, tail_limit_);
    state_ = std::move(update.state);
    co_return std::move(update.lines);
}

}  // namespace livy
