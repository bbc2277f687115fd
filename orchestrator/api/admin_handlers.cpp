// Administration: API tokens and the audit log (docs/api.md, docs/security.md).
#include "orchestrator/api/handlers.hpp"
#include "orchestrator/api/json_mapping.hpp"
#include "orchestrator/api/read_offload.hpp"
#include "orchestrator/api/request_parsing.hpp"
#include "orchestrator/auth/authenticator.hpp"
#include "orchestrator/core/duration.hpp"
#include "orchestrator/store/read_pool.hpp"
#include "orchestrator/store/store.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

namespace steward::api {
namespace json = boost::json;
namespace {

json::value optional_time(const std::optional<store::Millis>& at) {
    return at ? json::value(*at) : json::value(nullptr);
}

json::object token_json(const store::ApiToken& token) {
    return json::object{{"id", token.id},
                        {"user", token.user},
                        {"name", token.name},
                        {"scopes", json::array(token.scopes.begin(), token.scopes.end())},
                        {"workflows", token.workflows},
                        {"created_by", token.created_by},
                        {"created_at", token.created_at},
                        {"expires_at", optional_time(token.expires_at)},
                        {"last_used_at", optional_time(token.last_used_at)},
                        {"revoked_at", optional_time(token.revoked_at)}};
}

json::object audit_json(const store::AuditEntry& entry) {
    boost::system::error_code ec;
    json::value details = json::parse(entry.details_json, ec);
    return json::object{{"id", entry.id},
                        {"at", entry.at},
                        {"actor", entry.actor},
                        {"action", entry.action},
                        {"object_type", entry.object_type},
                        {"object_id", entry.object_id},
                        {"details", ec ? json::value(nullptr) : std::move(details)},
                        {"hash", entry.hash}};
}

ApiResult<std::vector<std::string>> string_list(const json::object& body, std::string_view name) {
    std::vector<std::string> out;
    const auto* value = body.if_contains(name);
    if (!value)
        return out;
    if (!value->is_array()) {
        return ApiError{make_error_code(Errc::bad_request),
                        "field '" + std::string(name) + "' must be a list of strings"};
    }
    for (const auto& item : value->as_array()) {
        if (!item.is_string()) {
            return ApiError{make_error_code(Errc::bad_request),
                            "field '" + std::string(name) + "' must be a list of strings"};
        }
        out.emplace_back(item.as_string());
    }
    return out;
}

}  // namespace

Response handle_list_tokens(Context& context, const Request& request, const PathParams&) {
    const auto all = bool_query(request, "revoked", false);
    if (!all)
        return error_response(all.error());
    json::array out;
    for (const store::ApiToken& token : context.store.tokens().list(*all)) {
        out.push_back(token_json(token));
    }
    return json_response(200, json::object{{"tokens", std::move(out)}});
}

Response handle_create_token(Context& context, const Request& request, const PathParams&) {
    auto body = json_body(request, {"user", "name", "scopes", "workflows", "expires_in"});
    if (!body)
        return error_response(body.error());
    auth::TokenRequest wanted;
    for (const auto name : {"user", "name", "workflows", "expires_in"}) {
        if (const auto* value = body->if_contains(name); value && !value->is_string()) {
            return error_response(Errc::bad_request, "field '" + std::string(name) + "' must be a string");
        }
    }
    if (const auto* user = body->if_contains("user"))
        wanted.user = std::string(user->as_string());
    if (const auto* name = body->if_contains("name"))
        wanted.name = std::string(name->as_string());
    if (const auto* workflows = body->if_contains("workflows"))
        wanted.workflows = std::string(workflows->as_string());
    auto scopes = string_list(*body, "scopes");
    if (!scopes)
        return error_response(scopes.error());
    wanted.scopes = std::move(*scopes);
    if (const auto* expires = body->if_contains("expires_in")) {
        const auto lifetime = core::parse_duration(std::string(expires->as_string()));
        if (!lifetime) {
            return error_response(Errc::bad_request, "field 'expires_in': " + lifetime.error().message);
        }
        wanted.lifetime_ms = lifetime->count();
    }
    if (wanted.user.empty()) {
        return error_response(Errc::bad_request, "field 'user' is required");
    }
    wanted.created_by = request.principal->actor();
    auto issued = context.auth.issue_token(wanted);
    if (!issued) {
        return error_response(Errc::bad_request, issued.error().message);
    }
    auto stored = context.store.tokens().get(issued->id);
    json::object out = stored ? token_json(*stored) : json::object{{"id", issued->id}};
    out["token"] = issued->secret;
    return json_response(201, out);
}

Response handle_revoke_token(Context& context, const Request&, const PathParams& path) {
    const auto id = id_param(path);
    if (!id)
        return error_response(id.error());
    if (!context.auth.revoke_token(*id)) {
        return error_response(ApiError{make_error_code(Errc::not_found), "no token " + std::to_string(*id)});
    }
    auto token = context.store.tokens().get(*id);
    return json_response(200, token ? token_json(*token) : json::object{{"id", *id}});
}

Response handle_list_audit(Context& context, const Request& request, const PathParams&) {
    const auto after = int_query(request, "after", 0, 0, INT64_MAX);
    if (!after)
        return error_response(after.error());
    const auto limit = int_query(request, "limit", 100, 1, 1000);
    if (!limit)
        return error_response(limit.error());
    // The query and the JSON on the read pool: plain values only (docs/api.md, "Paging").
    return read_offloaded(
        context, "GET /api/audit",
        [after_id = *after, page_size = static_cast<int>(*limit)](store::ReadView view) {
            auto entries = view.audit.list(after_id, page_size);
            if (!entries) {
                return error_response(ApiError{entries.error(), "invalid page"});
            }
            json::array out;
            for (const store::AuditEntry& entry : *entries) {
                out.push_back(audit_json(entry));
            }
            const json::value next =
                entries->size() == static_cast<std::size_t>(page_size) && !entries->empty()
                    ? json::value(entries->back().id)
                    : json::value(nullptr);
            return json_response(200, json::object{{"entries", std::move(out)}, {"next_after", next}});
        });
}

}  // namespace steward::api
