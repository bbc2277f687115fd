#include "tests/fake_livy/model.hpp"

#include "tests/fake_livy/request_schema.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <charconv>
#include <utility>

namespace steward::fake_livy {

namespace json = boost::json;

namespace {

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

std::optional<int> parse_int(std::string_view s) {
    int v = 0;
    const auto* end = s.data() + s.size();
    const auto [p, ec] = std::from_chars(s.data(), end, v);
    if (ec != std::errc{} || p != end) {
        return std::nullopt;
    }
    return v;
}

Reply number_format_error(std::string_view s) {
    return msg_reply(400, "For input string: \"" + std::string(s) + "\"");
}

template <typename Map>
json::array page_of(Map& records, long long from, long long size, TimePoint now,
                    const ModelOptions& options) {
    json::array out;
    if (options.list_ignores_from) {
        from = 0;
    }
    if (options.list_page_cap > 0 && (size < 0 || size > static_cast<long long>(options.list_page_cap))) {
        size = static_cast<long long>(options.list_page_cap);
    }
    const long long begin = std::max(0LL, from);
    const long long end = size < 0 ? begin : from + size;
    long long index = 0;
    for (auto& [id, record] : records) {
        if (index >= begin && index < end) {
            out.push_back(record.to_json(now));
        }
        ++index;
    }
    return out;
}

}  // namespace

Model::Model(ModelOptions options) : options_(std::move(options)) {}

TimePoint Model::now() const noexcept {
    return later(Clock::now(), offset_);
}

void Model::advance(Millis by) noexcept {
    offset_ += by;
}

void Model::script_batch(std::string name, BatchScript script) {
    batch_scripts_.insert_or_assign(std::move(name), std::move(script));
}

void Model::script_session(std::string name, SessionScript script) {
    session_scripts_.insert_or_assign(std::move(name), std::move(script));
}

void Model::script_statement(std::string code, StatementScript script) {
    statement_scripts_.insert_or_assign(std::move(code), std::move(script));
}

void Model::set_statement_responder(StatementResponder responder) {
    responder_ = std::move(responder);
}

RecordBase* Model::find_by_id(Collection c, int id) {
    purge();
    if (c == Collection::sessions) {
        const auto it = sessions_.find(id);
        return it == sessions_.end() ? nullptr : &it->second;
    }
    const auto it = batches_.find(id);
    return it == batches_.end() ? nullptr : &it->second;
}

bool Model::append_log(Collection c, int id, LogStream stream, std::string line) {
    auto* record = find_by_id(c, id);
    if (record == nullptr) {
        return false;
    }
    record->log.append(stream, std::move(line));
    return true;
}

bool Model::set_yarn_diagnostics(Collection c, int id, std::vector<std::string> lines) {
    auto* record = find_by_id(c, id);
    if (record == nullptr) {
        return false;
    }
    record->log.set_yarn_diagnostics(std::move(lines));
    return true;
}

bool Model::set_app_info(Collection c, int id, AppInfoScript app) {
    auto* record = find_by_id(c, id);
    if (record == nullptr) {
        return false;
    }
    record->app = std::move(app);
    return true;
}

bool Model::force_state(Collection c, int id, std::string state) {
    auto* record = find_by_id(c, id);
    if (record == nullptr) {
        return false;
    }
    record->forced_state = std::move(state);
    record->forced_at = now();
    return true;
}

bool Model::forget(Collection c, int id) {
    purge();
    return c == Collection::sessions ? sessions_.erase(id) > 0 : batches_.erase(id) > 0;
}

std::size_t Model::collect_garbage() {
    purge();
    const auto t = now();
    std::size_t removed = 0;
    removed += std::erase_if(sessions_, [t](const auto& kv) { return kv.second.finished_at(t).has_value(); });
    removed += std::erase_if(batches_, [t](const auto& kv) { return kv.second.finished_at(t).has_value(); });
    return removed;
}

std::size_t Model::restart() {
    const std::size_t forgotten = sessions_.size() + batches_.size();
    sessions_.clear();
    batches_.clear();
    next_session_id_ = 0;
    next_batch_id_ = 0;
    return forgotten;
}

void Model::tick_logs(TimePoint t) {
    if (options_.batch_log_every == kNever || options_.batch_log_every.count() <= 0) {
        return;
    }
    const int nth = std::max(1, options_.batch_log_every_nth);
    for (auto& [id, b] : batches_) {
        if (id % nth != 0 || t < b.running_at || b.forced_state) {
            continue;
        }
        const auto until = std::min(t, b.done_at);
        const auto due = static_cast<std::size_t>((until - b.running_at) / options_.batch_log_every);
        while (b.ticks < due) {
            ++b.ticks;
            b.log.append(LogStream::stdout_stream, "tick " + std::to_string(b.ticks));
        }
    }
}

void Model::purge() {
    const auto t = now();
    tick_logs(t);
    const auto retain = options_.retain_finished;
    const auto gone = [t, retain](const auto& kv) {
        const auto& r = kv.second;
        if (r.deleting_until && t >= *r.deleting_until) {
            return true;
        }
        const auto finished = r.finished_at(t);
        return finished && retain != kNever && t >= later(*finished, retain);
    };
    std::erase_if(sessions_, gone);
    std::erase_if(batches_, gone);
}

std::size_t Model::count(Collection c) {
    purge();
    return c == Collection::sessions ? sessions_.size() : batches_.size();
}

std::optional<std::string> Model::state_of(Collection c, int id) {
    auto* record = find_by_id(c, id);
    if (record == nullptr) {
        return std::nullopt;
    }
    if (c == Collection::sessions) {
        return static_cast<SessionRecord*>(record)->state(now());
    }
    return static_cast<BatchRecord*>(record)->state(now());
}

std::vector<int> Model::ids(Collection c) {
    purge();
    std::vector<int> out;
    if (c == Collection::sessions) {
        for (const auto& kv : sessions_) out.push_back(kv.first);
    } else {
        for (const auto& kv : batches_) out.push_back(kv.first);
    }
    return out;
}

std::optional<int> Model::id_by_name(Collection c, std::string_view name) {
    purge();
    const auto match = [name](const auto& kv) { return kv.second.name && *kv.second.name == name; };
    if (c == Collection::sessions) {
        const auto it = std::find_if(sessions_.begin(), sessions_.end(), match);
        return it == sessions_.end() ? std::nullopt : std::optional<int>(it->first);
    }
    const auto it = std::find_if(batches_.begin(), batches_.end(), match);
    return it == batches_.end() ? std::nullopt : std::optional<int>(it->first);
}

std::optional<std::string> Model::ref_by_name(Collection c, std::string_view name) {
    const auto id = id_by_name(c, name);
    if (!id) {
        return std::nullopt;
    }
    return find_by_id(c, *id)->ref();
}

std::optional<std::size_t> Model::statement_count(int session_id) {
    auto* record = find_by_id(Collection::sessions, session_id);
    if (record == nullptr) {
        return std::nullopt;
    }
    return static_cast<SessionRecord*>(record)->statements.size();
}

Model::Lookup Model::find(Collection c, std::string_view ref) {
    purge();
    Lookup out;
    std::optional<int> id;
    if (options_.string_ids) {
        const auto match = [ref](const auto& kv) { return kv.second.guid == ref; };
        if (c == Collection::sessions) {
            if (auto it = std::find_if(sessions_.begin(), sessions_.end(), match); it != sessions_.end()) {
                id = it->first;
            }
        } else if (auto it = std::find_if(batches_.begin(), batches_.end(), match); it != batches_.end()) {
            id = it->first;
        }
    } else if (all_digits(ref)) {
        id = parse_int(ref);
        if (!id) {
            out.error = number_format_error(ref);
            return out;
        }
    } else {
        id = id_by_name(c, ref);
    }
    if (id) {
        if (c == Collection::sessions) {
            if (auto it = sessions_.find(*id); it != sessions_.end()) {
                out.session = &it->second;
                out.record = out.session;
            }
        } else if (auto it = batches_.find(*id); it != batches_.end()) {
            out.batch = &it->second;
            out.record = out.batch;
        }
    }
    if (out.record == nullptr) {
        out.error = msg_reply(404, "Session '" + std::string(ref) + "' not found.");
    }
    return out;
}

Reply Model::version() const {
    return json_reply(200, json::object{{"version", "0.9.0-incubating"},
                                        {"user", "fake"},
                                        {"revision", "0000000000000000000000000000000000000000"},
                                        {"branch", "fake-livy"},
                                        {"date", "2026-01-02T00:00:00Z"},
                                        {"url", "steward/tests/fake_livy"}});
}

Reply Model::list(Collection c, std::optional<long long> from, std::optional<long long> size) {
    purge();
    const auto f = from.value_or(0);
    const auto s = size.value_or(100);
    const auto t = now();
    json::object out;
    out["from"] = f;
    out["total"] = c == Collection::sessions ? sessions_.size() : batches_.size();
    out["sessions"] = c == Collection::sessions ? page_of(sessions_, f, s, t, options_)
                                                : page_of(batches_, f, s, t, options_);
    return json_reply(200, out);
}

std::optional<Reply> Model::check_name(Collection c, const json::object& request, int new_id) {
    const auto* name = request.if_contains("name");
    if (name == nullptr || !name->is_string()) {
        return std::nullopt;
    }
    const std::string_view n = name->as_string();
    if (all_digits(n)) {
        return msg_reply(400, "Rejected, Reason: Invalid session name: " + std::string(n));
    }
    if (id_by_name(c, n)) {
        return msg_reply(400, "Rejected, Reason: Duplicate session name: Some(" + std::string(n) +
                                  ") for session " + std::to_string(new_id));
    }
    return std::nullopt;
}

Reply Model::create_session(std::string_view body) {
    auto parsed = parse_body(body, create_session_schema());
    if (!parsed) {
        return string_reply(400, parsed.error());
    }
    purge();
    const int id = next_session_id_++;  // a rejected create still consumes an id
    if (auto rejected = check_name(Collection::sessions, *parsed, id)) {
        return *rejected;
    }
    SessionRecord s;
    s.id = id;
    if (options_.string_ids) {
        s.guid = guid_for(id);
    }
    s.request = std::move(*parsed);
    if (const auto* n = s.request.if_contains("name"); n != nullptr && n->is_string()) {
        s.name = std::string(n->as_string());
    }
    SessionScript script;
    if (s.name) {
        if (auto it = session_scripts_.find(*s.name); it != session_scripts_.end()) {
            script = it->second;
        }
    }
    s.created_at = now();
    s.ready_at = later(s.created_at, script.start.value_or(options_.session_start));
    s.outcome = script.outcome;
    s.app = script.app == AppInfoScript{} ? options_.app : script.app;
    s.log = LogBuffer(options_.log_capacity);
    auto view = s.to_json(s.created_at);
    const std::string location = "/sessions/" + s.ref();
    sessions_.emplace(id, std::move(s));
    auto reply = json_reply(201, view);
    reply.headers.emplace_back("Location", location);
    return reply;
}

Reply Model::create_batch(std::string_view body) {
    auto parsed = parse_body(body, create_batch_schema());
    if (!parsed) {
        return string_reply(400, parsed.error());
    }
    purge();
    const int id = next_batch_id_++;
    if (auto rejected = check_name(Collection::batches, *parsed, id)) {
        return *rejected;
    }
    const auto* file = parsed->if_contains("file");
    if (file == nullptr || !file->is_string()) {
        return msg_reply(400, "Rejected, Reason: requirement failed: File is required.");
    }
    BatchRecord b;
    b.id = id;
    if (options_.string_ids) {
        b.guid = guid_for(id);
    }
    b.request = std::move(*parsed);
    if (const auto* n = b.request.if_contains("name"); n != nullptr && n->is_string()) {
        b.name = std::string(n->as_string());
    }
    BatchScript script;
    if (b.name) {
        if (auto it = batch_scripts_.find(*b.name); it != batch_scripts_.end()) {
            script = it->second;
        } else {
            for (const auto& [part, run] : options_.batch_run_by_name_part) {
                if (b.name->find(part) != std::string::npos) {
                    script.run = run;
                    break;
                }
            }
        }
    }
    b.created_at = now();
    b.running_at = later(b.created_at, script.start.value_or(options_.batch_start));
    b.done_at = later(b.running_at, script.run.value_or(options_.batch_run));
    b.outcome = script.outcome.value_or(options_.batch_outcome);
    b.log = LogBuffer(options_.log_capacity);
    for (auto& line : script.stdout_lines) {
        b.log.append(LogStream::stdout_stream, std::move(line));
    }
    for (auto& line : script.stderr_lines) {
        b.log.append(LogStream::stderr_stream, std::move(line));
    }
    if (script.yarn_diagnostics) {
        b.log.set_yarn_diagnostics(std::move(*script.yarn_diagnostics));
    }
    b.app = script.app == AppInfoScript{} ? options_.app : std::move(script.app);
    auto view = b.to_json(b.created_at);
    const std::string location = "/batches/" + b.ref();
    batches_.emplace(id, std::move(b));
    auto reply = json_reply(201, view);
    reply.headers.emplace_back("Location", location);
    return reply;
}

Reply Model::get(Collection c, std::string_view ref) {
    auto found = find(c, ref);
    if (found.error) {
        return *found.error;
    }
    const auto t = now();
    return json_reply(200, found.session ? found.session->to_json(t) : found.batch->to_json(t));
}

Reply Model::get_state(Collection c, std::string_view ref) {
    auto found = find(c, ref);
    if (found.error) {
        return *found.error;
    }
    const auto t = now();
    const auto state = found.session ? found.session->state(t) : found.batch->state(t);
    return json_reply(200, json::object{{"id", found.record->id_json()}, {"state", state}});
}

Reply Model::get_log(Collection c, std::string_view ref, std::optional<long long> from,
                     std::optional<long long> size) {
    auto found = find(c, ref);
    if (found.error) {
        return *found.error;
    }
    auto page = found.record->log.page(from, size);
    json::array lines;
    for (auto& line : page.lines) {
        lines.emplace_back(std::move(line));
    }
    return json_reply(200, json::object{{"id", found.record->id_json()},
                                        {"from", page.from},
                                        {"total", page.total},
                                        {"log", std::move(lines)}});
}

Reply Model::remove(Collection c, std::string_view ref) {
    auto found = find(c, ref);
    if (found.error) {
        return *found.error;
    }
    auto& r = *found.record;
    if (r.deleting_until) {
        return msg_reply(404, "Session " + r.ref() + " already stopped.");
    }
    const auto t = now();
    if (found.session) {
        r.forced_state = "shutting_down";
        r.forced_at = t;
    } else if (!is_finished_state(found.batch->state(t))) {
        r.forced_state = "killed";
        r.forced_at = t;
    }
    r.deleting_until = later(t, options_.delete_delay);
    auto reply = msg_reply(200, "deleted");
    reply.hold = options_.delete_delay;
    purge();
    return reply;
}

}  // namespace steward::fake_livy
