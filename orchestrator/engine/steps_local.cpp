// Executors of the steps that run on the Steward host: notify and shell.

#include "orchestrator/engine/data_roots.hpp"
#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/engine/process_runner.hpp"
#include "orchestrator/engine/step_call.hpp"
#include "orchestrator/store/store.hpp"

namespace steward::engine::detail {

namespace asio = boost::asio;
namespace json = boost::json;

asio::awaitable<StepOutcome> execute_notify(StepCall& call) {
    const auto& notify = std::get<core::NotifyStep>(call.step.body);
    FieldRenderer render(call.lookup, call.spec, call.step);
    NotifyMessage message;
    message.message = render.render(notify.message, "message");
    if (!render.ok()) {
        co_return failed(render.error(), false);
    }
    message.run_id = call.run.id;
    message.workflow = call.spec.name;
    message.step = call.step.id;
    auto sent = co_await call.services.notifier.send(notify.channel, message);
    call.check_live();
    if (!sent) {
        co_return failed(call.subject() + ": " + sent.error());
    }
    StepOutcome outcome;
    outcome.outputs["channel"] = notify.channel;
    co_return outcome;
}

namespace {

/// Stores a shell step's output lines as they arrive and collects its STEWARD_OUTPUT values.
class ShellLog {
public:
    explicit ShellLog(StepCall& call)
        : call_(call), next_seq_(call.services.store.livy().next_log_seq(call.exec.id)) {
        if (call.exec.outputs_json) {
            outputs_ = object_from_text(*call.exec.outputs_json);
        }
    }

    void append(bool is_stderr, std::vector<std::string> lines) {
        Transition t(call_.services, &call_.run);
        for (auto& line : lines) {
            if (!is_stderr) {
                if (auto parsed = parse_output_line(line)) {
                    if (parsed->error.empty()) {
                        merge_outputs(outputs_, parsed->values);
                        changed_ = true;
                    } else {
                        t.event(call_.run.id, call_.exec.id, call_.step.id, "step.warning",
                                {{"message", parsed->error}});
                    }
                }
            } else {
                last_stderr_ = line;
                line.insert(0, "[stderr] ");
            }
        }
        const auto first = next_seq_;
        next_seq_ += t.store().livy().append_log_lines(call_.exec.id, first, lines).value();
        if (changed_) {
            t.store().runs().set_step_outputs(call_.exec.id, json_text(outputs_)).value();
            changed_ = false;
        }
        t.commit();
        call_.services.publish_log(call_.run.id, call_.exec.id, call_.step.id, first, lines);
    }

    [[nodiscard]] std::int64_t next_seq() const noexcept { return next_seq_; }
    [[nodiscard]] const json::object& outputs() const noexcept { return outputs_; }
    [[nodiscard]] const std::string& last_stderr() const noexcept { return last_stderr_; }

private:
    StepCall& call_;
    std::int64_t next_seq_;
    json::object outputs_;
    bool changed_ = false;
    std::string last_stderr_;
};

}  // namespace

asio::awaitable<StepOutcome> execute_shell(StepCall& call) {
    const auto& shell = std::get<core::ShellStep>(call.step.body);
    FieldRenderer render(call.lookup, call.spec, call.step);
    ProcessSpec spec;
    spec.argv = render.render_all(shell.command, "command");
    spec.env = render.render_values(shell.env, "env");
    spec.cwd = render.render(shell.cwd, "cwd");
    spec.max_line_bytes = call.services.settings.max_line_bytes;
    if (!render.ok()) {
        co_return failed(render.error(), false);
    }
    if (!spec.cwd.empty() && !inside_data_roots(call.services.settings, spec.cwd)) {
        co_return failed(outside_data_roots(call.subject(), "cwd", spec.cwd), false);
    }
    ShellLog log(call);
    if (log.next_seq() > 0) {
        // A crash interrupted an earlier run of this attempt: say so in the log, then run again.
        log.append(false, {"[steward] the server restarted while the command ran; running it again"});
    }
    LineSink sink = [&log](bool is_stderr, std::vector<std::string> lines) {
        log.append(is_stderr, std::move(lines));
    };
    auto ran = co_await run_process(std::move(spec), sink);
    call.check_live();
    if (!ran) {
        co_return failed(call.subject() + ": " + ran.error(), false);
    }
    if (ran->exit_code != 0) {
        std::string error = call.subject() + ": '" + shell.command.front() + "' exited with status " +
                            std::to_string(ran->exit_code);
        if (!log.last_stderr().empty()) {
            error += " (last stderr line: " + log.last_stderr() + ")";
        }
        StepOutcome outcome = failed(std::move(error));
        outcome.outputs = log.outputs();
        outcome.outputs["exit_code"] = ran->exit_code;
        co_return outcome;
    }
    StepOutcome outcome;
    outcome.outputs = log.outputs();
    outcome.outputs["exit_code"] = 0;
    co_return outcome;
}

}  // namespace steward::engine::detail
