#include "loader_support.hpp"

#include <atomic>
#include <fstream>
#include <random>

namespace steward::test {

TempJobsDir::TempJobsDir(const std::vector<std::string>& files) {
    static std::atomic<int> counter{0};
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("steward-jobs-" + std::to_string(random()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
    for (const std::string& file : files) {
        const auto full = path_ / file;
        std::filesystem::create_directories(full.parent_path());
        std::ofstream(full) << "print('job')\n";
    }
}

TempJobsDir::~TempJobsDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::vector<std::string> problems(std::string_view yaml, const std::filesystem::path& jobs_dir) {
    workflow::LoadOptions options;
    options.jobs_dir = jobs_dir;
    const auto result = workflow::load_workflow(yaml, "w.yaml", options);
    std::vector<std::string> out;
    for (const auto& d : result.diagnostics) {
        out.push_back(std::to_string(d.pos.line) + ":" + std::to_string(d.pos.col) + ": " + d.message);
    }
    if (result.ok() != out.empty()) {
        out.push_back("(inconsistent result: ok() disagrees with the diagnostics)");
    }
    return out;
}

std::string problem(std::string_view yaml, const std::filesystem::path& jobs_dir) {
    const auto all = problems(yaml, jobs_dir);
    if (all.size() == 1) {
        return all.front();
    }
    std::string text = std::to_string(all.size()) + " problems:";
    for (const auto& p : all) {
        text += "\n  " + p;
    }
    return text;
}

std::string with_steps(std::string_view steps_yaml) {
    return "name: w\nsteps:\n" + std::string(steps_yaml);
}

}  // namespace steward::test
