// MapReader: typed, position-aware reading of one YAML mapping (see yaml_reader.hpp).
#include "orchestrator/workflow/yaml_reader.hpp"

#include "orchestrator/core/suggest.hpp"

#include <algorithm>
#include <cmath>

namespace steward::workflow::detail {

MapReader::MapReader(Reader& reader, const YAML::Node& node, std::string context, core::Origin* origin)
    : reader_(reader), context_(std::move(context)), origin_(origin), pos_(Reader::pos(node)) {
    reader_.spend();
    if (origin_ != nullptr) {
        origin_->pos = pos_;
    }
    if (!node.IsMap()) {
        reader_.error(node, context_ + " must be a mapping, got " + describe(node));
        return;
    }
    ok_ = true;
    for (auto it = node.begin(); it != node.end(); ++it) {
        reader_.spend();
        const YAML::Node key = it->first;
        if (!key.IsScalar()) {
            reader_.error(key, "keys in " + context_ + " must be names, got " + describe(key));
            continue;
        }
        const std::string name = key.Scalar();
        if (name == "<<" && is_plain(key)) {
            reader_.error(key,
                          "YAML merge keys ('<<') are not supported in workflow files; write the fields out");
            continue;
        }
        if (const Entry* first = find(name)) {
            reader_.error(key, "duplicate field '" + name + "' in " + context_ + " (first given at line " +
                                   std::to_string(Reader::pos(first->key_node).line) + ")");
            continue;
        }
        index_.emplace(name, entries_.size());
        entries_.push_back(Entry{name, key, it->second});
    }
}

const MapReader::Entry* MapReader::find(std::string_view key) const {
    const auto it = index_.find(std::string(key));
    return it == index_.end() ? nullptr : &entries_[it->second];
}

void MapReader::declare(std::string_view key) {
    if (std::find(declared_.begin(), declared_.end(), key) == declared_.end()) {
        declared_.emplace_back(key);
    }
}

bool MapReader::has(std::string_view key) const {
    return find(key) != nullptr;
}

core::SourcePos MapReader::key_pos(std::string_view key) const {
    const Entry* e = find(key);
    return e == nullptr ? pos_ : Reader::pos(e->key_node);
}

std::optional<YAML::Node> MapReader::field(std::string_view key, Need need) {
    declare(key);
    const Entry* e = find(key);
    if (e == nullptr) {
        if (need == Need::Required && ok_) {
            reader_.error(pos_, "missing required field '" + std::string(key) + "' in " + context_);
        }
        return std::nullopt;
    }
    reader_.spend();
    // yaml-cpp places a null value's mark at the next token: use the key's position instead.
    const core::SourcePos at = is_null(e->value) ? Reader::pos(e->key_node) : Reader::pos(e->value);
    if (origin_ != nullptr) {
        origin_->fields[std::string(key)] = at;
    }
    if (is_null(e->value)) {
        reader_.error(at, subject(key, context_) + " has no value");
        return std::nullopt;
    }
    return e->value;
}

void MapReader::field_error(std::string_view key, const std::string& what) {
    const Entry* e = find(key);
    const core::SourcePos at =
        e == nullptr ? pos_ : (is_null(e->value) ? Reader::pos(e->key_node) : Reader::pos(e->value));
    reader_.error(at, subject(key, context_) + " " + what);
}

std::optional<std::string> MapReader::scalar_text(const YAML::Node& value, std::string_view key) {
    if (!value.IsScalar()) {
        reader_.error(value, subject(key, context_) + " must be a string, got " + describe(value));
        return std::nullopt;
    }
    return value.Scalar();
}

std::optional<std::string> MapReader::text(std::string_view key, Need need) {
    auto value = field(key, need);
    if (!value) {
        return std::nullopt;
    }
    auto out = scalar_text(*value, key);
    if (out && out->empty() && need == Need::Required) {
        reader_.error(*value, subject(key, context_) + " is empty");
        return std::nullopt;
    }
    return out;
}

std::optional<std::string> MapReader::templ(std::string_view key, Need need) {
    auto value = field(key, need);
    if (!value) {
        return std::nullopt;
    }
    auto out = scalar_text(*value, key);
    if (!out) {
        return std::nullopt;
    }
    if (out->empty() && need == Need::Required) {
        reader_.error(*value, subject(key, context_) + " is empty");
        return std::nullopt;
    }
    if (!reader_.check_template(*value, *out)) {
        return std::nullopt;
    }
    return out;
}

std::optional<bool> MapReader::boolean(std::string_view key, Need need) {
    auto value = field(key, need);
    if (!value) {
        return std::nullopt;
    }
    const core::Value v = scalar_value(*value);
    if (const bool* b = std::get_if<bool>(&v); b != nullptr && value->IsScalar()) {
        return *b;
    }
    reader_.error(*value, subject(key, context_) + " must be true or false, got " + describe(*value));
    return std::nullopt;
}

std::optional<long long> MapReader::integer(std::string_view key, long long min, long long max, Need need) {
    auto value = field(key, need);
    if (!value) {
        return std::nullopt;
    }
    const core::Value v =
        value->IsScalar() && is_plain(*value) ? scalar_value(*value) : core::Value{std::string()};
    const double* d = std::get_if<double>(&v);
    if (d == nullptr || std::trunc(*d) != *d) {
        reader_.error(*value, subject(key, context_) + " must be an integer, got " + describe(*value));
        return std::nullopt;
    }
    if (*d < static_cast<double>(min) || *d > static_cast<double>(max)) {
        reader_.error(*value, subject(key, context_) + " must be between " + std::to_string(min) + " and " +
                                  std::to_string(max) + ", got " + core::format_number(*d));
        return std::nullopt;
    }
    return static_cast<long long>(*d);
}

std::optional<double> MapReader::number(std::string_view key, double min, double max, Need need) {
    auto value = field(key, need);
    if (!value) {
        return std::nullopt;
    }
    const core::Value v =
        value->IsScalar() && is_plain(*value) ? scalar_value(*value) : core::Value{std::string()};
    const double* d = std::get_if<double>(&v);
    if (d == nullptr) {
        reader_.error(*value, subject(key, context_) + " must be a number, got " + describe(*value));
        return std::nullopt;
    }
    if (*d < min || *d > max) {
        reader_.error(*value, subject(key, context_) + " must be between " + core::format_number(min) +
                                  " and " + core::format_number(max) + ", got " + core::format_number(*d));
        return std::nullopt;
    }
    return *d;
}

std::optional<core::DurationField> MapReader::duration(std::string_view key, Need need, bool positive) {
    auto value = field(key, need);
    if (!value) {
        return std::nullopt;
    }
    if (!value->IsScalar()) {
        reader_.error(*value,
                      subject(key, context_) + " must be a duration such as 90s, got " + describe(*value));
        return std::nullopt;
    }
    if (core::has_interpolation(value->Scalar())) {
        if (!reader_.check_template(*value, value->Scalar())) {
            return std::nullopt;
        }
        reader_.sites().back().duration_subject = subject(key, context_);
        return core::InterpolatedDuration{value->Scalar()};
    }
    auto parsed = core::parse_duration(value->Scalar());
    if (!parsed) {
        reader_.error(*value, subject(key, context_) + ": " + parsed.error().message);
        return std::nullopt;
    }
    if (positive && parsed.value() == core::Duration::zero()) {
        reader_.error(*value, subject(key, context_) + " must be longer than 0s");
        return std::nullopt;
    }
    return core::DurationField(parsed.value());
}

std::optional<std::vector<std::string>> MapReader::text_list(std::string_view key, bool templates,
                                                             Need need) {
    auto value = field(key, need);
    if (!value) {
        return std::nullopt;
    }
    if (!value->IsSequence()) {
        reader_.error(*value, subject(key, context_) + " must be a list, got " + describe(*value));
        return std::nullopt;
    }
    std::vector<std::string> out;
    bool good = true;
    for (const YAML::Node& item : *value) {
        reader_.spend();
        if (!item.IsScalar() || is_null(item)) {
            reader_.error(item,
                          "items of " + subject(key, context_) + " must be strings, got " + describe(item));
            good = false;
            continue;
        }
        if (templates && !reader_.check_template(item, item.Scalar())) {
            good = false;
            continue;
        }
        out.push_back(item.Scalar());
    }
    if (need == Need::Required && good && out.empty()) {
        reader_.error(*value, subject(key, context_) + " is empty");
        return std::nullopt;
    }
    return good ? std::optional(std::move(out)) : std::nullopt;
}

std::optional<std::map<std::string, std::string>> MapReader::text_map(std::string_view key, bool templates,
                                                                      Need need) {
    auto value = field(key, need);
    if (!value) {
        return std::nullopt;
    }
    if (!value->IsMap()) {
        reader_.error(*value, subject(key, context_) + " must be a mapping, got " + describe(*value));
        return std::nullopt;
    }
    std::map<std::string, std::string> out;
    bool good = true;
    for (auto it = value->begin(); it != value->end(); ++it) {
        reader_.spend();
        const YAML::Node k = it->first;
        const YAML::Node v = it->second;
        if (!k.IsScalar() || k.Scalar().empty()) {
            reader_.error(k, "keys of " + subject(key, context_) + " must be names, got " + describe(k));
            good = false;
            continue;
        }
        if (out.count(k.Scalar()) != 0) {
            reader_.error(k, "duplicate key '" + k.Scalar() + "' in " + subject(key, context_));
            good = false;
            continue;
        }
        if (!v.IsScalar() || is_null(v)) {
            reader_.error(is_null(v) ? k : v, "'" + k.Scalar() + "' in " + subject(key, context_) +
                                                  " must be a string, got " + describe(v));
            good = false;
            continue;
        }
        if (templates && !reader_.check_template(v, v.Scalar())) {
            good = false;
            continue;
        }
        out[k.Scalar()] = v.Scalar();
    }
    return good ? std::optional(std::move(out)) : std::nullopt;
}

std::optional<std::string> MapReader::choice(std::string_view key, const std::vector<std::string>& choices,
                                             Need need) {
    auto value = text(key, need);
    if (!value) {
        return std::nullopt;
    }
    if (std::find(choices.begin(), choices.end(), *value) == choices.end()) {
        std::string list;
        for (const auto& c : choices) {
            list += (list.empty() ? "" : ", ") + c;
        }
        field_error(
            key, "must be one of " + list + ", got '" + *value + "'" + core::did_you_mean(*value, choices));
        return std::nullopt;
    }
    return value;
}

void MapReader::nested(std::string_view key, std::vector<std::string> fields) {
    nested_.push_back(Nested{std::string(key), std::move(fields), false});
}

void MapReader::nested_definitions(std::string_view key) {
    nested_.push_back(Nested{std::string(key), {}, true});
}

std::string MapReader::indentation_hint(const Entry& e) const {
    auto is_definition = [](const YAML::Node& value) {
        if (!value.IsMap()) {
            return false;
        }
        std::size_t seen = 0;
        for (auto it = value.begin(); it != value.end() && seen < 64; ++it, ++seen) {
            if (it->first.IsScalar() && it->first.Scalar() == "type") {
                return true;
            }
        }
        return false;
    };
    const int line = Reader::pos(e.key_node).line;
    const Nested* best = nullptr;
    int best_line = 0;
    for (const Nested& n : nested_) {
        const Entry* holder = find(n.key);
        if (holder == nullptr) {
            continue;
        }
        const int at = Reader::pos(holder->key_node).line;
        const bool fits = n.definitions
                              ? is_definition(e.value)
                              : std::find(n.fields.begin(), n.fields.end(), e.key) != n.fields.end();
        if (fits && at < line && at > best_line) {
            best = &n;
            best_line = at;
        }
    }
    if (best == nullptr) {
        return {};
    }
    return "'" + e.key + "' is not a field of " + context_ + "; did you mean to indent it under '" +
           best->key + ":' (line " + std::to_string(best_line) + ")?";
}

void MapReader::finish() {
    if (!ok_) {
        return;
    }
    for (const Entry& e : entries_) {
        if (std::find(declared_.begin(), declared_.end(), e.key) != declared_.end()) {
            continue;
        }
        if (reader_.full()) {
            reader_.drop();
            continue;
        }
        if (std::string hint = indentation_hint(e); !hint.empty()) {
            reader_.error(e.key_node, std::move(hint));
            continue;
        }
        reader_.error(e.key_node,
                      "unknown field '" + e.key + "' in " + context_ + core::did_you_mean(e.key, declared_));
    }
}

}  // namespace steward::workflow::detail
