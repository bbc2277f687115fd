#pragma once

#include "orchestrator/reports/report_error.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace steward::reports {

/// A read-only memory map of a whole file (POSIX mmap). Move-only; unmaps on destruction.
/// The view stays valid while the object lives. Thread-safe for concurrent reads.
class MappedFile {
public:
    /// Maps `path`. Errors (as values): the file cannot be opened, is a directory, or cannot be
    /// mapped; the message names the path and the system's reason. An empty file maps to an
    /// empty view.
    static Result<MappedFile> open(const std::string& path);

    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    /// The file's bytes.
    [[nodiscard]] std::string_view view() const { return {data_, size_}; }

private:
    MappedFile(const char* data, std::size_t size) : data_{data}, size_{size} {}
    void release() noexcept;

    const char* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace steward::reports
