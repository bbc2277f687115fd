#include "orchestrator/engine/task_form.hpp"

#include "orchestrator/engine/json_values.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>

namespace steward::engine {

namespace json = boost::json;

std::string form_to_json(const std::vector<core::ParamSpec>& form) {
    json::array fields;
    for (const auto& field : form) {
        json::object entry{
            {"name", field.name}, {"type", core::to_string(field.type)}, {"required", field.required}};
        if (!field.values.empty()) {
            json::array values;
            for (const auto& value : field.values) {
                values.emplace_back(value);
            }
            entry["values"] = std::move(values);
        }
        if (!field.description.empty()) {
            entry["label"] = field.description;
        }
        if (field.default_value) {
            entry["default"] = to_json(*field.default_value);
        }
        fields.emplace_back(std::move(entry));
    }
    return json_text(json::object{{"fields", std::move(fields)}});
}

std::vector<core::ParamSpec> form_from_json(std::string_view text) {
    std::vector<core::ParamSpec> out;
    const auto root = object_from_text(text);
    const auto* fields = root.if_contains("fields");
    if (fields == nullptr || !fields->is_array()) {
        return out;
    }
    for (const auto& item : fields->get_array()) {
        const auto* entry = item.if_object();
        if (entry == nullptr) {
            continue;
        }
        core::ParamSpec spec;
        if (const auto* name = entry->if_contains("name"); name != nullptr && name->is_string()) {
            spec.name = std::string(name->get_string());
        }
        spec.type = core::ParamType::Text;
        if (const auto* type = entry->if_contains("type"); type != nullptr && type->is_string()) {
            spec.type =
                core::param_type_from_string(type->get_string(), true).value_or(core::ParamType::Text);
        }
        if (const auto* required = entry->if_contains("required");
            required != nullptr && required->is_bool()) {
            spec.required = required->get_bool();
        }
        if (const auto* values = entry->if_contains("values"); values != nullptr && values->is_array()) {
            for (const auto& value : values->get_array()) {
                if (value.is_string()) {
                    spec.values.emplace_back(value.get_string());
                }
            }
        }
        if (const auto* label = entry->if_contains("label"); label != nullptr && label->is_string()) {
            spec.description = std::string(label->get_string());
        }
        if (const auto* value = entry->if_contains("default")) {
            spec.default_value = to_value(*value);
        }
        out.push_back(std::move(spec));
    }
    return out;
}

std::string outcomes_to_json(const std::vector<std::string>& outcomes) {
    json::array array;
    for (const auto& outcome : outcomes) {
        array.emplace_back(outcome);
    }
    return json_text(array);
}

std::vector<std::string> outcomes_from_json(std::string_view text) {
    std::vector<std::string> out;
    boost::system::error_code ec;
    const json::value parsed = json::parse(text, ec);
    if (ec || !parsed.is_array()) {
        return out;
    }
    for (const auto& value : parsed.get_array()) {
        if (value.is_string()) {
            out.emplace_back(value.get_string());
        }
    }
    return out;
}

Result<std::string> check_form(const std::vector<core::ParamSpec>& fields, std::string_view values_json) {
    json::object given;
    if (!values_json.empty()) {
        boost::system::error_code ec;
        json::value parsed = json::parse(values_json, ec);
        if (ec || !parsed.is_object()) {
            return make_error(Errc::form_invalid, "the form values must be a JSON object");
        }
        given = std::move(parsed.as_object());
    }
    std::string names;
    for (const auto& field : fields) {
        names += (names.empty() ? "" : ", ") + field.name;
    }
    for (const auto& member : given) {
        const bool known = std::any_of(fields.begin(), fields.end(),
                                       [&](const core::ParamSpec& f) { return f.name == member.key(); });
        if (!known) {
            return make_error(Errc::form_invalid, "unknown form field '" + std::string(member.key()) +
                                                      "' (fields: " + (names.empty() ? "none" : names) + ")");
        }
    }
    json::object normalised;
    for (const auto& field : fields) {
        const auto* value = given.if_contains(field.name);
        if (value == nullptr || value->is_null()) {
            if (field.default_value) {
                normalised[field.name] = to_json(*field.default_value);
            } else if (field.required) {
                return make_error(Errc::form_invalid, "missing required form field '" + field.name + "'");
            }
            continue;
        }
        if (value->is_object() || value->is_array()) {
            return make_error(Errc::form_invalid, "form field '" + field.name + "' must be a " +
                                                      std::string(core::to_string(field.type)) + ", got " +
                                                      (value->is_object() ? "an object" : "an array"));
        }
        auto checked = core::check_param_value(field, to_value(*value));
        if (!checked) {
            return make_error(Errc::form_invalid,
                              "form field '" + field.name + "': " + checked.error().message);
        }
        normalised[field.name] = to_json(*checked);
    }
    return json_text(normalised);
}

}  // namespace steward::engine
