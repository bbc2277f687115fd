#include "orchestrator/reports/big_buffer.hpp"

#include <cstdlib>
#include <map>
#include <mutex>
#include <unordered_map>

#include <sys/mman.h>

namespace steward::reports {
namespace big_buffer_detail {
namespace {

constexpr std::size_t kHugeThreshold = std::size_t{4} << 20U;
constexpr std::size_t kHugePage = std::size_t{2} << 20U;
// Freed blocks kept for reuse. Fresh pages must be zeroed by the kernel (and, in a VM, often
// faulted in by the host), which costs more than the sorts and sweeps that use them.
constexpr std::size_t kCacheLimit = std::size_t{1} << 30U;

struct Pool {
    std::mutex mutex;
    std::multimap<std::size_t, void*> cached;       // size -> block
    std::unordered_map<void*, std::size_t> mapped;  // every live or cached block -> its size
    std::size_t cached_bytes = 0;
};

Pool& pool() {
    static Pool p;
    return p;
}

void unmap_all(Pool& p, std::multimap<std::size_t, void*>::iterator first,
               std::multimap<std::size_t, void*>::iterator last) {
    for (auto it = first; it != last; ++it) {
        ::munmap(it->second, it->first);
        p.mapped.erase(it->second);
        p.cached_bytes -= it->first;
    }
    p.cached.erase(first, last);
}

}  // namespace

void* allocate(std::size_t bytes) {
    if (bytes < kHugeThreshold) {
        if (void* p = std::malloc(bytes == 0 ? 1 : bytes)) {
            return p;
        }
        throw std::bad_alloc();
    }
    Pool& p = pool();
    {
        const std::lock_guard lock{p.mutex};
        // The smallest cached block that fits, unless it would waste more than half of itself.
        if (auto it = p.cached.lower_bound(bytes); it != p.cached.end() && it->first / 2 <= bytes) {
            void* block = it->second;
            p.cached_bytes -= it->first;
            p.cached.erase(it);
            return block;
        }
        // Nothing fits: give the smaller cached blocks back before mapping more.
        unmap_all(p, p.cached.begin(), p.cached.lower_bound(bytes));
    }
    const std::size_t size = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* block = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (block == MAP_FAILED) {
        throw std::bad_alloc();
    }
    ::madvise(block, size, MADV_HUGEPAGE);
    const std::lock_guard lock{p.mutex};
    p.mapped.emplace(block, size);
    return block;
}

void deallocate(void* block, std::size_t bytes) noexcept {
    if (bytes < kHugeThreshold) {
        std::free(block);
        return;
    }
    Pool& p = pool();
    const std::lock_guard lock{p.mutex};
    const auto it = p.mapped.find(block);
    if (it == p.mapped.end()) {
        return;  // not ours; cannot happen with BigAllocator
    }
    p.cached.emplace(it->second, block);
    p.cached_bytes += it->second;
    while (p.cached_bytes > kCacheLimit && !p.cached.empty()) {
        auto largest = std::prev(p.cached.end());
        unmap_all(p, largest, p.cached.end());
    }
}

}  // namespace big_buffer_detail

void release_cached_buffers() noexcept {
    auto& p = big_buffer_detail::pool();
    const std::lock_guard lock{p.mutex};
    big_buffer_detail::unmap_all(p, p.cached.begin(), p.cached.end());
}

}  // namespace steward::reports
