#include "orchestrator/app/admin_commands.hpp"
#include "orchestrator/app/backup_command.hpp"
#include "orchestrator/app/cli.hpp"
#include "orchestrator/app/client_commands.hpp"
#include "orchestrator/app/livy_command.hpp"
#include "orchestrator/app/model_commands.hpp"
#include "orchestrator/app/openapi_command.hpp"
#include "orchestrator/app/report_command.hpp"
#include "orchestrator/app/run_client_commands.hpp"
#include "orchestrator/app/run_command.hpp"
#include "orchestrator/app/serve_command.hpp"
#include "orchestrator/app/validate_command.hpp"

#include <array>

namespace steward::app {

// Each subcommand lives in its own <name>_command.cpp; add it here to make it reachable.
std::span<const Command> commands() {
    static const std::array commands_table{
        Command{"audit", "verify the audit log's hash chain, or list its rows", run_audit},
        Command{"backup", "copy the database consistently while the server runs: backup FILE", run_backup},
        Command{"cancel", "cancel a run on a running server: cancel ID", run_cancel},
        Command{"livy", "query a Livy server: version, sessions, batches, logs (--follow)", run_livy},
        Command{"logs", "print (or --follow) a step's log of a run on a running server: logs RUN STEP",
                run_logs},
        Command{"model",
                "show a registry model or version, or promote: model promote MODEL VERSION --alias A",
                run_model},
        Command{"models", "list the registry's models of a running server", run_models},
        Command{"openapi", "print the HTTP API's OpenAPI 3.1 document (JSON)", run_openapi},
        Command{"report", "compute a model performance and drift report from scored data", run_report},
        Command{"rerun", "start a new run repeating a run on a running server: rerun ID", run_rerun},
        Command{"run", "run one workflow in the foreground with live progress", run_run},
        Command{"runs", "list the runs of a running server; runs show ID: one run", run_runs},
        Command{"serve", "run the workflow engine and the HTTP API (--config FILE)", run_serve},
        Command{"task", "answer a user task on a running server: task complete ID --outcome X", run_task},
        Command{"tasks", "list the user tasks of a running server", run_tasks},
        Command{"token", "create, list and revoke API tokens for automation", run_token},
        Command{"user", "manage accounts: add, passwd, disable, enable, list", run_user},
        Command{"validate", "check workflow files without running them", run_validate},
        Command{"workflow", "show a workflow of a running server: params, triggers, steps, source",
                run_workflow},
        Command{"workflows", "list the workflows of a running server", run_workflows},
    };
    return commands_table;
}

}  // namespace steward::app
