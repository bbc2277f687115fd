#include "livy_client/client.hpp"

#include "livy_client/client_impl.hpp"
#include "livy_client/error_body.hpp"
#include "livy_client/requests.hpp"
#include "livy_client/responses.hpp"

namespace livy {

namespace asio = boost::asio;

namespace {

std::string id_path(std::string_view collection, std::string_view id, std::string_view tail = {}) {
    std::string p = "/";
    p += collection;
    p += '/';
    p += encode_path_segment(id);
    p += tail;
    return p;
}

HttpRequest get(const Client::Impl& impl, std::string_view path, const Query& query = {}) {
    return HttpRequest{Method::get, impl.target(path, query), std::nullopt};
}

}  // namespace

Client::Client(asio::any_io_executor executor, ClientConfig config)
    : impl_(std::make_unique<Impl>(std::move(executor), std::move(config))) {}

Client::~Client() = default;

const asio::any_io_executor& Client::get_executor() const noexcept {
    return impl_->executor;
}
const ClientConfig& Client::config() const noexcept {
    return impl_->config;
}
const ClientStats& Client::stats() const noexcept {
    return impl_->stats;
}

asio::awaitable<Result<Version>> Client::version() {
    Impl::Call call(*impl_);
    const HttpRequest req = get(*impl_, "/version");
    auto body = co_await impl_->fetch(req, Retry::idempotent, call);
    if (!body) {
        co_return body.error();
    }
    co_return impl_->decoded(parse_version(*body), req);
}

asio::awaitable<Result<SessionList>> Client::list_sessions(Page page) {
    Impl::Call call(*impl_);
    const HttpRequest req = get(*impl_, "/sessions", page_query(page.from, page.size));
    auto body = co_await impl_->fetch(req, Retry::idempotent, call);
    if (!body) {
        co_return body.error();
    }
    co_return impl_->decoded(parse_session_list(*body), req);
}

asio::awaitable<Result<Session>> Client::get_session(Id id) {
    Impl::Call call(*impl_);
    const HttpRequest req = get(*impl_, id_path("sessions", id));
    auto body = co_await impl_->fetch(req, Retry::idempotent, call);
    if (!body) {
        co_return body.error();
    }
    co_return impl_->decoded(parse_session(*body), req);
}

asio::awaitable<Result<StateInfo>> Client::session_state(Id id) {
    Impl::Call call(*impl_);
    const HttpRequest req = get(*impl_, id_path("sessions", id, "/state"));
    auto body = co_await impl_->fetch(req, Retry::idempotent, call);
    if (!body) {
        co_return body.error();
    }
    co_return impl_->decoded(parse_state_info(*body), req);
}

asio::awaitable<Result<LogPage>> Client::session_log(Id id, LogRange range) {
    Impl::Call call(*impl_);
    const HttpRequest req = get(*impl_, id_path("sessions", id, "/log"), page_query(range.from, range.size));
    auto body = co_await impl_->fetch(req, Retry::idempotent, call);
    if (!body) {
        co_return body.error();
    }
    co_return impl_->decoded(parse_log_page(*body), req);
}

namespace {

// DELETE with the "404 after a retry means an earlier attempt deleted it" rule.
asio::awaitable<Result<void>> delete_object(Client::Impl& impl, std::string path) {
    Client::Impl::Call call(impl);
    const HttpRequest req{Method::del, impl.target(path), std::nullopt};
    auto r = co_await impl.execute(req, Retry::idempotent, call);
    if (!r) {
        co_return r.error();
    }
    if (r->status >= 200 && r->status < 300) {
        co_return Result<void>();
    }
    if (r->status == 404 && call.attempts() > 1) {
        co_return Result<void>();
    }
    co_return http_error(r->status, r->body, "DELETE", req.target);
}

}  // namespace

asio::awaitable<Result<void>> Client::delete_session(Id id) {
    co_return co_await delete_object(*impl_, id_path("sessions", id));
}

asio::awaitable<Result<Statement>> Client::create_statement(Id session_id, StatementRequest request) {
    Impl::Call call(*impl_);
    const HttpRequest req{Method::post, impl_->target(id_path("sessions", session_id, "/statements")),
                          to_body(request)};
    auto body = co_await impl_->fetch(req, Retry::once, call);
    if (!body) {
        co_return body.error();
    }
    co_return impl_->decoded(parse_statement(*body), req);
}

asio::awaitable<Result<StatementList>> Client::list_statements(Id session_id, StatementPage page) {
    Impl::Call call(*impl_);
    Query q = page_query(page.from, page.size);
    if (page.descending) {
        q.emplace_back("order", "desc");
    }
    const HttpRequest req = get(*impl_, id_path("sessions", session_id, "/statements"), q);
    auto body = co_await impl_->fetch(req, Retry::idempotent, call);
    if (!body) {
        co_return body.error();
    }
    co_return impl_->decoded(parse_statement_list(*body), req);
}

asio::awaitable<Result<Statement>> Client::get_statement(Id session_id, std::int64_t statement_id) {
    Impl::Call call(*impl_);
    const HttpRequest req =
        get(*impl_, id_path("sessions", session_id, "/statements/" + std::to_string(statement_id)));
    auto body = co_await impl_->fetch(req, Retry::idempotent, call);
    if (!body) {
        co_return body.error();
    }
    co_return impl_->decoded(parse_statement(*body), req);
}

asio::awaitable<Result<void>> Client::cancel_statement(Id session_id, std::int64_t statement_id) {
    Impl::Call call(*impl_);
    const HttpRequest req{Method::post,
                          impl_->target(id_path("sessions", session_id,
                                                "/statements/" + std::to_string(statement_id) + "/cancel")),
                          std::nullopt};
    auto body = co_await impl_->fetch(req, Retry::idempotent, call);
    if (!body) {
        co_return body.error();
    }
    co_return Result<void>();
}

asio::awaitable<Result<Completion>> Client::completion(Id session_id, CompletionRequest request) {
    Impl::Call call(*impl_);
    const HttpRequest req{Method::post, impl_->target(id_path("sessions", session_id, "/completion")),
                          to_body(request)};
    auto body = co_await impl_->fetch(req, Retry::once, call);
    if (!body) {
        co_return body.error();
    }
    co_return impl_->decoded(parse_completion(*body), req);
}

asio::awaitable<Result<BatchList>> Client::list_batches(Page page) {
    Impl::Call call(*impl_);
    const HttpRequest req = get(*impl_, "/batches", page_query(page.from, page.size));
    auto body = co_await impl_->fetch(req, Retry::idempotent, call);
    if (!body) {
        co_return body.error();
    }
    co_return impl_->decoded(parse_batch_list(*body), req);
}

asio::awaitable<Result<Batch>> Client::get_batch(Id id) {
    Impl::Call call(*impl_);
    const HttpRequest req = get(*impl_, id_path("batches", id));
    auto body = co_await impl_->fetch(req, Retry::idempotent, call);
    if (!body) {
        co_return body.error();
    }
    co_return impl_->decoded(parse_batch(*body), req);
}

asio::awaitable<Result<StateInfo>> Client::batch_state(Id id) {
    Impl::Call call(*impl_);
    const HttpRequest req = get(*impl_, id_path("batches", id, "/state"));
    auto body = co_await impl_->fetch(req, Retry::idempotent, call);
    if (!body) {
        co_return body.error();
    }
    co_return impl_->decoded(parse_state_info(*body), req);
}

asio::awaitable<Result<LogPage>> Client::batch_log(Id id, LogRange range) {
    Impl::Call call(*impl_);
    const HttpRequest req = get(*impl_, id_path("batches", id, "/log"), page_query(range.from, range.size));
    auto body = co_await impl_->fetch(req, Retry::idempotent, call);
    if (!body) {
        co_return body.error();
    }
    co_return impl_->decoded(parse_log_page(*body), req);
}

asio::awaitable<Result<void>> Client::delete_batch(Id id) {
    co_return co_await delete_object(*impl_, id_path("batches", id));
}

}  // namespace livy
