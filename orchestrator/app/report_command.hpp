#pragma once

#include <span>
#include <string_view>

namespace steward::app {

/// `steward report`: computes a model performance report (and drift against a reference) from
/// local scored data and prints it as JSON or text. Returns 0 on success, 1 on bad input or
/// options (one clear line on stderr naming the place). Blocking; runs on the calling thread plus
/// the reports module's worker threads.
int run_report(std::span<const std::string_view> args);

}  // namespace steward::app
