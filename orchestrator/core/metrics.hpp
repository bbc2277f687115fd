#pragma once

// A small Prometheus metrics registry: counters, gauges and histograms with labels, rendered in
// the text exposition format 0.0.4 (docs/api.md, "Metrics"). Pure standard library.

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace steward::core::metrics {

/// The Content-Type of `Registry::render`'s text.
inline constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

/// Label values of one series, in the order of its family's label names.
using LabelValues = std::initializer_list<std::string_view>;

/// Bucket upper bounds (seconds) for request latencies: 5 ms to 10 s.
std::vector<double> latency_buckets();

/// What every family shares: name, help, label names. Not thread-safe (see `Registry`).
class Family {
public:
    virtual ~Family() = default;
    Family(const Family&) = delete;
    Family& operator=(const Family&) = delete;

    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    [[nodiscard]] const std::vector<std::string>& label_names() const noexcept { return labels_; }
    /// "counter", "gauge" or "histogram" (the `# TYPE` word).
    [[nodiscard]] virtual std::string_view type() const noexcept = 0;
    /// Appends the family's `# HELP`, `# TYPE` and sample lines to `out`.
    virtual void render(std::string& out) const = 0;

protected:
    Family(std::string name, std::string help, std::vector<std::string> labels);
    /// `values` as a key; throws std::logic_error when their number differs from the label names.
    [[nodiscard]] std::vector<std::string> key(LabelValues values) const;
    /// `# HELP` and `# TYPE` lines.
    void render_header(std::string& out) const;
    /// `{a="x",b="y"` plus `extra` (`le="0.5"`), closed with `}`; "" without labels and extra.
    [[nodiscard]] std::string label_text(const std::vector<std::string>& values,
                                         std::string_view extra = {}) const;

private:
    std::string name_;
    std::string help_;
    std::vector<std::string> labels_;
};

/// A monotonically increasing count per label set.
class Counter final : public Family {
public:
    Counter(std::string name, std::string help, std::vector<std::string> labels);
    /// Adds `by` (>= 0; a negative or NaN amount is ignored) to the series of `values`.
    void add(LabelValues values, double by = 1);
    /// The current value of a series (0 when it was never touched).
    [[nodiscard]] double value(LabelValues values) const;
    [[nodiscard]] std::string_view type() const noexcept override { return "counter"; }
    void render(std::string& out) const override;

private:
    std::map<std::vector<std::string>, double> series_;
};

/// A value that goes up and down per label set; scrape-time gauges are `clear`ed and set anew.
class Gauge final : public Family {
public:
    Gauge(std::string name, std::string help, std::vector<std::string> labels);
    void set(LabelValues values, double value);
    /// Forgets every series (a label set that no longer exists stops being reported).
    void clear() noexcept { series_.clear(); }
    [[nodiscard]] std::string_view type() const noexcept override { return "gauge"; }
    void render(std::string& out) const override;

private:
    std::map<std::vector<std::string>, double> series_;
};

/// Observations counted into fixed buckets per label set, rendered cumulatively (`le`, ending
/// with `+Inf`) with `_sum` and `_count`.
class Histogram final : public Family {
public:
    /// `bounds`: the finite upper bounds, strictly increasing (throws std::invalid_argument
    /// otherwise); `+Inf` is implicit. The label name `le` is refused.
    Histogram(std::string name, std::string help, std::vector<std::string> labels,
              std::vector<double> bounds);
    /// Counts `value` into every bucket whose bound is >= it; NaN is ignored.
    void observe(LabelValues values, double value);
    [[nodiscard]] std::string_view type() const noexcept override { return "histogram"; }
    void render(std::string& out) const override;

private:
    struct Series {
        std::vector<std::uint64_t> counts;  ///< per bucket, not cumulative; last = above every bound
        double sum = 0;
    };
    std::vector<double> bounds_;
    std::map<std::vector<std::string>, Series> series_;
};

/// The process's metrics by name. Owned by the app and passed by reference to whoever records
/// (the API's dispatch, the engine, the store's commit hook, the Livy client's observer).
///
/// Threading: NOT thread-safe, and deliberately so: everything that records runs on the one
/// io_context thread, as does the scrape, so plain integers and doubles suffice (no atomics, no
/// locks). Do not record from the blocking thread pool.
class Registry {
public:
    Registry() = default;
    Registry(const Registry&) = delete;
    Registry& operator=(const Registry&) = delete;

    /// The counter `name`, created on first use. Names follow Prometheus rules
    /// (`[a-zA-Z_:][a-zA-Z0-9_:]*`, labels `[a-zA-Z_][a-zA-Z0-9_]*` and not `__`-prefixed); a bad
    /// name, or a name already registered with another type or other labels, throws
    /// std::logic_error (a programming error).
    Counter& counter(std::string_view name, std::string_view help, std::vector<std::string> labels = {});
    /// The gauge `name`, created on first use; as `counter`.
    Gauge& gauge(std::string_view name, std::string_view help, std::vector<std::string> labels = {});
    /// The histogram `name`, created on first use with `bounds`; as `counter`.
    Histogram& histogram(std::string_view name, std::string_view help, std::vector<std::string> labels,
                         std::vector<double> bounds);

    /// Adds a function `render` calls first, to refresh scrape-time values (process figures).
    void add_collector(std::function<void(Registry&)> collector);

    /// Runs the collectors, then renders every family, sorted by name, in the text exposition
    /// format 0.0.4 (`kContentType`). A family without series renders its HELP and TYPE only.
    [[nodiscard]] std::string render();

private:
    template <class T, class... Extra>
    T& get_or_create(std::string_view name, std::string_view help, std::vector<std::string> labels,
                     Extra&&... extra);

    std::map<std::string, std::unique_ptr<Family>, std::less<>> families_;
    std::vector<std::function<void(Registry&)>> collectors_;
};

/// A label value escaped for the text format: `\` as `\\`, `"` as `\"`, newline as `\n`.
std::string escape_label_value(std::string_view value);
/// A `# HELP` text escaped for the text format: `\` as `\\`, newline as `\n`.
std::string escape_help(std::string_view text);
/// A sample value as the text format writes it: shortest round-trip decimal, `+Inf`, `-Inf`,
/// `NaN`.
std::string format_value(double value);

}  // namespace steward::core::metrics
