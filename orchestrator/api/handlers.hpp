#pragma once

// The API's handlers (docs/api.md). Each adapts one request to the store (reads) or the commands
// (changes) and returns a response; expected failures are error responses, store failures throw
// `store::StoreError` to `dispatch`, which answers 500. Called on the io_context thread.

#include "orchestrator/api/context.hpp"
#include "orchestrator/api/message.hpp"

namespace steward::api {

/// GET /api/events?run&types&after (and `Last-Event-ID`): the runs' events as Server-Sent Events
/// (a streaming response, orchestrator/api/event_stream.hpp); 400 naming a bad parameter, 404
/// for an unknown run.
Response handle_events(Context& context, const Request& request, const PathParams& params);
/// GET /api/health: `{"status":"ok"}`.
Response handle_health(Context& context, const Request& request, const PathParams& params);
/// GET /api/workflows: the workflows the server loaded, with their params, triggers, steps and
/// whether the caller may trigger each.
Response handle_list_workflows(Context& context, const Request& request, const PathParams& params);
/// GET /api/workflows/{name}: the workflow with its params schema, triggers, step list, YAML
/// source and stored versions; 404 naming an unknown workflow.
Response handle_get_workflow(Context& context, const Request& request, const PathParams& params);
/// GET /api/workflows/{name}/versions/{version}: one stored version's YAML source; 400 for a
/// version that is not a positive integer, 404 for an unknown workflow or version.
Response handle_get_workflow_version(Context& context, const Request& request, const PathParams& params);
/// POST /api/workflows/{name}/runs with `{"params":{...}}`: 201 and the new run's id.
Response handle_start_run(Context& context, const Request& request, const PathParams& params);
/// GET /api/runs?limit&offset&workflow&state&trigger&since&until: one page of runs, newest
/// first, with `next_offset` (null on the last page).
Response handle_list_runs(Context& context, const Request& request, const PathParams& params);
/// GET /api/runs/{id}: the run with its steps (attempts, states, outputs, Livy handles), tasks,
/// reruns and latest events (`?events=N`, default 100) with `events_total`.
Response handle_get_run(Context& context, const Request& request, const PathParams& params);
/// POST /api/runs/{id}/cancel: cancels a run on behalf of the caller.
Response handle_cancel_run(Context& context, const Request& request, const PathParams& params);
/// POST /api/runs/{id}/rerun: a new run of the run's workflow definition with its params,
/// linked by `rerun_of`; 201 with the new run's id and Location, like starting a run.
Response handle_rerun_run(Context& context, const Request& request, const PathParams& params);
/// GET /api/runs/{id}/events?after=ID&limit=N: a page of the run's events oldest first, with
/// `next_after` (null on the last page) and `total`.
Response handle_list_run_events(Context& context, const Request& request, const PathParams& params);
/// GET /api/runs/{id}/steps/{step}/log?attempt=N&from=L&size=N: stored log lines of a step
/// attempt (the latest by default) from line `from`, with `total`, `next_from` and whether the
/// step is still `running`; 404 naming the unknown run, step or attempt.
Response handle_get_step_log(Context& context, const Request& request, const PathParams& params);
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
/// GET /api/reports/{id}: a stored report (its JSON with curves bounded, figures, run, step,
/// model, version and period) and its `charts` pre-binned for the UI; 404 when unknown.
Response handle_get_report(Context& context, const Request& request, const PathParams& params);
/// GET /api/reports?model&version&period&limit&offset: one page of reports, newest first, with
/// their headline figures and the total that match.
Response handle_list_reports(Context& context, const Request& request, const PathParams& params);
/// GET /api/models?limit&offset: one page of models with version count, latest version, aliases and
/// latest report's headline figures.
Response handle_list_models(Context& context, const Request& request, const PathParams& params);
/// GET /api/models/{model}?limit&offset: a model's versions (newest first, paged) with lineage,
/// aliases and alias history; 404 for a model without versions.
Response handle_get_model(Context& context, const Request& request, const PathParams& params);
/// GET /api/models/{model}/versions/{version}: one version ("1.2.3" or "group:artifact:1.2.3")
/// with lineage, the aliases holding it and its latest reports; 404 when unknown.
Response handle_get_model_version(Context& context, const Request& request, const PathParams& params);

/// POST /api/session with `{"user","password"}`: signs in; 200 with the user, roles, permissions
/// and `csrf_token`, and the session cookie. 401 without saying which part was wrong; 429 with
/// Retry-After when throttled. Every attempt is audited.
Response handle_sign_in(Context& context, const Request& request, const PathParams& params);
/// GET /api/session: the caller (user, roles, permissions, method; `csrf_token` for a session).
Response handle_whoami(Context& context, const Request& request, const PathParams& params);
/// DELETE /api/session: ends the caller's session and clears the cookie.
Response handle_sign_out(Context& context, const Request& request, const PathParams& params);
/// PUT /api/models/{model}/aliases/{alias} with `{"version":"group:artifact:1.2.3"}` and optionally
/// `"expected"` (the version it must hold now, null for unset; else 409): moves the alias; 200
/// with the version and the previous one. 404 for an unknown version, 400 for a bad alias or body.
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
/// GET /api/openapi.json: the API's OpenAPI 3.1 contract (`openapi_document_text`), open to all.
Response handle_openapi(Context& context, const Request& request, const PathParams& params);

/// GET /metrics: Prometheus text exposition format 0.0.4 (docs/api.md, "Metrics"); the store
/// aggregates are read at each scrape.
Response handle_metrics(Context& context, const Request& request, const PathParams& params);

}  // namespace steward::api
