#include "tests/fake_livy/reply.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace steward::fake_livy {

Reply json_reply(unsigned status, const boost::json::value& body) {
    Reply r;
    r.status = status;
    r.body = boost::json::serialize(body);
    return r;
}

Reply msg_reply(unsigned status, std::string msg) {
    return json_reply(status, boost::json::object{{"msg", std::move(msg)}});
}

Reply string_reply(unsigned status, std::string text) {
    return json_reply(status, boost::json::string(text));
}

Reply empty_reply(unsigned status) {
    Reply r;
    r.status = status;
    r.content_type.clear();
    return r;
}

Reply jetty_error_page(unsigned status, const std::string& path, const std::string& reason) {
    Reply r;
    r.status = status;
    r.content_type = "text/html;charset=iso-8859-1";
    const auto code = std::to_string(status);
    r.body =
        "<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html;charset=utf-8\"/>\n"
        "<title>Error " +
        code + " " + reason + "</title>\n</head>\n<body><h2>HTTP ERROR " + code +
        "</h2>\n<p>Problem accessing " + path + ". Reason:\n<pre>    " + reason +
        "</pre></p>\n</body>\n</html>\n";
    return r;
}

}  // namespace steward::fake_livy
