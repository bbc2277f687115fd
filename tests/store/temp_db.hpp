#pragma once

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace steward::store::test {

/// A private temporary directory holding one database file; removed (with -wal/-shm) on exit.
class TempDb {
public:
    TempDb() {
        std::string pattern = (std::filesystem::temp_directory_path() / "steward-store-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed for " + pattern);
        }
        dir_ = pattern;
    }
    ~TempDb() {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    TempDb(const TempDb&) = delete;
    TempDb& operator=(const TempDb&) = delete;

    std::string path() const { return (dir_ / "steward.db").string(); }
    std::filesystem::path dir() const { return dir_; }

private:
    std::filesystem::path dir_;
};

}  // namespace steward::store::test
