// GET /api/events over a real socket: Server-Sent Events read from the store, resumed with
// Last-Event-ID, filtered, with heartbeats; slow clients are dropped and stop() ends every stream.

#include "orchestrator/api/server.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/api/access_harness.hpp"
#include "tests/api/captured_api_log.hpp"
#include "tests/fake_livy/run_coro.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace api = steward::api;
namespace store = steward::store;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using steward::fake_livy::run_coro;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

constexpr auto kNothrow = asio::as_tuple(asio::use_awaitable);

api::ServerSettings stream_settings() {
    api::ServerSettings s;
    s.port = 0;
    s.read_timeout = 500ms;
    s.streams.heartbeat = 15s;
    s.streams.poll = 20ms;
    s.streams.write_timeout = 300ms;
    return s;
}

struct Fixture {
    asio::io_context io{1};
    api::test::AccessHarness harness;
    std::string token = harness.token("vera");  // viewer
    api::Server server;
    store::RowId run = 0;

    explicit Fixture(api::ServerSettings settings = stream_settings())
        : server(io.get_executor(), std::move(settings), harness.context) {
        harness.commands.add_workflow("churn");
        run = harness.commands.start_run("churn", {{"x", steward::core::Value{1.0}}}, "test").value();
        server.start();
    }

    // Appends an event to `run_id` (default: the fixture's run) and returns its id.
    store::RowId append(const std::string& type, const std::string& payload = "{}", store::RowId run_id = 0) {
        return harness.db.runs().append_event(run_id == 0 ? run : run_id, std::nullopt, 1'700'000'000'000,
                                              type, payload);
    }

    // Runs the io_context for `duration` (the server works meanwhile).
    void run_for(std::chrono::milliseconds duration) { run_coro(io, sleep_for(io, duration)); }

    static asio::awaitable<void> sleep_for(asio::io_context& context, std::chrono::milliseconds duration) {
        asio::steady_timer timer(context, duration);
        co_await timer.async_wait(asio::use_awaitable);
    }
};

// One SSE message as the client parsed it.
struct Message {
    std::string id;
    std::string event;
    std::string data;
    bool comment = false;  // ": ..." only
};

std::vector<Message> parse_messages(const std::string& text) {
    std::vector<Message> out;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find("\n\n", start);
        if (end == std::string::npos) {
            break;
        }
        Message message;
        std::size_t line_start = start;
        while (line_start < end) {
            auto line_end = text.find('\n', line_start);
            if (line_end == std::string::npos || line_end > end) {
                line_end = end;
            }
            const std::string line = text.substr(line_start, line_end - line_start);
            if (line.rfind("id: ", 0) == 0) {
                message.id = line.substr(4);
            } else if (line.rfind("event: ", 0) == 0) {
                message.event = line.substr(7);
            } else if (line.rfind("data: ", 0) == 0) {
                message.data = line.substr(6);
            } else if (line.rfind(':', 0) == 0) {
                message.comment = true;
                message.data = line;
            }
            line_start = line_end + 1;
        }
        out.push_back(std::move(message));
        start = end + 2;
    }
    return out;
}

std::vector<Message> events_only(const std::vector<Message>& messages) {
    std::vector<Message> out;
    for (const auto& m : messages) {
        if (!m.comment) {
            out.push_back(m);
        }
    }
    return out;
}

// A client of the event stream: sends the request, then reads the chunked body as it arrives.
struct SseClient {
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    http::response_parser<http::empty_body> parser;
    std::string text;  // the body received so far, de-chunked
    std::function<std::size_t(std::uint64_t, boost::string_view, boost::system::error_code&)> on_body;
    bool ended = false;

    explicit SseClient(asio::io_context& io) : stream(io) {
        parser.body_limit(boost::none);
        on_body = [this](std::uint64_t, boost::string_view body, boost::system::error_code&) {
            text.append(body.data(), body.size());
            return body.size();
        };
        parser.on_chunk_body(on_body);
    }

    // Connects (optionally with a small receive buffer), sends GET `target`, reads the headers.
    asio::awaitable<unsigned> open(unsigned short port, std::string target, std::string token,
                                   std::map<std::string, std::string> headers = {}, int receive_buffer = 0) {
        if (receive_buffer > 0) {
            stream.socket().open(tcp::v4());
            stream.socket().set_option(asio::socket_base::receive_buffer_size(receive_buffer));
        }
        stream.expires_after(5s);
        co_await stream.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                                      asio::use_awaitable);
        http::request<http::empty_body> req{http::verb::get, target, 11};
        req.set(http::field::host, "127.0.0.1");
        req.set(http::field::accept, "text/event-stream");
        if (!token.empty()) {
            req.set(http::field::authorization, "Bearer " + token);
        }
        for (const auto& [name, value] : headers) {
            req.set(name, value);
        }
        co_await http::async_write(stream, req, asio::use_awaitable);
        co_await http::async_read_header(stream, buffer, parser, asio::use_awaitable);
        co_return parser.get().result_int();
    }

    // Reads until `done(messages)` holds or `timeout` passes or the stream ends; returns `done`.
    asio::awaitable<bool> read_until(std::function<bool(const std::vector<Message>&)> done,
                                     std::chrono::milliseconds timeout = 5s) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!done(parse_messages(text))) {
            if (ended || std::chrono::steady_clock::now() >= deadline) {
                co_return false;
            }
            stream.expires_at(deadline);
            auto [ec, n] = co_await http::async_read_some(stream, buffer, parser, kNothrow);
            if (ec == beast::error::timeout) {
                co_return done(parse_messages(text));
            }
            if (ec || parser.is_done()) {
                ended = true;
            }
        }
        co_return true;
    }

    // Reads for `duration` whatever comes (to see that nothing more does).
    asio::awaitable<void> drain(std::chrono::milliseconds duration) {
        (void)co_await read_until([](const std::vector<Message>&) { return false; }, duration);
    }

    [[nodiscard]] std::vector<std::string> ids() const {
        std::vector<std::string> out;
        for (const auto& m : events_only(parse_messages(text))) {
            out.push_back(m.id);
        }
        return out;
    }
};

auto has_events(std::size_t n) {
    return [n](const std::vector<Message>& m) { return events_only(m).size() >= n; };
}

// A plain request on its own connection: "STATUS BODY".
asio::awaitable<std::string> plain_get(asio::io_context& io, unsigned short port, std::string target,
                                       std::string token) {
    beast::tcp_stream stream(io);
    stream.expires_after(5s);
    co_await stream.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                                  asio::use_awaitable);
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!token.empty()) {
        req.set(http::field::authorization, "Bearer " + token);
    }
    co_await http::async_write(stream, req, asio::use_awaitable);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    co_await http::async_read(stream, buffer, res, asio::use_awaitable);
    co_return std::to_string(res.result_int()) + " " + res.body();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(events_server)

BOOST_AUTO_TEST_CASE(the_stream_carries_the_events_committed_after_it_opened) {
    Fixture f;
    const auto before = f.append("run.started");
    SseClient c(f.io);
    BOOST_TEST(run_coro(f.io, c.open(f.server.port(), "/api/events", f.token)) == 200u);
    const auto& head = c.parser.get();
    BOOST_TEST(std::string(head[http::field::content_type]) == "text/event-stream");
    BOOST_TEST(std::string(head[http::field::cache_control]) == "no-store");
    BOOST_TEST(head.chunked());
    BOOST_TEST(f.server.open_streams() == 1u);

    const auto first = f.append("step.started", R"({"step":"train","attempt":1})");
    const auto second = f.append("step.succeeded", R"({"step":"train"})");
    BOOST_TEST(run_coro(f.io, c.read_until(has_events(2))));
    const auto messages = events_only(parse_messages(c.text));
    BOOST_REQUIRE(messages.size() == 2u);
    BOOST_TEST(messages[0].id == std::to_string(first));
    BOOST_TEST(messages[0].event == "step.started");
    BOOST_TEST(messages[1].id == std::to_string(second));
    const auto data = boost::json::parse(messages[0].data).as_object();
    BOOST_TEST(data.at("id").as_int64() == first);
    BOOST_TEST(data.at("run").as_int64() == f.run);
    BOOST_TEST(data.at("step").as_string() == "train");
    BOOST_TEST(data.at("type").as_string() == "step.started");
    BOOST_TEST(data.at("at").as_string() == "2023-11-14T22:13:20.000Z");
    BOOST_TEST(data.at("payload").at("attempt").as_int64() == 1);
    BOOST_TEST(data.size() == 6u);
    // The event from before the stream opened was not sent.
    BOOST_TEST(c.text.find("id: " + std::to_string(before) + "\n") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(last_event_id_resumes_with_exactly_the_missed_events) {
    Fixture f;
    std::vector<store::RowId> ids;
    ids.reserve(5);
    for (int i = 0; i < 5; ++i) {
        ids.push_back(f.append("step.started", R"({"step":"s)" + std::to_string(i) + R"("})"));
    }
    SseClient first(f.io);
    BOOST_TEST(run_coro(f.io, first.open(f.server.port(), "/api/events?after=" + std::to_string(ids[1]),
                                         f.token)) == 200u);
    BOOST_TEST(run_coro(f.io, first.read_until(has_events(3))));
    run_coro(f.io, first.drain(150ms));
    BOOST_TEST(first.ids() == (std::vector<std::string>{std::to_string(ids[2]), std::to_string(ids[3]),
                                                        std::to_string(ids[4])}),
               boost::test_tools::per_element());
    const std::string last_seen = first.ids().back();
    first.stream.close();

    // Committed while the client was away.
    const auto missed_a = f.append("step.failed", R"({"step":"s4"})");
    const auto missed_b = f.append("run.failed");
    // Last-Event-ID wins over a stale after= left in the URL (EventSource reconnects that way).
    SseClient again(f.io);
    BOOST_TEST(run_coro(f.io, again.open(f.server.port(), "/api/events?after=0", f.token,
                                         {{"Last-Event-ID", last_seen}})) == 200u);
    BOOST_TEST(run_coro(f.io, again.read_until(has_events(2))));
    const auto live = f.append("run.cancelled");
    BOOST_TEST(run_coro(f.io, again.read_until(has_events(3))));
    run_coro(f.io, again.drain(150ms));
    BOOST_TEST(again.ids() == (std::vector<std::string>{std::to_string(missed_a), std::to_string(missed_b),
                                                        std::to_string(live)}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(many_missed_events_arrive_in_order_over_several_batches) {
    Fixture f;
    {
        auto tx = f.harness.db.transaction();
        for (int i = 0; i < 1000; ++i) {
            f.append("livy.state", R"({"state":"running"})");
        }
        tx.commit();
    }
    SseClient c(f.io);
    BOOST_TEST(run_coro(f.io, c.open(f.server.port(), "/api/events?after=0", f.token)) == 200u);
    BOOST_TEST(run_coro(f.io, c.read_until(has_events(1000))));
    run_coro(f.io, c.drain(100ms));
    const auto ids = c.ids();
    BOOST_REQUIRE(ids.size() == 1000u);
    for (std::size_t i = 1; i < ids.size(); ++i) {
        BOOST_TEST(std::stoll(ids[i]) == std::stoll(ids[i - 1]) + 1);
    }
}

BOOST_AUTO_TEST_CASE(run_and_types_filters_narrow_the_stream) {
    Fixture f;
    const auto other =
        f.harness.commands.start_run("churn", {{"x", steward::core::Value{1.0}}}, "test").value();
    SseClient by_run(f.io);
    SseClient by_type(f.io);
    BOOST_TEST(run_coro(f.io, by_run.open(f.server.port(), "/api/events?run=" + std::to_string(other),
                                          f.token)) == 200u);
    BOOST_TEST(run_coro(f.io, by_type.open(f.server.port(), "/api/events?types=task,step.failed", f.token)) ==
               200u);
    f.append("step.started", R"({"step":"a"})");
    const auto failed = f.append("step.failed", R"({"step":"a"})");
    const auto opened = f.append("task.opened", R"({"step":"b","task_id":1})", other);
    f.append("livy.state", R"({"state":"dead"})", other);
    const auto completed = f.append("task.completed", R"({"step":"b"})");
    BOOST_TEST(run_coro(f.io, by_run.read_until(has_events(2))));
    BOOST_TEST(run_coro(f.io, by_type.read_until(has_events(3))));
    run_coro(f.io, by_type.drain(100ms));
    run_coro(f.io, by_run.drain(50ms));
    BOOST_TEST(by_run.ids().size() == 2u);
    BOOST_TEST(by_run.ids().front() == std::to_string(opened));
    BOOST_TEST(by_type.ids() == (std::vector<std::string>{std::to_string(failed), std::to_string(opened),
                                                          std::to_string(completed)}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bad_parameters_are_400_naming_the_value_and_an_unknown_run_is_404) {
    Fixture f;
    const auto port = f.server.port();
    auto bad_type = run_coro(f.io, plain_get(f.io, port, "/api/events?types=run,bogus.thing", f.token));
    BOOST_TEST(bad_type.rfind("400 ", 0) == 0, bad_type);
    BOOST_TEST(bad_type.find("'bogus.thing'") != std::string::npos, bad_type);
    auto bad_run = run_coro(f.io, plain_get(f.io, port, "/api/events?run=abc", f.token));
    BOOST_TEST(bad_run.rfind("400 ", 0) == 0, bad_run);
    BOOST_TEST(bad_run.find("'run'") != std::string::npos, bad_run);
    auto bad_after = run_coro(f.io, plain_get(f.io, port, "/api/events?after=-1", f.token));
    BOOST_TEST(bad_after.rfind("400 ", 0) == 0, bad_after);
    auto unknown = run_coro(f.io, plain_get(f.io, port, "/api/events?run=999", f.token));
    BOOST_TEST(unknown.rfind("404 ", 0) == 0, unknown);
    BOOST_TEST(f.server.open_streams() == 0u);
}

BOOST_AUTO_TEST_CASE(without_credentials_the_stream_is_401_and_never_opens) {
    Fixture f;
    auto answer = run_coro(f.io, plain_get(f.io, f.server.port(), "/api/events", ""));
    BOOST_TEST(answer.rfind("401 ", 0) == 0, answer);
    auto bob = run_coro(f.io, plain_get(f.io, f.server.port(), "/api/events", f.harness.token("bob")));
    BOOST_TEST(bob.rfind("403 ", 0) == 0, bob);
    BOOST_TEST(f.server.open_streams() == 0u);
}

BOOST_AUTO_TEST_CASE(a_quiet_stream_gets_heartbeats) {
    auto settings = stream_settings();
    settings.streams.heartbeat = 100ms;
    Fixture f(settings);
    SseClient c(f.io);
    BOOST_TEST(run_coro(f.io, c.open(f.server.port(), "/api/events", f.token)) == 200u);
    BOOST_TEST(run_coro(
        f.io, c.read_until(
                  [](const std::vector<Message>& m) { return m.size() >= 2 && m[0].comment && m[1].comment; },
                  2s)));
    BOOST_TEST(parse_messages(c.text).front().data == ": keep-alive");
    BOOST_TEST(events_only(parse_messages(c.text)).empty());
}

BOOST_AUTO_TEST_CASE(notify_streams_wakes_a_stream_before_its_next_poll) {
    auto settings = stream_settings();
    settings.streams.poll = 10s;
    Fixture f(settings);
    SseClient c(f.io);
    BOOST_TEST(run_coro(f.io, c.open(f.server.port(), "/api/events", f.token)) == 200u);
    f.run_for(50ms);  // the producer is now pausing for 10 s
    f.append("run.started");
    f.server.notify_streams();
    BOOST_TEST(run_coro(f.io, c.read_until(has_events(1), 2s)));
}

BOOST_AUTO_TEST_CASE(a_client_that_stops_reading_is_dropped_and_the_server_stays_responsive) {
    api::test::CapturedApiLog log;
    Fixture f;
    {
        // About 30 MB of events: far more than the socket buffers hold.
        const std::string payload = R"({"blob":")" + std::string(5000, 'x') + R"("})";
        auto tx = f.harness.db.transaction();
        for (int i = 0; i < 6000; ++i) {
            f.append("step.warning", payload);
        }
        tx.commit();
    }
    SseClient slow(f.io);
    BOOST_TEST(run_coro(f.io, slow.open(f.server.port(), "/api/events?after=0", f.token, {}, 4096)) == 200u);
    // The client reads nothing more. Meanwhile the server answers others, and drops the stream.
    const auto health = run_coro(f.io, plain_get(f.io, f.server.port(), "/api/health", ""));
    BOOST_TEST(health.rfind("200 ", 0) == 0, health);
    for (int i = 0; i < 100 && f.server.open_streams() > 0; ++i) {
        f.run_for(50ms);
    }
    BOOST_TEST(f.server.open_streams() == 0u);
    BOOST_TEST(log.text().find("dropped: the client did not take") != std::string::npos, log.text());
    const auto after = run_coro(f.io, plain_get(f.io, f.server.port(), "/api/events?types=nope", f.token));
    BOOST_TEST(after.rfind("400 ", 0) == 0, after);
}

BOOST_AUTO_TEST_CASE(an_http_1_0_client_gets_the_stream_unchunked_until_the_connection_closes) {
    Fixture f;
    const auto event = f.append("run.started");
    auto exchange = [](asio::io_context& io, unsigned short port, std::string token,
                       store::RowId wanted) -> asio::awaitable<std::string> {
        beast::tcp_stream stream(io);
        stream.expires_after(5s);
        co_await stream.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                                      asio::use_awaitable);
        const std::string request =
            "GET /api/events?after=0 HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
            "\r\n\r\n";
        co_await asio::async_write(stream, asio::buffer(request), asio::use_awaitable);
        std::string text;
        std::array<char, 4096> bytes{};
        while (text.find("id: " + std::to_string(wanted) + "\n") == std::string::npos) {
            const auto n = co_await stream.async_read_some(asio::buffer(bytes), asio::use_awaitable);
            text.append(bytes.data(), n);
        }
        co_return text;
    };
    const auto text = run_coro(f.io, exchange(f.io, f.server.port(), f.token, event));
    BOOST_TEST(text.rfind("HTTP/1.0 200 OK\r\n", 0) == 0, text);
    BOOST_TEST(text.find("Transfer-Encoding") == std::string::npos, text);
    BOOST_TEST(text.find("\r\n\r\nid: " + std::to_string(event) + "\nevent: run.started\ndata: {") !=
                   std::string::npos,
               text);
}

BOOST_AUTO_TEST_CASE(streams_beyond_the_limit_are_503) {
    auto settings = stream_settings();
    settings.streams.max_streams = 1;
    Fixture f(settings);
    SseClient one(f.io);
    BOOST_TEST(run_coro(f.io, one.open(f.server.port(), "/api/events", f.token)) == 200u);
    const auto second = run_coro(f.io, plain_get(f.io, f.server.port(), "/api/events", f.token));
    BOOST_TEST(second.rfind("503 ", 0) == 0, second);
    BOOST_TEST(second.find(R"("code":"too_many_streams")") != std::string::npos, second);
    // Other requests still work.
    const auto health = run_coro(f.io, plain_get(f.io, f.server.port(), "/api/health", ""));
    BOOST_TEST(health.rfind("200 ", 0) == 0, health);
}

BOOST_AUTO_TEST_CASE(stop_ends_every_open_stream) {
    Fixture f;  // heartbeat 15 s: only stop() can end these streams soon
    SseClient a(f.io);
    SseClient b(f.io);
    BOOST_TEST(run_coro(f.io, a.open(f.server.port(), "/api/events", f.token)) == 200u);
    BOOST_TEST(run_coro(f.io, b.open(f.server.port(), "/api/events?types=run", f.token)) == 200u);
    f.run_for(50ms);
    BOOST_TEST(f.server.open_streams() == 2u);
    f.server.stop();
    const auto started = std::chrono::steady_clock::now();
    (void)run_coro(f.io, a.read_until([](const std::vector<Message>&) { return false; }, 3s));
    (void)run_coro(f.io, b.read_until([](const std::vector<Message>&) { return false; }, 3s));
    BOOST_TEST(a.ended);
    BOOST_TEST(b.ended);
    BOOST_TEST((std::chrono::steady_clock::now() - started < 2s));
    f.run_for(20ms);
    BOOST_TEST(f.server.open_streams() == 0u);
    BOOST_TEST(f.server.open_connections() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
