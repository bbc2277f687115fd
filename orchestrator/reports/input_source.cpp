#include "orchestrator/reports/input_source.hpp"

#include "orchestrator/reports/csv_reader.hpp"
#include "orchestrator/reports/jsonl_reader.hpp"
#include "orchestrator/reports/mapped_file.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace steward::reports {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

}  // namespace

Result<std::string> local_path(std::string_view location) {
    const std::size_t colon = location.find("://");
    if (colon == std::string_view::npos) {
        return Result<std::string>(boost::system::in_place_value, location);
    }
    const std::string scheme = lower(location.substr(0, colon));
    if (scheme != "file") {
        return ReportError{std::string(location) +
                           ": only local paths and file:// URIs are read "
                           "directly; data in '" +
                           scheme +
                           "' storage is read through Spark "
                           "(the Livy source modes, see docs/reports.md)"};
    }
    std::string_view rest = location.substr(colon + 3);
    const std::size_t slash = rest.find('/');
    const std::string host = lower(rest.substr(0, std::min(slash, rest.size())));
    if (!host.empty() && host != "localhost") {
        return ReportError{std::string(location) + ": file URI names the remote host '" + host +
                           "'; only local files can be read"};
    }
    if (slash == std::string_view::npos) {
        return ReportError{std::string(location) + ": file URI has no path"};
    }
    rest.remove_prefix(slash);
    std::string path;
    for (std::size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] != '%') {
            path.push_back(rest[i]);
            continue;
        }
        const int hi = i + 2 < rest.size() ? hex_value(rest[i + 1]) : -1;
        const int lo = i + 2 < rest.size() ? hex_value(rest[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
            return ReportError{std::string(location) + ": bad percent-escape in file URI"};
        }
        path.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return Result<std::string>(boost::system::in_place_value, std::move(path));
}

InputFormat format_of(std::string_view path) {
    const std::string p = lower(path);
    for (const char* ext : {".jsonl", ".ndjson", ".json"}) {
        if (p.ends_with(ext)) {
            return InputFormat::jsonl;
        }
    }
    return InputFormat::csv;
}

Result<Table> read_table(std::string_view location, std::span<const ColumnRequest> columns,
                         unsigned threads) {
    auto path = local_path(location);
    if (!path) {
        return path.error();
    }
    if (format_of(*path) == InputFormat::csv) {
        return read_csv_file(*path, columns, threads);
    }
    auto file = MappedFile::open(*path);
    if (!file) {
        return file.error();
    }
    return parse_jsonl(file->view(), *path, columns);
}

}  // namespace steward::reports
