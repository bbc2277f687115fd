#include "orchestrator/reports/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

namespace steward::reports {

unsigned worker_threads() {
    static const unsigned kThreads = [] {
        if (const char* env = std::getenv("STEWARD_REPORT_THREADS")) {
            const std::string_view text{env};
            unsigned n = 0;
            const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
            if (ec == std::errc{} && ptr == text.data() + text.size() && n >= 1 && n <= 64) {
                return n;
            }
        }
        return std::clamp(std::thread::hardware_concurrency(), 1U, 16U);
    }();
    return kThreads;
}

void parallel_for(std::size_t tasks, unsigned threads, const std::function<void(std::size_t)>& task) {
    if (tasks == 0) {
        return;
    }
    const std::size_t workers = std::min<std::size_t>(std::max(threads, 1U), tasks);
    if (workers == 1) {
        for (std::size_t i = 0; i < tasks; ++i) {
            task(i);
        }
        return;
    }
    std::atomic<std::size_t> next{0};
    std::exception_ptr first_error;
    std::mutex error_mutex;
    auto worker = [&] {
        for (std::size_t i = next.fetch_add(1); i < tasks; i = next.fetch_add(1)) {
            try {
                task(i);
            } catch (...) {
                const std::lock_guard lock{error_mutex};
                if (!first_error) {
                    first_error = std::current_exception();
                }
            }
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(workers - 1);
    for (std::size_t t = 1; t < workers; ++t) {
        pool.emplace_back(worker);
    }
    worker();
    for (std::thread& th : pool) {
        th.join();
    }
    if (first_error) {
        std::rethrow_exception(first_error);
    }
}

}  // namespace steward::reports
