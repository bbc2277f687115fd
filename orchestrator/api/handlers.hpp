#pragma once

// The API's handlers (docs/api.md). Each adapts one request to the store (reads) or the commands
// (changes) and returns a response; expected failures are error responses, store failures throw
// `store::StoreError` to `dispatch`, which answers 500. Called on the io_context thread.

#include "orchestrator/api/context.hpp"
#include "orchestrator/api/message.hpp"

namespace steward::api {

/// GET /api/health: `{"status":"ok"}`.
Response handle_health(Context& context, const Request& request, const PathParams& params);
/// GET /api/workflows: the workflows the server loaded, with their params.
Response handle_list_workflows(Context& context, const Request& request, const PathParams& params);
/// POST /api/workflows/{name}/runs with `{"params":{...}}`: 201 and the new run's id.
Response handle_start_run(Context& context, const Request& request, const PathParams& params);
/// GET /api/runs?limit&offset&workflow&state: one page of runs, newest first.
Response handle_list_runs(Context& context, const Request& request, const PathParams& params);
/// GET /api/runs/{id}: the run with its steps (attempts, states, outputs, Livy handles), tasks
/// and recent events (`?events=N`, default 100).
Response handle_get_run(Context& context, const Request& request, const PathParams& params);
/// POST /api/runs/{id}/cancel: cancels a run on behalf of the caller.
Response handle_cancel_run(Context& context, const Request& request, const PathParams& params);
/// GET /api/tasks?state&user&run&limit&offset: one page of user tasks, newest first.
Response handle_list_tasks(Context& context, const Request& request, const PathParams& params);
/// GET /api/tasks/{id}: one task.
Response handle_get_task(Context& context, const Request& request, const PathParams& params);
/// POST /api/tasks/{id}/complete with `{"outcome":..., "values":{...}}` as the caller (who must be
/// an assignee by name or role): 200 with the completed task.
Response handle_complete_task(Context& context, const Request& request, const PathParams& params);
/// GET /api/models/{model}/trend?figure=ks&last=N: the figure over the model's last N reports
/// that carry it (default 12, at most 1000), oldest first; 400 naming a bad parameter, and 400
/// for a figure that is neither a report metric, `score_psi`, nor one the model's reports carry
/// (the error names the known figures and lists them in `known`).
Response handle_model_trend(Context& context, const Request& request, const PathParams& params);
/// GET /api/reports/{id}: a stored report (its JSON, figures, run, step, model, version and
/// period); 404 when unknown.
Response handle_get_report(Context& context, const Request& request, const PathParams& params);

/// POST /api/session with `{"user","password"}`: signs in; 200 with the user, roles, permissions
/// and `csrf_token`, and the session cookie. 401 without saying which part was wrong; 429 with
/// Retry-After when throttled. Every attempt is audited.
Response handle_sign_in(Context& context, const Request& request, const PathParams& params);
/// GET /api/session: the caller (user, roles, permissions, method; `csrf_token` for a session).
Response handle_whoami(Context& context, const Request& request, const PathParams& params);
/// DELETE /api/session: ends the caller's session and clears the cookie.
Response handle_sign_out(Context& context, const Request& request, const PathParams& params);
/// PUT /api/models/{model}/aliases/{alias} with `{"version":"group:artifact:1.2.3"}`: moves the
/// alias; 200 with the version and the previous one.
Response handle_set_alias(Context& context, const Request& request, const PathParams& params);
/// GET /api/tokens[?revoked=true]: API tokens (never their secrets).
Response handle_list_tokens(Context& context, const Request& request, const PathParams& params);
/// POST /api/tokens with `{"user","name","scopes":[...],"workflows","expires_in"}`: 201 with the
/// token's secret, shown this once.
Response handle_create_token(Context& context, const Request& request, const PathParams& params);
/// DELETE /api/tokens/{id}: revokes a token.
Response handle_revoke_token(Context& context, const Request& request, const PathParams& params);
/// GET /api/audit?after=ID&limit=N: audit rows oldest first, with `next_after` for the next page.
Response handle_list_audit(Context& context, const Request& request, const PathParams& params);

/// GET /metrics: Prometheus text exposition format 0.0.4 (docs/api.md, "Metrics"); the store
/// aggregates are read at each scrape.
Response handle_metrics(Context& context, const Request& request, const PathParams& params);

}  // namespace steward::api
