#include "orchestrator/reports/big_buffer.hpp"

#include <cstdlib>

#include <sys/mman.h>

namespace steward::reports::big_buffer_detail {
namespace {
constexpr std::size_t kHugeThreshold = std::size_t{4} << 20U;
}

void* allocate(std::size_t bytes) {
    if (bytes < kHugeThreshold) {
        if (void* p = std::malloc(bytes == 0 ? 1 : bytes)) {
            return p;
        }
        throw std::bad_alloc();
    }
    void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        throw std::bad_alloc();
    }
    ::madvise(p, bytes, MADV_HUGEPAGE);
    return p;
}

void deallocate(void* p, std::size_t bytes) noexcept {
    if (bytes < kHugeThreshold) {
        std::free(p);
    } else {
        ::munmap(p, bytes);
    }
}

}  // namespace steward::reports::big_buffer_detail
