#include "livy_client/failure_cause.hpp"

#include <array>
#include <string_view>

namespace livy {
namespace {

constexpr std::string_view kBlank = " \t\r\n";

std::string_view trim(std::string_view s) noexcept {
    const auto first = s.find_first_not_of(kBlank);
    if (first == std::string_view::npos) {
        return {};
    }
    return s.substr(first, s.find_last_not_of(kBlank) - first + 1);
}

std::string_view trim_right(std::string_view s) noexcept {
    const auto last = s.find_last_not_of(kBlank);
    return last == std::string_view::npos ? std::string_view{} : s.substr(0, last + 1);
}

bool starts_with_any(std::string_view s, std::span<const std::string_view> prefixes) noexcept {
    for (const auto prefix : prefixes) {
        if (s.starts_with(prefix)) {
            return true;
        }
    }
    return false;
}

// "24/05/01", "06:00:00", "2024-05-01", "06:00:00,123", "2024-05-01T06:00:00.000Z".
bool is_timestamp_token(std::string_view token) noexcept {
    bool digit = false;
    for (const char c : token) {
        if (c >= '0' && c <= '9') {
            digit = true;
        } else if (std::string_view("/-:.,TZ+").find(c) == std::string_view::npos) {
            return false;
        }
    }
    return digit;
}

// A log4j-style line below ERROR: up to three timestamp or "[thread]" tokens, then the level.
bool is_quiet_log4j_line(std::string_view line) noexcept {
    constexpr std::array<std::string_view, 5> kQuiet{"INFO", "WARN", "WARNING", "DEBUG", "TRACE"};
    std::size_t skipped = 0;
    while (!line.empty()) {
        const auto end = line.find_first_of(" \t");
        std::string_view token = line.substr(0, end);
        line = end == std::string_view::npos ? std::string_view{} : trim(line.substr(end));
        if (token.ends_with(':')) {
            token.remove_suffix(1);
        }
        for (const auto level : kQuiet) {
            if (token == level) {
                return true;
            }
        }
        const bool bracketed = token.size() >= 2 && token.front() == '[' && token.back() == ']';
        if (++skipped > 3 || !(bracketed || is_timestamp_token(token))) {
            return false;
        }
    }
    return false;
}

bool is_stack_frame(std::string_view line) noexcept {
    if (line.empty() || (line.front() != ' ' && line.front() != '\t')) {
        return false;
    }
    const auto t = trim(line);
    return t.starts_with("at ") || (t.starts_with("... ") && t.ends_with(" more"));
}

bool indented(std::string_view line) noexcept {
    return !line.empty() && (line.front() == ' ' || line.front() == '\t');
}

std::string cut(std::string_view text, std::size_t max) {
    if (text.size() <= max) {
        return std::string(text);
    }
    std::size_t keep = max > 3 ? max - 3 : 0;
    // Never split a UTF-8 sequence: back up over continuation bytes.
    while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0U) == 0x80U) {
        --keep;
    }
    return std::string(text.substr(0, keep)) + "...";
}

// The job's lines worth showing, in order: no noise, no Java stack frames.
std::vector<std::string_view> meaningful(std::span<const LogLine> lines, bool from_stderr) {
    std::vector<std::string_view> out;
    for (const auto& line : lines) {
        const bool is_stderr = line.section == LogSection::stderr_section;
        const bool is_stdout = line.section == LogSection::stdout_section || line.section == LogSection::none;
        if ((from_stderr ? is_stderr : is_stdout) && !is_log_noise(line.text) && !is_stack_frame(line.text)) {
            out.push_back(trim_right(line.text));
        }
    }
    return out;
}

// The exception of the last Python traceback: the unindented lines after its frames.
std::vector<std::string_view> python_exception(const std::vector<std::string_view>& lines,
                                               std::size_t max_lines) {
    std::size_t header = lines.size();
    for (std::size_t i = lines.size(); i > 0; --i) {
        if (trim(lines[i - 1]).starts_with("Traceback (most recent call last):")) {
            header = i - 1;
            break;
        }
    }
    std::vector<std::string_view> out;
    if (header == lines.size()) {
        return out;
    }
    std::size_t i = header + 1;
    while (i < lines.size() && indented(lines[i])) {
        ++i;
    }
    for (; i < lines.size() && out.size() < max_lines; ++i) {
        out.push_back(lines[i]);
    }
    return out;
}

std::vector<std::string_view> job_output(const std::vector<std::string_view>& lines, std::size_t max_lines) {
    if (lines.empty() || max_lines == 0) {
        return {};
    }
    if (auto exception = python_exception(lines, max_lines); !exception.empty()) {
        return exception;
    }
    if (lines.back().find(": error: ") != std::string_view::npos) {
        return {lines.back()};  // argparse: "prog: error: ..." after its usage lines
    }
    const std::size_t first = lines.size() > max_lines ? lines.size() - max_lines : 0;
    return {lines.begin() + static_cast<std::ptrdiff_t>(first), lines.end()};
}

}  // namespace

bool is_log_noise(std::string_view line) noexcept {
    constexpr std::array<std::string_view, 9> kNoise{
        "STEWARD_OUTPUT",
        "Setting default log level to",
        "To adjust logging level use sc.setLogLevel",
        "Using Spark's default log4j profile",
        "[Stage ",
        "INFO:",
        "DEBUG:",
        "WARNING:",
        "SLF4J: ",
    };
    const auto t = trim(line);
    return t.empty() || starts_with_any(t, kNoise) || is_quiet_log4j_line(t);
}

std::string FailureCause::text() const {
    std::string out;
    const auto add = [&out](std::string_view line) {
        if (!out.empty()) {
            out += '\n';
        }
        out += line;
    };
    for (const auto& line : output) {
        add(line);
    }
    for (std::size_t i = 0; i < diagnostics.size(); ++i) {
        add(i == 0 ? diagnostics_label + ": " + diagnostics[i] : diagnostics[i]);
    }
    return cut(out, max_chars);
}

FailureCause failure_cause(std::span<const LogLine> lines, const FailureCauseLimits& limits) {
    FailureCause cause;
    cause.max_chars = limits.max_chars;
    auto chosen = meaningful(lines, true);
    if (chosen.empty()) {
        chosen = meaningful(lines, false);
    }
    for (const auto line : job_output(chosen, limits.max_lines)) {
        cause.output.push_back(cut(line, limits.max_line_chars));
    }
    for (const auto section : {LogSection::yarn_diagnostics, LogSection::k8s_diagnostics}) {
        for (const auto& line : lines) {
            const auto t = trim(line.text);
            if (line.section == section && !t.empty() && cause.diagnostics.size() < limits.max_lines) {
                cause.diagnostics.push_back(cut(t, limits.max_line_chars));
            }
        }
        if (!cause.diagnostics.empty()) {
            cause.diagnostics_label =
                section == LogSection::yarn_diagnostics ? "YARN diagnostics" : "Kubernetes diagnostics";
            break;
        }
    }
    return cause;
}

FailureCause failure_cause_of_snapshot(std::span<const std::string> snapshot,
                                       const FailureCauseLimits& limits) {
    const auto sections = split_log_sections(snapshot);
    std::vector<LogLine> lines;
    for (std::size_t s = 0; s < kLogSectionCount; ++s) {
        for (const auto& text : sections[s]) {
            lines.push_back(LogLine{static_cast<LogSection>(s), text});
        }
    }
    return failure_cause(lines, limits);
}

}  // namespace livy
