#include "orchestrator/api/message.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace steward::api {

const std::string* Request::query_param(std::string_view name) const {
    const auto it = query.find(std::string(name));
    return it == query.end() ? nullptr : &it->second;
}

const std::string* Request::header(std::string_view lower_name) const {
    const auto it = headers.find(std::string(lower_name));
    return it == headers.end() ? nullptr : &it->second;
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
