#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace steward::core {

/// A 1-based line and column in a workflow file; 0/0 when unknown (a spec built in code).
struct SourcePos {
    int line = 0;
    int col = 0;

    [[nodiscard]] bool known() const noexcept { return line > 0; }
    bool operator==(const SourcePos&) const = default;
};

/// Where a node of the spec came from: the node itself and each of its fields' values, so that
/// the validator and the engine can point at the exact place in the file.
///
/// Origins always compare equal: positions are metadata, not part of a spec's value, so two specs
/// that differ only in layout (e.g. a file and its normalised re-rendering) are equal.
struct Origin {
    SourcePos pos;
    std::map<std::string, SourcePos, std::less<>> fields;

    /// The position of `field`'s value, or of the node itself when the field was not given.
    [[nodiscard]] SourcePos at(std::string_view field) const {
        const auto it = fields.find(field);
        return it == fields.end() ? pos : it->second;
    }

    bool operator==(const Origin&) const noexcept { return true; }
};

}  // namespace steward::core
