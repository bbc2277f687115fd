#include "orchestrator/app/cli.hpp"
#include "orchestrator/app/livy_command.hpp"
#include "orchestrator/app/report_command.hpp"
#include "orchestrator/app/validate_command.hpp"

#include <array>

namespace steward::app {

// Each subcommand lives in its own <name>_command.cpp; add it here to make it reachable.
std::span<const Command> commands() {
    static const std::array kCommands{
        Command{"livy", "query a Livy server: version, sessions, batches, logs (--follow)", run_livy},
        Command{"report", "compute a model performance and drift report from scored data", run_report},
        Command{"validate", "check workflow files without running them", run_validate},
    };
    return kCommands;
}

}  // namespace steward::app
