#include "orchestrator/core/metrics.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace steward::core::metrics {
namespace {

bool name_char(char c, bool first, bool colon) {
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
    return alpha || (!first && c >= '0' && c <= '9');
}

bool valid_name(std::string_view name, bool colon) {
    if (name.empty()) {
        return false;
    }
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (!name_char(name[i], i == 0, colon)) {
            return false;
        }
    }
    return true;
}

void check_names(std::string_view name, const std::vector<std::string>& labels) {
    if (!valid_name(name, true)) {
        throw std::logic_error("metrics: invalid metric name '" + std::string(name) + "'");
    }
    for (const std::string& label : labels) {
        if (!valid_name(label, false) || label.starts_with("__")) {
            throw std::logic_error("metrics: invalid label name '" + label + "' of " + std::string(name));
        }
    }
}

}  // namespace

std::vector<double> latency_buckets() {
    return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

std::string escape_label_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '"': out += "\\\""; break;
            case '\n': out += "\\n"; break;
            default: out += c;
        }
    }
    return out;
}

std::string escape_help(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            default: out += c;
        }
    }
    return out;
}

std::string format_value(double value) {
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "+Inf" : "-Inf";
    }
    std::array<char, 64> buffer{};
    const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return ec == std::errc{} ? std::string(buffer.data(), end) : std::string("NaN");
}

Family::Family(std::string name, std::string help, std::vector<std::string> labels)
    : name_(std::move(name)), help_(std::move(help)), labels_(std::move(labels)) {
    check_names(name_, labels_);
}

std::vector<std::string> Family::key(LabelValues values) const {
    if (values.size() != labels_.size()) {
        throw std::logic_error("metrics: " + name_ + " takes " + std::to_string(labels_.size()) +
                               " label value(s), got " + std::to_string(values.size()));
    }
    return {values.begin(), values.end()};
}

void Family::render_header(std::string& out) const {
    out += "# HELP " + name_ + " " + escape_help(help_) + "\n";
    out += "# TYPE " + name_ + " " + std::string(type()) + "\n";
}

std::string Family::label_text(const std::vector<std::string>& values, std::string_view extra) const {
    if (labels_.empty() && extra.empty()) {
        return "";
    }
    std::string out = "{";
    for (std::size_t i = 0; i < labels_.size(); ++i) {
        out += (i == 0 ? "" : ",") + labels_[i] + "=\"" + escape_label_value(values[i]) + "\"";
    }
    if (!extra.empty()) {
        out += (labels_.empty() ? "" : ",") + std::string(extra);
    }
    return out + "}";
}

Counter::Counter(std::string name, std::string help, std::vector<std::string> labels)
    : Family(std::move(name), std::move(help), std::move(labels)) {}

void Counter::add(LabelValues values, double by) {
    auto& value = series_[key(values)];
    if (by >= 0) {
        value += by;
    }
}

double Counter::value(LabelValues values) const {
    const auto it = series_.find(key(values));
    return it == series_.end() ? 0 : it->second;
}

void Counter::render(std::string& out) const {
    render_header(out);
    for (const auto& [labels, value] : series_) {
        out += name() + label_text(labels) + " " + format_value(value) + "\n";
    }
}

Gauge::Gauge(std::string name, std::string help, std::vector<std::string> labels)
    : Family(std::move(name), std::move(help), std::move(labels)) {}

void Gauge::set(LabelValues values, double value) {
    series_[key(values)] = value;
}

void Gauge::render(std::string& out) const {
    render_header(out);
    for (const auto& [labels, value] : series_) {
        out += name() + label_text(labels) + " " + format_value(value) + "\n";
    }
}

Histogram::Histogram(std::string name, std::string help, std::vector<std::string> labels,
                     std::vector<double> bounds)
    : Family(std::move(name), std::move(help), std::move(labels)), bounds_(std::move(bounds)) {
    if (std::find(label_names().begin(), label_names().end(), "le") != label_names().end()) {
        throw std::logic_error("metrics: histogram " + this->name() + " may not have a label 'le'");
    }
    for (std::size_t i = 0; i < bounds_.size(); ++i) {
        if (!std::isfinite(bounds_[i]) || (i > 0 && bounds_[i] <= bounds_[i - 1])) {
            throw std::invalid_argument("metrics: the buckets of " + this->name() +
                                        " must be finite and strictly increasing");
        }
    }
}

void Histogram::observe(LabelValues values, double value) {
    Series& series = series_[key(values)];
    if (series.counts.empty()) {
        series.counts.assign(bounds_.size() + 1, 0);
    }
    if (std::isnan(value)) {
        return;
    }
    const auto bucket = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
    ++series.counts[static_cast<std::size_t>(bucket)];
    series.sum += value;
}

void Histogram::render(std::string& out) const {
    render_header(out);
    for (const auto& [labels, series] : series_) {
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i <= bounds_.size(); ++i) {
            cumulative += series.counts[i];
            const std::string le = i < bounds_.size() ? format_value(bounds_[i]) : "+Inf";
            out += name() + "_bucket" + label_text(labels, "le=\"" + le + "\"") + " " +
                   std::to_string(cumulative) + "\n";
        }
        out += name() + "_sum" + label_text(labels) + " " + format_value(series.sum) + "\n";
        out += name() + "_count" + label_text(labels) + " " + std::to_string(cumulative) + "\n";
    }
}

template <class T, class... Extra>
T& Registry::get_or_create(std::string_view name, std::string_view help, std::vector<std::string> labels,
                           Extra&&... extra) {
    if (const auto it = families_.find(name); it != families_.end()) {
        auto* existing = dynamic_cast<T*>(it->second.get());
        if (existing == nullptr || existing->label_names() != labels) {
            throw std::logic_error("metrics: " + std::string(name) +
                                   " is already registered with another type or other labels");
        }
        return *existing;
    }
    auto family = std::make_unique<T>(std::string(name), std::string(help), std::move(labels),
                                      std::forward<Extra>(extra)...);
    T& ref = *family;
    families_.emplace(std::string(name), std::move(family));
    return ref;
}

Counter& Registry::counter(std::string_view name, std::string_view help, std::vector<std::string> labels) {
    return get_or_create<Counter>(name, help, std::move(labels));
}

Gauge& Registry::gauge(std::string_view name, std::string_view help, std::vector<std::string> labels) {
    return get_or_create<Gauge>(name, help, std::move(labels));
}

Histogram& Registry::histogram(std::string_view name, std::string_view help, std::vector<std::string> labels,
                               std::vector<double> bounds) {
    return get_or_create<Histogram>(name, help, std::move(labels), std::move(bounds));
}

void Registry::add_collector(std::function<void(Registry&)> collector) {
    collectors_.push_back(std::move(collector));
}

std::string Registry::render() {
    for (const auto& collect : collectors_) {
        collect(*this);
    }
    std::string out;
    for (const auto& [name, family] : families_) {
        family->render(out);
    }
    return out;
}

}  // namespace steward::core::metrics
