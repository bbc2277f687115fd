#pragma once

// CLI commands that talk to a running server over the HTTP API (docs/api.md): runs_command.cpp
// (`steward runs`), tasks_command.cpp (`steward tasks`, `steward task complete`) and
// workflows_command.cpp (`steward workflows`, `steward workflow show`).

#include <ostream>
#include <span>
#include <string_view>

namespace steward::app {

/// `steward runs [--server URL] [--workflow W] [--state S] [--limit N] [--offset N] [--json]`:
/// lists runs, newest first, as a table (or the API's JSON). Exit status: 0, 1 when the server
/// cannot be reached or refuses (one line on `err`), 2 usage error. Blocking; never throws.
int runs_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

/// `steward tasks [--server URL] [--user U] [--state S] [--run ID] [--json]`: lists user tasks
/// (open ones by default). Exit status as `runs_main`.
int tasks_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

/// `steward task complete ID --outcome X [--field NAME=VALUE ...] [--user U] [--server URL]`:
/// answers a user task. Field values are typed by the task's form (numbers, booleans; the rest
/// as text). The user defaults to $STEWARD_USER, then $USER. Exit status as `runs_main`.
int task_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

/// `steward workflows [--server URL] [--json]`: lists the server's workflows with their params,
/// triggers and step counts. Exit status as `runs_main`.
int workflows_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

/// `steward workflow show NAME [--source] [--version ID] [--json]`: one workflow's params,
/// triggers, steps and versions, or (--source, --version) its YAML. Exit status as `runs_main`.
int workflow_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

/// Entry points on stdout/stderr.
int run_runs(std::span<const std::string_view> args);
int run_tasks(std::span<const std::string_view> args);
int run_task(std::span<const std::string_view> args);
int run_workflows(std::span<const std::string_view> args);
int run_workflow(std::span<const std::string_view> args);

}  // namespace steward::app
