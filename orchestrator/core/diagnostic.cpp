#include "orchestrator/core/diagnostic.hpp"

#include <algorithm>

namespace steward::core {

std::string format_diagnostic(const Diagnostic& diagnostic) {
    return diagnostic.file + ":" + std::to_string(std::max(diagnostic.pos.line, 1)) + ":" +
           std::to_string(std::max(diagnostic.pos.col, 1)) + ": " + diagnostic.message;
}

std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics) {
    std::string out;
    for (const Diagnostic& d : diagnostics) {
        out += format_diagnostic(d);
        out += '\n';
    }
    return out;
}

}  // namespace steward::core
