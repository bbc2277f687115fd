#include "orchestrator/api/read_offload.hpp"

#include "orchestrator/api/errors.hpp"
#include "orchestrator/store/read_pool.hpp"
#include "orchestrator/store/store.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <memory>
#include <utility>

namespace steward::api {
namespace asio = boost::asio;
namespace {

// Runs `query`; an exception becomes a generic 500 whose details are logged (logger "api").
Response guarded_query(const std::string& what, const ReadQuery& query, store::ReadView view) {
    try {
        return query(view);
    } catch (const std::exception& e) {
        if (auto log = spdlog::get("api")) {
            log->error("{} failed: {}", what, e.what());
        }
    } catch (...) {
        if (auto log = spdlog::get("api")) {
            log->error("{} failed with a non-standard exception", what);
        }
    }
    return error_response(Errc::internal, "");
}

class PooledQuery final : public DeferredResponse {
public:
    PooledQuery(store::ReadPool& pool, std::string what, ReadQuery query)
        : pool_(pool), what_(std::move(what)), query_(std::move(query)) {}

    asio::awaitable<Response> run() override {
        const asio::any_io_executor io = co_await asio::this_coro::executor;
        Response answer = co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(Response)>(
            [this, io](auto handler) {
                // The handler resumes the coroutine: called on the io thread only (posted there).
                // The executor counts as outstanding work while the job runs, so the io_context
                // does not return from run() (and the server's state stays) until it is back.
                auto resume = std::make_shared<decltype(handler)>(std::move(handler));
                auto back = asio::prefer(io, asio::execution::outstanding_work.tracked);
                const bool queued = pool_.submit(
                    [what = what_, query = std::move(query_), resume, back](store::ReadView view) {
                        Response response = guarded_query(what, query, view);
                        asio::post(back, [resume, response = std::move(response)]() mutable {
                            (*resume)(std::move(response));
                        });
                    });
                if (!queued) {
                    asio::post(io, [resume]() mutable { (*resume)(reads_busy_response()); });
                }
            },
            asio::use_awaitable);
        if (finished) {
            finished(answer);
        }
        co_return answer;
    }

private:
    store::ReadPool& pool_;
    std::string what_;
    ReadQuery query_;
};

}  // namespace

Response reads_busy_response() {
    Response busy;
    busy.status = 503;
    busy.body = R"({"error":{"code":"busy","message":"the server is answering too many list requests; )"
                R"(try again shortly"}})";
    busy.headers.emplace_back("Retry-After", "1");
    return busy;
}

Response read_offloaded(Context& context, std::string what, ReadQuery query) {
    if (context.reads == nullptr) {
        store::Store& main = context.store;
        return query(
            store::ReadView{main.runs(), main.tasks(), main.reports(), main.audit(), main.registry()});
    }
    Response placeholder;
    placeholder.deferred = std::make_shared<PooledQuery>(*context.reads, std::move(what), std::move(query));
    return placeholder;
}

}  // namespace steward::api
