#include "orchestrator/app/cli.hpp"

#include <string_view>
#include <vector>

int main(int argc, char** argv) {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    return steward::app::main_entry(args);
}
