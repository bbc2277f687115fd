// Livy objects that must go: a timed-out step's batch, statements and own session (livy_session
// and report steps), and a run's leftovers at its end or cancellation.

#include "orchestrator/engine/livy_common.hpp"
#include "orchestrator/store/store.hpp"

namespace steward::engine::detail {

namespace asio = boost::asio;
namespace json = boost::json;

asio::awaitable<void> clean_up_timed_out(StepCall& call) {
    auto& s = call.services;
    auto& livy_store = s.store.livy();
    if (call.step.type() == core::StepType::LivyBatch) {
        if (auto handle = livy_store.find_handle(call.exec.id, store::LivyKind::batch);
            handle && !handle->terminal) {
            co_await delete_handle(s, call.run, *handle, "step timed out");
        }
        co_return;
    }
    // Statements run by livy_session steps and by report steps reading through Livy.
    const auto* session_step = std::get_if<core::LivySessionStep>(&call.step.body);
    const auto* report_step = std::get_if<core::ReportStep>(&call.step.body);
    if (session_step == nullptr && report_step == nullptr) {
        co_return;
    }
    for (const auto& statement : livy_store.list_statements(call.exec.id)) {
        if (!statement.statement_id || statement.state == "available" || statement.state == "cancelled") {
            continue;
        }
        auto handle = livy_store.get_handle(statement.handle_id);
        if (!handle || !handle->livy_id || handle->terminal) {
            continue;
        }
        auto cancelled = co_await s.livy.cancel_statement(*handle->livy_id, *statement.statement_id);
        Transition t(s, &call.run);
        json::object payload{{"session_id", *handle->livy_id},
                             {"statement_id", *statement.statement_id},
                             {"index", statement.index},
                             {"reason", "step timed out"}};
        if (cancelled) {
            t.store()
                .livy()
                .update_statement(call.exec.id, statement.index, "cancelled", std::nullopt, t.now())
                .value();
            t.event(call.run.id, call.exec.id, call.step.id, "livy.statement_cancelled", payload);
        } else {
            throw_if_cancelled(cancelled.error());
            payload["error"] = cancelled.error().describe();
            t.event(call.run.id, call.exec.id, call.step.id, "livy.warning", payload);
        }
        t.commit();
    }
    const bool own_session = session_step != nullptr
                                 ? session_step->session.empty() && !session_step->keep_open
                                 : report_step->source.session.empty();
    if (own_session) {
        if (auto handle = livy_store.find_handle(call.exec.id, store::LivyKind::session);
            handle && !handle->terminal) {
            co_await delete_handle(s, call.run, *handle, "step timed out");
        }
    }
}

asio::awaitable<void> release_livy_handles(Services& s, ActiveRun& run, bool cancelled) {
    const std::vector<store::RowId> ids(run.open_handles.begin(), run.open_handles.end());
    for (const store::RowId id : ids) {
        auto handle = s.store.livy().get_handle(id);
        if (!handle || handle->terminal) {
            run.open_handles.erase(id);
            continue;
        }
        if (!cancelled && handle->kind == store::LivyKind::session &&
            session_kept(s.store, *run.spec, *handle)) {
            Transition t(s, &run);
            t.store().livy().update_state(id, "kept_open", true, t.now()).value();
            const std::string step_id = t.store().runs().get_step(handle->step_exec_id).value().step_id;
            json::object payload{{"kind", "session"}, {"name", handle->name}};
            if (handle->livy_id) {
                payload["livy_id"] = *handle->livy_id;
            }
            t.event(run.id, handle->step_exec_id, step_id, "livy.kept_open", payload);
            t.commit();
            run.open_handles.erase(id);
            continue;
        }
        co_await delete_handle(s, run, *handle, cancelled ? "run cancelled" : "run finished");
        run.open_handles.erase(id);
    }
}

}  // namespace steward::engine::detail
