#include "tests/livy/livy_test_support.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace steward::livy_tests {

std::string livy_url() {
    const char* url = std::getenv("LIVY_URL");
    return url != nullptr && *url != '\0' ? std::string(url) : std::string("http://127.0.0.1:8998");
}

std::string smoke_path(std::string_view relative) {
    return std::string(STEWARD_SOURCE_DIR) + "/jobs/smoke/" + std::string(relative);
}

std::string read_statement(std::string_view name) {
    const std::string path = smoke_path("statements/" + std::string(name));
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read statement file " + path);
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string unique_name(std::string_view suffix) {
    static std::atomic<int> counter{0};
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    return "steward-test-" + std::to_string(::getpid()) + "-" + std::to_string(now) + "-" +
           std::to_string(++counter) + "-" + std::string(suffix);
}

livy::ClientConfig test_config() {
    livy::ClientConfig config;
    config.base_url = livy_url();
    config.requested_by = "steward-livy-tests";
    config.poll.initial = livy::Millis{250};
    config.poll.factor = 1.5;
    config.poll.max = livy::Millis{2000};
    return config;
}

void require_livy(boost::asio::io_context& io, livy::Client& client) {
    const auto version = run(io, client.version(), std::chrono::seconds{60});
    if (!version) {
        throw std::runtime_error("no Livy at " + livy_url() + " (" + version.error().describe() +
                                 "); the livy tests need a real Livy: run scripts/livy-local.sh "
                                 "install && scripts/livy-local.sh start, or set LIVY_URL");
    }
    const std::string found = version->version.value_or("(no version field)");
    if (found.rfind("0.9.", 0) != 0) {
        throw std::runtime_error("Livy at " + livy_url() + " reports version " + found + ", expected 0.9.x");
    }
}

}  // namespace steward::livy_tests
