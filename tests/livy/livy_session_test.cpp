#define BOOST_TEST_MODULE livy_session_tests
#include <boost/test/unit_test.hpp>

#include "tests/livy/livy_test_support.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <memory>
#include <optional>
#include <string>

// Interactive sessions against a real Livy: one pyspark session is shared by the tests of this
// executable, in declaration order (start-up costs 15-90 s); the last test deletes it.

namespace lt = steward::livy_tests;
using namespace std::chrono_literals;

namespace {

constexpr livy::Millis kSessionStart{240'000};
constexpr livy::Millis kStatementWait{180'000};
constexpr livy::Millis kSubmitWait{60'000};

struct SharedSession {
    boost::asio::io_context io;
    livy::Client client{io.get_executor(), lt::test_config()};
    std::optional<livy::Id> id;
    std::string name = lt::unique_name("session");
    std::optional<std::string> failure;
    bool deleted = false;
};

std::unique_ptr<SharedSession>& shared_slot() {
    static std::unique_ptr<SharedSession> slot;
    return slot;
}

SharedSession& shared() {
    auto& slot = shared_slot();
    if (!slot) {
        slot = std::make_unique<SharedSession>();
    }
    return *slot;
}

/// The last lines of the session's log, for failure messages.
std::string session_log_tail(SharedSession& s, const livy::Id& id) {
    const auto page = lt::run(s.io, s.client.session_log(id, livy::LogRange{{}, 40}), 60s);
    if (!page) {
        return "(log unavailable: " + page.error().describe() + ")";
    }
    std::string text;
    for (const auto& line : page->log) {
        text += line + "\n";
    }
    return text;
}

/// Creates the shared session on first use and waits until it is idle; BOOST_FAILs (in every
/// test that needs it) when that did not work.
livy::Id session_id() {
    auto& s = shared();
    if (!s.id && !s.failure) {
        lt::require_livy(s.io, s.client);
        livy::SessionRequest request;
        request.kind = "pyspark";
        request.name = s.name;
        const auto created = lt::run(s.io, s.client.create_session(request), 120s);
        if (!created) {
            s.failure = "POST /sessions: " + created.error().describe();
        } else {
            s.id = created->id;
            const auto idle = lt::run(s.io, s.client.wait_for_session_idle(created->id, kSessionStart), 300s);
            if (!idle) {
                s.failure = "session " + created->id + " did not reach idle: " + idle.error().describe() +
                            "\nlog:\n" + session_log_tail(s, created->id);
            }
        }
    }
    if (s.failure) {
        BOOST_FAIL(*s.failure);
    }
    BOOST_REQUIRE_MESSAGE(!s.deleted, "the shared session was already deleted");
    return *s.id;
}

livy::Statement submit(std::string code, std::optional<std::string> kind = std::nullopt) {
    auto& s = shared();
    const auto id = session_id();
    livy::StatementRequest request{std::move(code), std::move(kind)};
    const auto posted = lt::run(s.io, s.client.submit_statement(id, request, kSubmitWait), 120s);
    BOOST_REQUIRE_MESSAGE(posted, "POST statement: " << posted.error().describe());
    return *posted;
}

livy::Statement finish(const livy::Statement& posted) {
    auto& s = shared();
    const auto done = lt::run(s.io, s.client.wait_for_statement(*s.id, posted.id, kStatementWait), 240s);
    BOOST_REQUIRE_MESSAGE(done, "waiting for statement " << posted.id << ": " << done.error().describe());
    return *done;
}

/// Runs a statement to completion and returns it with its output (available, output set).
livy::Statement run_statement(std::string code, std::optional<std::string> kind = std::nullopt) {
    const auto done = finish(submit(std::move(code), std::move(kind)));
    BOOST_REQUIRE_MESSAGE(done.state == livy::StatementState::available,
                          "statement " << done.id << " ended " << done.state_text);
    BOOST_REQUIRE_MESSAGE(done.output.has_value(), "statement " << done.id << " has no output");
    return done;
}

/// Polls the statement until it is running (or already finished), for at most `timeout`.
boost::asio::awaitable<livy::Result<livy::Statement>> wait_until_running(livy::Client& client,
                                                                         const livy::Id& session,
                                                                         std::int64_t statement,
                                                                         livy::Millis timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    boost::asio::steady_timer timer(client.get_executor());
    for (;;) {
        auto current = co_await client.get_statement(session, statement);
        if (!current || current->state != livy::StatementState::waiting ||
            std::chrono::steady_clock::now() >= deadline) {
            co_return current;
        }
        timer.expires_after(250ms);
        co_await timer.async_wait(boost::asio::use_awaitable);
    }
}

struct SessionCleanup {
    void setup() {}
    void teardown() {
        auto& slot = shared_slot();
        if (slot && slot->id && !slot->deleted) {
            try {
                (void)lt::run(slot->io, slot->client.delete_session(*slot->id), 120s);
            } catch (const std::exception& e) {
                BOOST_TEST_MESSAGE("cleanup of session " << *slot->id << " failed: " << e.what());
            }
        }
        slot.reset();
    }
};

}  // namespace

BOOST_TEST_GLOBAL_FIXTURE(SessionCleanup);

BOOST_AUTO_TEST_SUITE(livy_session)

BOOST_AUTO_TEST_CASE(pyspark_session_reaches_idle, *boost::unit_test::timeout(420)) {
    const auto id = session_id();
    auto& s = shared();
    const auto session = lt::run(s.io, s.client.get_session(id), 60s);
    BOOST_REQUIRE_MESSAGE(session, session.error().describe());
    BOOST_TEST(session->id == id);
    BOOST_TEST(session->state_text == "idle");
    BOOST_TEST(session->kind.value_or("") == "pyspark");
    BOOST_TEST(session->name.value_or("") == s.name);
    const auto state = lt::run(s.io, s.client.session_state(id), 60s);
    BOOST_REQUIRE_MESSAGE(state, state.error().describe());
    BOOST_TEST(state->state_text == "idle");
}

BOOST_AUTO_TEST_CASE(one_plus_one_is_text_plain_two, *boost::unit_test::timeout(600)) {
    const auto done = run_statement(lt::read_statement("one_plus_one.py"));
    const auto& out = *done.output;
    BOOST_TEST(out.status == "ok");
    BOOST_TEST(out.text().value_or("<no text/plain>") == "2");
    BOOST_TEST(out.execution_count.value_or(-1) == done.id);
}

BOOST_AUTO_TEST_CASE(json_magic_gives_application_json, *boost::unit_test::timeout(600)) {
    const auto done = run_statement(lt::read_statement("json_magic.py"));
    const auto& out = *done.output;
    BOOST_REQUIRE_MESSAGE(out.ok(), "status " << out.status << " " << out.evalue.value_or(""));
    BOOST_REQUIRE_MESSAGE(out.json() != nullptr, "no application/json in the output");
    BOOST_TEST(boost::json::serialize(*out.json()) ==
               boost::json::serialize(boost::json::parse(R"([{"a":1,"b":"two"}])")));
}

BOOST_AUTO_TEST_CASE(raising_statement_reports_error_output, *boost::unit_test::timeout(600)) {
    const auto done = run_statement(lt::read_statement("raises.py"));
    const auto& out = *done.output;
    BOOST_TEST(done.state_text == "available");
    BOOST_TEST(out.status == "error");
    BOOST_TEST(!out.ok());
    BOOST_TEST(out.ename.value_or("") == "ValueError");
    BOOST_TEST(out.evalue.value_or("") == "steward smoke statement failed");
}

BOOST_AUTO_TEST_CASE(per_statement_sql_kind, *boost::unit_test::timeout(600)) {
    const auto done = run_statement(lt::read_statement("select_one.sql"), "sql");
    const auto& out = *done.output;
    BOOST_REQUIRE_MESSAGE(out.ok(), "status " << out.status << " " << out.evalue.value_or(""));
    const auto* json = out.json();
    BOOST_REQUIRE_MESSAGE(json != nullptr && json->is_object(), "no application/json object");
    const auto& object = json->as_object();
    BOOST_REQUIRE(object.contains("data"));
    BOOST_TEST(boost::json::serialize(object.at("data")) == "[[1]]");
    BOOST_REQUIRE(object.contains("schema"));
    const auto* fields = object.at("schema").as_object().if_contains("fields");
    BOOST_REQUIRE(fields != nullptr && fields->is_array() && fields->as_array().size() == 1);
    BOOST_TEST(fields->as_array()[0].as_object().at("name").as_string() == "a");
}

BOOST_AUTO_TEST_CASE(long_statement_is_cancelled, *boost::unit_test::timeout(600)) {
    auto& s = shared();
    const auto posted = submit(lt::read_statement("long_running.py"));
    const auto running =
        lt::run(s.io, wait_until_running(s.client, *s.id, posted.id, livy::Millis{60'000}), 90s);
    BOOST_REQUIRE_MESSAGE(running, running.error().describe());
    BOOST_REQUIRE_MESSAGE(running->state == livy::StatementState::running,
                          "the long statement is " << running->state_text << ", not running");
    const auto cancel = lt::run(s.io, s.client.cancel_statement(*s.id, posted.id), 60s);
    BOOST_REQUIRE_MESSAGE(cancel, "cancel: " << cancel.error().describe());
    const auto done = finish(posted);
    BOOST_TEST(done.state_text == "cancelled");
    // The session is usable again afterwards.
    const auto after = run_statement(lt::read_statement("one_plus_one.py"));
    BOOST_TEST(after.output->text().value_or("") == "2");
}

BOOST_AUTO_TEST_CASE(deleted_session_answers_404, *boost::unit_test::timeout(300)) {
    const auto id = session_id();
    auto& s = shared();
    const auto deleted = lt::run(s.io, s.client.delete_session(id), 120s);
    BOOST_REQUIRE_MESSAGE(deleted, "DELETE: " << deleted.error().describe());
    s.deleted = true;
    const auto gone = lt::run(s.io, s.client.get_session(id), 60s);
    BOOST_REQUIRE_MESSAGE(!gone,
                          "session " << id << " still answers after delete, state " << gone->state_text);
    BOOST_TEST(gone.error().http_status == 404);
    BOOST_TEST((gone.error().code == livy::Errc::not_found));
    const auto state = lt::run(s.io, s.client.session_state(id), 60s);
    BOOST_REQUIRE(!state);
    BOOST_TEST(state.error().http_status == 404);
}

BOOST_AUTO_TEST_SUITE_END()
