// Creating batches and sessions without duplicates, and looking them up by name.

#include "livy_client/client.hpp"

#include "livy_client/client_impl.hpp"
#include "livy_client/error_body.hpp"
#include "livy_client/json_fields.hpp"
#include "livy_client/requests.hpp"
#include "livy_client/responses.hpp"

#include <boost/json/value.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>

namespace livy {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::int64_t kListPageSize = 100;

using Lookup = Result<std::optional<json::value>>;

bool name_matches(const json::value& v, std::string_view name) {
    if (!v.is_object()) {
        return false;
    }
    const auto* n = v.get_object().if_contains("name");
    return n != nullptr && n->is_string() && n->get_string() == name;
}

// Pages through GET /{collection} and returns the element whose name matches.
asio::awaitable<Lookup> list_and_match(Client::Impl& impl, Client::Impl::Call& call,
                                       std::string_view collection, std::string_view name) {
    std::int64_t from = 0;
    for (;;) {
        const HttpRequest req{Method::get,
                              impl.target("/" + std::string(collection), page_query(from, kListPageSize)),
                              std::nullopt};
        auto body = co_await impl.fetch(req, Retry::idempotent, call);
        if (!body) {
            co_return body.error();
        }
        auto v = parse_json_body(*body, std::string(collection) + " list");
        if (!v) {
            co_return with_request(Lookup(v.error()), req);
        }
        const json::object* obj = v->if_object();
        // Livy names the array "sessions" for GET /batches too.
        const json::value* items = obj ? obj->if_contains(collection) : nullptr;
        if (items == nullptr && obj != nullptr) {
            items = obj->if_contains("sessions");
        }
        if (items == nullptr || !items->is_array()) {
            co_return with_request(
                Lookup(make_error(Errc::bad_response, std::string(collection) + " list: missing '" +
                                                          std::string(collection) + "' array")),
                req);
        }
        for (const auto& item : items->get_array()) {
            if (name_matches(item, name)) {
                co_return std::optional<json::value>(item);
            }
        }
        const auto& array = items->get_array();
        std::int64_t total = 0;
        if (const auto* t = obj->if_contains("total"); t && t->is_int64()) {
            total = t->get_int64();
        }
        from += static_cast<std::int64_t>(array.size());
        if (array.empty() || from >= total) {
            co_return std::optional<json::value>();
        }
    }
}

// GET /{collection}/{name} (Livy 0.7+ accepts a name in place of the id). A server that rejects
// names in the path (404 or another 4xx/5xx) is searched by listing.
asio::awaitable<Lookup> lookup_by_name(Client::Impl& impl, Client::Impl::Call& call,
                                       std::string_view collection, std::string_view name) {
    const HttpRequest req{Method::get,
                          impl.target("/" + std::string(collection) + "/" + encode_path_segment(name)),
                          std::nullopt};
    auto body = co_await impl.fetch(req, Retry::idempotent, call);
    if (!body) {
        // A 404 is confirmed by listing: gateways with GUID ids (Fabric, Synapse, Lighter) do not
        // resolve names in the path and answer 404 for any name.
        if (body.error().code == Errc::not_found || body.error().code == Errc::http_status) {
            co_return co_await list_and_match(impl, call, collection, name);
        }
        co_return body.error();
    }
    auto v = parse_json_body(*body, std::string(collection) + " lookup");
    if (!v) {
        co_return with_request(Lookup(v.error()), req);
    }
    if (!v->is_object()) {
        co_return with_request(Lookup(make_error(Errc::bad_response, std::string(collection) +
                                                                         " lookup: expected a JSON object")),
                               req);
    }
    // An old server may ignore names and answer with something else; trust only a match.
    const auto* n = v->get_object().if_contains("name");
    if (n != nullptr && n->is_string() && n->get_string() != name) {
        co_return std::optional<json::value>();
    }
    co_return std::optional<json::value>(std::move(*v));
}

Error unknown_outcome(Error e, std::string_view note) {
    e.outcome_unknown = true;
    if (!note.empty()) {
        e.message += e.message.empty() ? "" : "; ";
        e.message += note;
    }
    return e;
}

// POST /{collection} with the unknown-outcome rule: never re-send blindly; look the name up.
asio::awaitable<Result<json::value>> create_object(Client::Impl& impl, std::string_view collection,
                                                   std::string body, const std::optional<std::string>& name) {
    Client::Impl::Call call(impl);
    const HttpRequest req{Method::post, impl.target("/" + std::string(collection)), std::move(body)};
    const int max_attempts = impl.config.retry.max_attempts;
    bool resent = false;
    for (int round = 1;; ++round) {
        Result<HttpResponse> r = co_await impl.execute(req, Retry::once, call);
        if (r && r->status >= 200 && r->status < 300) {
            auto v = parse_json_body(r->body, std::string(collection) + " create");
            co_return with_request(std::move(v), req);
        }
        std::optional<Error> failure;
        bool unknown = false;
        if (r) {
            failure = http_error(r->status, r->body, "POST", req.target);
            unknown = is_retryable_status(r->status);
            // Our earlier attempt may have created it after all.
            const bool duplicate =
                r->status == 400 && resent && name && failure->message.find("Duplicate") != std::string::npos;
            if (duplicate) {
                auto found = co_await lookup_by_name(impl, call, collection, *name);
                if (found && *found) {
                    co_return std::move(**found);
                }
            }
            if (!unknown) {
                co_return *failure;
            }
        } else {
            failure = r.error();
            if (failure->code == Errc::cancelled || failure->code == Errc::tls ||
                failure->code == Errc::bad_response) {
                co_return *failure;
            }
            unknown = failure->outcome_unknown;
        }
        if (round >= max_attempts) {
            co_return unknown ? unknown_outcome(*failure, "giving up") : *failure;
        }
        if (unknown && !name) {
            co_return unknown_outcome(*failure, "not re-sent: the request has no name to look up");
        }
        if (!co_await impl.pause(impl.next_backoff(round))) {
            co_return make_error(Errc::cancelled, "cancelled while creating");
        }
        if (unknown) {
            auto found = co_await lookup_by_name(impl, call, collection, *name);
            if (!found) {
                co_return unknown_outcome(*failure, "lookup by name failed: " + found.error().message);
            }
            if (*found) {
                if (impl.logger) {
                    impl.logger->info("POST {}: outcome unknown, found name={} on the server", req.target,
                                      *name);
                }
                co_return std::move(**found);
            }
        }
        resent = true;
        if (impl.logger) {
            impl.logger->warn("POST {}: {}; re-sending (attempt {}/{})", req.target, failure->message,
                              round + 1, max_attempts);
        }
    }
}

Result<void> check_name(const std::optional<std::string>& name, std::string_view what) {
    if (name) {
        if (name->empty()) {
            return make_error(Errc::invalid_request, std::string(what) + ": name must not be empty");
        }
        if (std::all_of(name->begin(), name->end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return make_error(Errc::invalid_request,
                              std::string(what) + ": name must not be all digits (Livy rejects it)");
        }
    }
    return {};
}

// A 2xx create reply that does not decode: the object was probably created, so the outcome is
// unknown (look it up by name before any new POST); logged at warn with the route.
template <class T>
Result<T> created(Client::Impl& impl, Result<T> decoded, std::string_view path) {
    if (decoded) {
        return decoded;
    }
    Error e = decoded.error();
    e.outcome_unknown = true;
    return impl.decoded(Result<T>(std::move(e)), HttpRequest{Method::post, impl.target(path), std::nullopt});
}

// A name lookup whose match does not decode; logged at warn with the route.
template <class T>
Result<T> looked_up(Client::Impl& impl, Result<T> decoded, std::string_view path, std::string_view name) {
    if (decoded) {
        return decoded;
    }
    return impl.decoded(
        std::move(decoded),
        HttpRequest{Method::get, impl.target(std::string(path) + "/" + encode_path_segment(name)),
                    std::nullopt});
}

}  // namespace

asio::awaitable<Result<Batch>> Client::create_batch(BatchRequest request) {
    if (!request.file || request.file->empty()) {
        co_return make_error(Errc::invalid_request, "batch request: 'file' is required");
    }
    if (auto ok = check_name(request.name, "batch request"); !ok) {
        co_return ok.error();
    }
    auto v = co_await create_object(*impl_, "batches", to_body(request), request.name);
    if (!v) {
        co_return v.error();
    }
    co_return created(*impl_, batch_from_json(*v, "batch"), "/batches");
}

asio::awaitable<Result<Session>> Client::create_session(SessionRequest request) {
    if (auto ok = check_name(request.name, "session request"); !ok) {
        co_return ok.error();
    }
    auto v = co_await create_object(*impl_, "sessions", to_body(request), request.name);
    if (!v) {
        co_return v.error();
    }
    co_return created(*impl_, session_from_json(*v, "session"), "/sessions");
}

asio::awaitable<Result<std::optional<Batch>>> Client::find_batch_by_name(std::string_view name) {
    Impl::Call call(*impl_);
    auto found = co_await lookup_by_name(*impl_, call, "batches", name);
    if (!found) {
        co_return found.error();
    }
    if (!*found) {
        co_return std::optional<Batch>();
    }
    auto b = looked_up(*impl_, batch_from_json(**found, "batch"), "/batches", name);
    if (!b) {
        co_return b.error();
    }
    co_return std::optional<Batch>(std::move(*b));
}

asio::awaitable<Result<std::optional<Session>>> Client::find_session_by_name(std::string_view name) {
    Impl::Call call(*impl_);
    auto found = co_await lookup_by_name(*impl_, call, "sessions", name);
    if (!found) {
        co_return found.error();
    }
    if (!*found) {
        co_return std::optional<Session>();
    }
    auto s = looked_up(*impl_, session_from_json(**found, "session"), "/sessions", name);
    if (!s) {
        co_return s.error();
    }
    co_return std::optional<Session>(std::move(*s));
}

}  // namespace livy
