// The pyspark session of a report step: opened through the livy_session machinery, statements
// run through run_statement with a budget each, results taken as application/json.

#include "orchestrator/engine/report_livy_session.hpp"

#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/engine/livy_common.hpp"
#include "orchestrator/engine/livy_statements.hpp"
#include "orchestrator/store/store.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace steward::engine::detail {

namespace asio = boost::asio;
namespace json = boost::json;

asio::awaitable<std::variant<std::unique_ptr<ReportLivySession>, StepOutcome>> ReportLivySession::open(
    StepCall& call, const core::ReportSource& source) {
    core::LivySessionStep body;
    body.kind = core::SessionKind::PySpark;
    body.session = source.session;
    body.livy = source.livy;
    FieldRenderer render(call.lookup, call.spec, call.step);
    const auto budget = source.statement_timeout
                            ? render.duration(*source.statement_timeout, "source.statement_timeout", true,
                                              call.step.origin.at("source"))
                            : kDefaultReportStatementBudget;
    if (!render.ok()) {
        co_return failed(render.error(), false);
    }
    using namespace asio::experimental::awaitable_operators;
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(budget);
    // Livy unreachable is retried by open_step_session; the statement budget bounds that too.
    auto opened =
        co_await (open_step_session(call, body) || timer.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (const auto* fired = std::get_if<std::tuple<boost::system::error_code>>(&opened)) {
        call.check_live();
        if (std::get<0>(*fired)) {
            throw boost::system::system_error(std::get<0>(*fired));
        }
        co_return failed(call.subject() + ": the Livy session could not be opened within " +
                             core::format_duration(budget) + " (source.statement_timeout)",
                         false);
    }
    if (auto* outcome = std::get_if<StepOutcome>(&opened)) {
        outcome->retryable = false;
        co_return std::move(*outcome);
    }
    co_return std::make_unique<ReportLivySession>(call, std::get<StepSession>(std::move(opened)),
                                                  !source.session.empty(), budget);
}

ReportLivySession::ReportLivySession(StepCall& call, StepSession session, bool shared,
                                     std::chrono::milliseconds budget)
    : call_(call), session_(std::move(session)), shared_(shared), budget_(budget) {
    // Indices already used by this attempt (a crash resumed) are skipped: reads start afresh.
    for (const auto& record : call_.services.store.livy().list_statements(call_.exec.id)) {
        next_index_ = std::max(next_index_, record.index + 1);
    }
}

asio::awaitable<std::variant<json::value, StepOutcome>> ReportLivySession::run_json(const std::string& code,
                                                                                    const std::string& what) {
    using namespace asio::experimental::awaitable_operators;
    const int index = next_index_++;
    ++run_;
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(budget_);
    auto raced = co_await (run_statement(call_, session_.handle, static_cast<std::size_t>(index), code,
                                         core::SessionKind::PySpark, std::nullopt, -1) ||
                           timer.async_wait(asio::as_tuple(asio::use_awaitable)));
    // The operator flattens the alternatives: an output, an outcome, or the timer's completion.
    const std::string subject = call_.subject() + ": " + what;
    if (const auto* fired = std::get_if<std::tuple<boost::system::error_code>>(&raced)) {
        call_.check_live();
        if (std::get<0>(*fired)) {
            throw boost::system::system_error(std::get<0>(*fired));  // torn down by our caller's deadline
        }
        co_await cancel(index);
        co_return failed(subject + " did not finish within " + core::format_duration(budget_) +
                             " (source.statement_timeout); the statement was cancelled",
                         false);
    }
    if (auto* outcome = std::get_if<StepOutcome>(&raced)) {
        outcome->retryable = false;
        outcome->error = subject + ": " + outcome->error;
        co_return std::move(*outcome);
    }
    const auto& output = std::get<livy::StatementOutput>(raced);
    json::object summary{{"status", output.status}};
    if (!output.ok()) {
        summary["ename"] = output.ename.value_or("Error");
        summary["evalue"] = output.evalue.value_or("");
    }
    {
        // One line per statement in the step's log (progress for `steward run` and the UI).
        const std::vector<std::string> lines{
            what + (output.ok() ? ": done"
                                : ": " + output.ename.value_or("Error") + ": " + output.evalue.value_or(""))};
        std::int64_t next_seq = call_.services.store.livy().next_log_seq(call_.exec.id);
        const std::int64_t first = next_seq;
        json::object ignored;
        Transition t(call_.services, &call_.run);
        t.store()
            .livy()
            .update_statement(call_.exec.id, index, "available", json_text(summary), t.now())
            .value();
        append_step_log(t, call_, lines, next_seq, ignored);
        t.commit();
        call_.services.publish_log(call_.run.id, call_.exec.id, call_.step.id, first, lines);
    }
    if (!output.ok()) {
        co_return failed(subject + " failed in Livy: " + output.ename.value_or("Error") + ": " +
                             output.evalue.value_or(""),
                         false);
    }
    const json::value* value = output.json();
    if (value == nullptr) {
        co_return failed(subject + " returned no application/json output (is the session pyspark?)", false);
    }
    co_return *value;
}

asio::awaitable<void> ReportLivySession::cancel(int index) {
    for (const auto& record : call_.services.store.livy().list_statements(call_.exec.id)) {
        if (record.index == index && record.statement_id && session_.handle.livy_id) {
            auto cancelled =
                co_await call_.services.livy.cancel_statement(*session_.handle.livy_id, *record.statement_id);
            if (!cancelled) {
                throw_if_cancelled(cancelled.error());
            }
            Transition t(call_.services, &call_.run);
            t.store()
                .livy()
                .update_statement(call_.exec.id, index, "cancelled", std::nullopt, t.now())
                .value();
            t.commit();
        }
    }
}

asio::awaitable<void> ReportLivySession::close() {
    if (session_.owned && !shared_ && !session_.handle.terminal) {
        co_await delete_handle(call_.services, call_.run, session_.handle, "step finished");
    }
}

}  // namespace steward::engine::detail
