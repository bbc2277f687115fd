#include "orchestrator/engine/engine.hpp"

#include <charconv>

namespace steward::engine {

namespace {

std::optional<double> parse_double(const std::string& text) {
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

Result<std::map<std::string, core::Value>> params_from_text(const core::WorkflowSpec& spec,
                                                            const std::map<std::string, std::string>& given) {
    std::map<std::string, core::Value> out;
    for (const auto& [name, text] : given) {
        const core::ParamSpec* param = spec.find_param(name);
        if (param == nullptr) {
            out.emplace(name, core::Value{text});
            continue;
        }
        switch (param->type) {
            case core::ParamType::Number:
            case core::ParamType::Integer: {
                const auto number = parse_double(text);
                if (!number) {
                    return make_error(Errc::invalid_params,
                                      "param '" + name + "': '" + text + "' is not a number");
                }
                out.emplace(name, core::Value{*number});
                break;
            }
            case core::ParamType::Boolean:
                if (text == "true" || text == "yes" || text == "1") {
                    out.emplace(name, core::Value{true});
                } else if (text == "false" || text == "no" || text == "0") {
                    out.emplace(name, core::Value{false});
                } else {
                    return make_error(Errc::invalid_params, "param '" + name + "': '" + text +
                                                                "' is not a boolean (true or false)");
                }
                break;
            default: out.emplace(name, core::Value{text}); break;
        }
    }
    return out;
}

}  // namespace steward::engine
