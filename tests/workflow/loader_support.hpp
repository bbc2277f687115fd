#pragma once

#include "orchestrator/workflow/loader.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace steward::test {

/// A temporary jobs directory holding the given files (paths relative to it); removed on exit.
class TempJobsDir {
public:
    explicit TempJobsDir(const std::vector<std::string>& files = {"train.py", "score.py"});
    ~TempJobsDir();
    TempJobsDir(const TempJobsDir&) = delete;
    TempJobsDir& operator=(const TempJobsDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

/// Loads `yaml` as "w.yaml" and returns its diagnostics as "LINE:COL: message" lines.
std::vector<std::string> problems(std::string_view yaml, const std::filesystem::path& jobs_dir = {});

/// The single diagnostic of `yaml` ("LINE:COL: message"), or a description of what came instead.
std::string problem(std::string_view yaml, const std::filesystem::path& jobs_dir = {});

/// A valid workflow with `steps_yaml` (already indented by two spaces) as its steps.
std::string with_steps(std::string_view steps_yaml);

}  // namespace steward::test
