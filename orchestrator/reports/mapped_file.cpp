#include "orchestrator/reports/mapped_file.hpp"

#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace steward::reports {
namespace {

ReportError system_error(const std::string& path, const char* what) {
    return ReportError{path + ": " + what + ": " + std::strerror(errno)};
}

}  // namespace

Result<MappedFile> MappedFile::open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return system_error(path, "cannot open");
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const ReportError e = system_error(path, "cannot stat");
        ::close(fd);
        return e;
    }
    if (S_ISDIR(st.st_mode)) {
        ::close(fd);
        return ReportError{path + ": is a directory, not a data file"};
    }
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size == 0) {
        ::close(fd);
        return MappedFile{nullptr, 0};
    }
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
        const ReportError e = system_error(path, "cannot map");
        ::close(fd);
        return e;
    }
    ::close(fd);
    // Readers scan front to back, in a few parallel stripes.
    ::madvise(p, size, MADV_WILLNEED);
    return MappedFile{static_cast<const char*>(p), size};
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_{std::exchange(other.data_, nullptr)}, size_{std::exchange(other.size_, 0)} {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
    if (this != &other) {
        release();
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

MappedFile::~MappedFile() {
    release();
}

void MappedFile::release() noexcept {
    if (data_ != nullptr) {
        // NOLINTNEXTLINE(cppcoreguidelines-pro-type-const-cast): munmap's signature
        ::munmap(const_cast<char*>(data_), size_);
        data_ = nullptr;
        size_ = 0;
    }
}

}  // namespace steward::reports
