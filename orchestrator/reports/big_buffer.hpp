#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <vector>

namespace steward::reports {

namespace big_buffer_detail {
/// Allocates `bytes` (>= kHugeThreshold: anonymous mmap advised for transparent huge pages).
/// Throws std::bad_alloc on failure.
void* allocate(std::size_t bytes);
/// Releases memory from `allocate` with the same size.
void deallocate(void* p, std::size_t bytes) noexcept;
}  // namespace big_buffer_detail

/// Allocator for the large column and sort buffers: blocks of 4 MiB and more come from their
/// own mapping advised for transparent huge pages (a 10M-row column takes ~40 page faults
/// instead of ~20,000), freed blocks are kept (up to 1 GiB) and reused by later buffers of a
/// similar size, since zeroing fresh pages costs more than the kernels that fill them, and
/// elements are default-initialised, so `resize` does not write memory that is overwritten
/// anyway. Stateless, thread-safe.
template <class T>
struct BigAllocator {
    using value_type = T;

    BigAllocator() = default;
    template <class U>
    explicit BigAllocator(const BigAllocator<U>& /*other*/) noexcept {}

    T* allocate(std::size_t n) { return static_cast<T*>(big_buffer_detail::allocate(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) noexcept { big_buffer_detail::deallocate(p, n * sizeof(T)); }
    template <class U, class... Args>
    void construct(U* p, Args&&... args) {
        if constexpr (sizeof...(Args) == 0 && std::is_trivially_default_constructible_v<U>) {
            ::new (static_cast<void*>(p)) U;
        } else {
            ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
        }
    }
    template <class U>
    bool operator==(const BigAllocator<U>& /*other*/) const noexcept {
        return true;
    }
};

/// Returns the blocks BigAllocator keeps for reuse to the system (a long-running process calls it
/// after a report). Thread-safe.
void release_cached_buffers() noexcept;

/// A vector for large numeric data; `resize` leaves new trivially constructible elements
/// uninitialised (see BigAllocator).
template <class T>
using BigVector = std::vector<T, BigAllocator<T>>;

}  // namespace steward::reports
