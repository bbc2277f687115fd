#include "orchestrator/store/records.hpp"

#include <array>
#include <cstddef>

namespace steward::store {
namespace {

constexpr std::array<std::string_view, 6> kRunStates{"pending",   "running", "waiting",
                                                     "succeeded", "failed",  "cancelled"};
constexpr std::array<std::string_view, 8> kStepStates{"pending", "running", "waiting",   "succeeded",
                                                      "failed",  "skipped", "cancelled", "timed_out"};
constexpr std::array<std::string_view, 5> kTaskStates{"open", "completed", "timed_out", "cancelled",
                                                      "escalated"};
constexpr std::array<std::string_view, 5> kTimerKinds{"deadline", "reminder", "retry", "wait", "cron"};
constexpr std::array<std::string_view, 3> kTimerStates{"pending", "fired", "cancelled"};
constexpr std::array<std::string_view, 2> kLivyKinds{"batch", "session"};

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::string_view, N>& names, Enum value) noexcept {
    const auto index = static_cast<std::size_t>(value);
    return index < N ? names[index] : std::string_view{"unknown"};
}

template <class Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::string_view, N>& names, std::string_view text) noexcept {
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == text) {
            return static_cast<Enum>(i);
        }
    }
    return std::nullopt;
}

}  // namespace

std::string_view to_string(RunState state) noexcept {
    return name_of(kRunStates, state);
}
std::string_view to_string(StepState state) noexcept {
    return name_of(kStepStates, state);
}
std::string_view to_string(TaskState state) noexcept {
    return name_of(kTaskStates, state);
}
std::string_view to_string(TimerKind kind) noexcept {
    return name_of(kTimerKinds, kind);
}
std::string_view to_string(TimerState state) noexcept {
    return name_of(kTimerStates, state);
}
std::string_view to_string(LivyKind kind) noexcept {
    return name_of(kLivyKinds, kind);
}

std::optional<RunState> parse_run_state(std::string_view text) noexcept {
    return parse_name<RunState>(kRunStates, text);
}
std::optional<StepState> parse_step_state(std::string_view text) noexcept {
    return parse_name<StepState>(kStepStates, text);
}
std::optional<TaskState> parse_task_state(std::string_view text) noexcept {
    return parse_name<TaskState>(kTaskStates, text);
}
std::optional<TimerKind> parse_timer_kind(std::string_view text) noexcept {
    return parse_name<TimerKind>(kTimerKinds, text);
}
std::optional<TimerState> parse_timer_state(std::string_view text) noexcept {
    return parse_name<TimerState>(kTimerStates, text);
}
std::optional<LivyKind> parse_livy_kind(std::string_view text) noexcept {
    return parse_name<LivyKind>(kLivyKinds, text);
}

bool is_terminal(RunState state) noexcept {
    return state == RunState::succeeded || state == RunState::failed || state == RunState::cancelled;
}

bool is_terminal(StepState state) noexcept {
    switch (state) {
        case StepState::pending:
        case StepState::running:
        case StepState::waiting: return false;
        case StepState::succeeded:
        case StepState::failed:
        case StepState::skipped:
        case StepState::cancelled:
        case StepState::timed_out: return true;
    }
    return false;
}

bool is_answerable(TaskState state) noexcept {
    return state == TaskState::open || state == TaskState::escalated;
}

}  // namespace steward::store
