#include "orchestrator/app/cli.hpp"

#include <array>

namespace steward::app {

// Each subcommand lives in its own <name>_command.cpp; add it here to make it reachable.
std::span<const Command> commands() {
    static const std::array<Command, 0> kCommands{};
    return kCommands;
}

}  // namespace steward::app
