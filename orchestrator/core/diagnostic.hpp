#pragma once

#include "orchestrator/core/source_pos.hpp"

#include <string>
#include <vector>

namespace steward::core {

/// One problem found in a workflow file: where, and what. Printed as `FILE:LINE:COL: message`.
struct Diagnostic {
    std::string file;
    SourcePos pos;  // 1-based; 1:1 when the problem concerns the whole file
    std::string message;

    bool operator==(const Diagnostic& other) const {
        return file == other.file && pos == other.pos && message == other.message;
    }
};

/// "FILE:LINE:COL: message" (the line and column are printed as 1 when unknown). Pure.
[[nodiscard]] std::string format_diagnostic(const Diagnostic& diagnostic);

/// All diagnostics, one per line, each ending in '\n'. Pure.
[[nodiscard]] std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics);

}  // namespace steward::core
