#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace steward::app {

/// An exclusive advisory lock (flock) on `<database>.lock`, held by the one process that runs the
/// engine on a database: two engines on one database would both resume its runs and submit their
/// jobs twice. The kernel releases it when the process exits, even by kill -9, so a crashed
/// server never blocks its restart. Move-only; released in the destructor.
class InstanceLock {
public:
    /// Takes the lock for `database`, or returns nothing with `error` set to one sentence
    /// ("the database /x/steward.db is in use by another steward process (pid 123)"). Never throws
    /// but bad_alloc. Thread-safe.
    static std::optional<InstanceLock> acquire(const std::filesystem::path& database, std::string& error);

    InstanceLock(InstanceLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    InstanceLock& operator=(InstanceLock&&) = delete;
    InstanceLock(const InstanceLock&) = delete;
    InstanceLock& operator=(const InstanceLock&) = delete;
    ~InstanceLock();

private:
    explicit InstanceLock(int fd) noexcept : fd_(fd) {}
    int fd_;
};

}  // namespace steward::app
