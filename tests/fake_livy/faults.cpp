#include "tests/fake_livy/faults.hpp"

#include <utility>

namespace steward::fake_livy {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t pos = 0;
    while (pos <= path.size()) {
        const auto next = path.find('/', pos);
        const auto end = next == std::string_view::npos ? path.size() : next;
        if (end > pos) {
            out.push_back(path.substr(pos, end - pos));
        }
        if (next == std::string_view::npos) {
            break;
        }
        pos = next + 1;
    }
    return out;
}

}  // namespace

Fault reply_fault(std::string method, std::string path, unsigned status, std::string body, unsigned nth,
                  unsigned times) {
    Fault f;
    f.method = std::move(method);
    f.path = std::move(path);
    f.action = FaultAction::reply;
    f.status = status;
    f.body = std::move(body);
    f.nth = nth;
    f.times = times;
    return f;
}

Fault delay_fault(std::string method, std::string path, std::chrono::milliseconds delay, unsigned nth,
                  unsigned times) {
    Fault f;
    f.method = std::move(method);
    f.path = std::move(path);
    f.action = FaultAction::delay;
    f.delay = delay;
    f.nth = nth;
    f.times = times;
    return f;
}

Fault action_fault(FaultAction action, std::string method, std::string path, unsigned nth, unsigned times) {
    Fault f;
    f.method = std::move(method);
    f.path = std::move(path);
    f.action = action;
    f.nth = nth;
    f.times = times;
    return f;
}

bool path_matches(std::string_view pattern, std::string_view path) {
    if (pattern.empty()) {
        return true;
    }
    const auto want = split_path(pattern);
    const auto have = split_path(path);
    for (std::size_t i = 0; i < want.size(); ++i) {
        if (want[i] == "**" && i + 1 == want.size()) {
            return true;
        }
        if (i >= have.size()) {
            return false;
        }
        if (want[i] != "*" && want[i] != have[i]) {
            return false;
        }
    }
    return want.size() == have.size();
}

void FaultPlan::add(Fault fault) {
    entries_.push_back(Entry{std::move(fault)});
}

void FaultPlan::clear() noexcept {
    entries_.clear();
}

std::optional<Fault> FaultPlan::match(std::string_view method, std::string_view path) {
    std::optional<Fault> chosen;
    for (auto& e : entries_) {
        if (!e.fault.method.empty() && e.fault.method != method) {
            continue;
        }
        if (!path_matches(e.fault.path, path)) {
            continue;
        }
        ++e.seen;
        const bool in_window =
            e.seen >= e.fault.nth && (e.fault.times == 0 || e.seen < e.fault.nth + e.fault.times);
        if (in_window && !chosen) {
            ++e.fired;
            chosen = e.fault;
        }
    }
    return chosen;
}

std::vector<unsigned> FaultPlan::fired() const {
    std::vector<unsigned> out;
    out.reserve(entries_.size());
    for (const auto& e : entries_) {
        out.push_back(e.fired);
    }
    return out;
}

}  // namespace steward::fake_livy
