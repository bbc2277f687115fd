#include "tests/fake_livy/log_buffer.hpp"

#include <algorithm>

namespace steward::fake_livy {

namespace {
constexpr long long kDefaultPageSize = 100;
}  // namespace

void LogBuffer::append(LogStream stream, std::string line) {
    auto& section = stream == LogStream::stdout_stream ? stdout_ : stderr_;
    auto& counter = stream == LogStream::stdout_stream ? stdout_appended_ : stderr_appended_;
    ++counter;
    if (capacity_ == 0) {
        return;
    }
    if (section.size() == capacity_) {
        section.pop_front();
    }
    section.push_back(std::move(line));
}

std::vector<std::string> LogBuffer::lines() const {
    std::vector<std::string> out;
    out.reserve(stdout_.size() + stderr_.size() + 2);
    out.emplace_back("stdout: ");
    out.insert(out.end(), stdout_.begin(), stdout_.end());
    out.emplace_back("\nstderr: ");
    out.insert(out.end(), stderr_.begin(), stderr_.end());
    if (yarn_diagnostics_) {
        out.emplace_back("\nYARN Diagnostics: ");
        out.insert(out.end(), yarn_diagnostics_->begin(), yarn_diagnostics_->end());
    }
    return out;
}

LogPage LogBuffer::page(std::optional<long long> from, std::optional<long long> size) const {
    auto all = lines();
    const auto total = static_cast<long long>(all.size());
    long long count = size.value_or(kDefaultPageSize);
    if (count < 0) {
        count = total;
    }
    long long start = from.value_or(-1);
    if (start < 0) {
        start = std::max(0LL, total - count);
    }
    LogPage out;
    out.from = static_cast<std::size_t>(start);
    out.total = all.size();
    const long long end = std::min(total, start + count);
    for (long long i = start; i < end; ++i) {
        out.lines.push_back(std::move(all[static_cast<std::size_t>(i)]));
    }
    return out;
}

std::vector<std::string> LogBuffer::tail(std::size_t n) const {
    auto all = lines();
    if (all.size() > n) {
        all.erase(all.begin(), all.end() - static_cast<std::ptrdiff_t>(n));
    }
    return all;
}

void LogBuffer::set_yarn_diagnostics(std::vector<std::string> lines) {
    yarn_diagnostics_ = std::move(lines);
}

std::size_t LogBuffer::appended(LogStream stream) const noexcept {
    return stream == LogStream::stdout_stream ? stdout_appended_ : stderr_appended_;
}

}  // namespace steward::fake_livy
