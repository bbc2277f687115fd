#pragma once

// Internal to orch_engine: the Livy session a report step reads its data through (paged rows or
// aggregates). Opening and reuse by `session:` key are the livy_session machinery.

#include "orchestrator/engine/livy_session.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <variant>

namespace steward::engine::detail {

/// Budget of one statement of a report step when `source.statement_timeout` is not given.
inline constexpr std::chrono::milliseconds kDefaultReportStatementBudget = std::chrono::minutes(30);

/// A pyspark session held by one report step attempt. Statements are numbered after those the
/// attempt already recorded, so an attempt resumed after a crash starts its reads afresh (they are
/// idempotent). Page payloads are not stored: each statement record keeps a one-line summary.
/// Loop thread only; the StepCall must outlive it.
class ReportLivySession {
public:
    /// Opens (or reuses by `source.session`) a pyspark session with `source.livy` settings.
    /// Returns the outcome that ends the step when Livy refuses it or stays unreachable for the
    /// statement budget. Throws RunInterrupted when the run is being stopped.
    static boost::asio::awaitable<std::variant<std::unique_ptr<ReportLivySession>, StepOutcome>> open(
        StepCall& call, const core::ReportSource& source);

    ReportLivySession(StepCall& call, StepSession session, bool shared, std::chrono::milliseconds budget);

    /// Runs `code` (pyspark) to completion within the statement budget and returns its
    /// application/json value. A failed outcome (not retryable) names `what` and the cause: Livy's
    /// ename: evalue, no JSON output, the budget exceeded (the statement is then cancelled), the
    /// session ended. Throws RunInterrupted when the run is being stopped.
    boost::asio::awaitable<std::variant<boost::json::value, StepOutcome>> run_json(const std::string& code,
                                                                                   const std::string& what);

    /// Deletes the session when the attempt opened it for itself (no `session:` key); a shared one
    /// is left to its livy_session steps and the run's end. Best effort; never throws for Livy.
    boost::asio::awaitable<void> close();

    /// "step 'ID'" for messages.
    [[nodiscard]] std::string subject() const { return call_.subject(); }

    /// Statements run so far by this object.
    [[nodiscard]] int statements_run() const noexcept { return run_; }

private:
    boost::asio::awaitable<void> cancel(int index);

    StepCall& call_;
    StepSession session_;
    bool shared_;
    std::chrono::milliseconds budget_;
    int next_index_ = 0;
    int run_ = 0;
};

}  // namespace steward::engine::detail
