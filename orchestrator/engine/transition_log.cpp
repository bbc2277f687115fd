#include "orchestrator/engine/transition_log.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <array>

namespace steward::engine {
namespace json = boost::json;
namespace {

constexpr std::array<std::string_view, 3> kRunEnds{"succeeded", "failed", "cancelled"};
constexpr std::array<std::string_view, 5> kStepEnds{"succeeded", "failed", "skipped", "cancelled",
                                                    "timed_out"};

template <std::size_t N>
bool one_of(std::string_view state, const std::array<std::string_view, N>& states) noexcept {
    for (const auto s : states) {
        if (s == state) {
            return true;
        }
    }
    return false;
}

std::string text_of(const json::object& payload, std::string_view key) {
    const auto* v = payload.if_contains(key);
    if (v == nullptr || v->is_null()) {
        return "";
    }
    return v->is_string() ? std::string(v->get_string()) : json::serialize(*v);
}

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

}  // namespace

bool ends_run_or_step(std::string_view type) noexcept {
    return (type.starts_with("run.") && one_of(type.substr(4), kRunEnds)) ||
           (type.starts_with("step.") && one_of(type.substr(5), kStepEnds));
}

std::optional<std::string> end_log_line(const EngineEvent& event, std::string_view workflow) {
    const std::string_view type = event.type;
    if (!ends_run_or_step(type)) {
        return std::nullopt;
    }
    const bool step_end = type.starts_with("step.");
    boost::system::error_code ec;
    const json::value parsed = json::parse(event.payload_json, ec);
    const json::object payload = !ec && parsed.is_object() ? parsed.get_object() : json::object{};
    std::string line = "run_id=" + std::to_string(event.run_id) + " workflow=" + std::string(workflow);
    if (step_end) {
        line += " step=" + event.step_id;
        if (const auto attempt = text_of(payload, "attempt"); !attempt.empty()) {
            line += " attempt=" + attempt;
        }
    }
    line += " state=" + std::string(type.substr(type.find('.') + 1));
    if (const auto outcome = text_of(payload, "outcome"); !outcome.empty()) {
        line += " outcome=" + outcome;
    }
    if (const auto error = text_of(payload, "error"); !error.empty()) {
        line += " error=\"" + first_line(error) + "\"";
    }
    return line;
}

}  // namespace steward::engine
