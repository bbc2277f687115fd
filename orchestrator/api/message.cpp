#include "orchestrator/api/message.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <cctype>

namespace steward::api {

const std::string* Request::query_param(std::string_view name) const {
    const auto it = query.find(std::string(name));
    return it == query.end() ? nullptr : &it->second;
}

const std::string* Request::header(std::string_view lower_name) const {
    const auto it = headers.find(std::string(lower_name));
    return it == headers.end() ? nullptr : &it->second;
}

bool Request::header_repeated(std::string_view lower_name) const {
    return std::binary_search(repeated_headers.begin(), repeated_headers.end(), lower_name);
}

void Request::add_header(std::string_view name, std::string value) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    const auto [it, inserted] = headers.insert_or_assign(std::move(lower), std::move(value));
    if (!inserted) {
        const auto at = std::lower_bound(repeated_headers.begin(), repeated_headers.end(), it->first);
        if (at == repeated_headers.end() || *at != it->first) {
            repeated_headers.insert(at, it->first);
        }
    }
}

bool parse_target(std::string_view target, std::string& path,
                  std::multimap<std::string, std::string>& query) {
    const auto parsed = boost::urls::parse_origin_form(target);
    if (!parsed) {
        return false;
    }
    path = std::string(parsed->path());
    query.clear();
    for (const auto& param : parsed->params()) {
        query.emplace(param.key, param.has_value ? param.value : std::string());
    }
    return true;
}

}  // namespace steward::api
