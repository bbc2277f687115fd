#include "orchestrator/app/serve_command.hpp"

#include "orchestrator/api/directory_assets.hpp"
#include "orchestrator/api/embedded_assets.hpp"
#include "orchestrator/app/cli.hpp"
#include "orchestrator/app/config.hpp"
#include "orchestrator/app/server_app.hpp"

#include <iostream>
#include <memory>
#include <optional>
#include <string>

namespace steward::app {
namespace {

constexpr std::string_view kUsage =
    "Usage: steward serve [--config FILE] [--listen HOST:PORT] [--ui-dir DIR]\n"
    "\n"
    "Runs the workflow engine and the HTTP API until SIGINT or SIGTERM. Loads every *.yaml file\n"
    "of the config's workflows_dir (an invalid file stops the start) and resumes unfinished runs.\n"
    "Prints 'steward: listening on URL' on stdout when ready; logs go to stderr. The web UI is\n"
    "served at URL/ from the files built into this binary (docs/ui.md).\n"
    "\n"
    "Options:\n"
    "  --config FILE       the server config (default: $STEWARD_CONFIG, else ./steward.yaml);\n"
    "                      see docs/configuration.md and config/steward.yaml\n"
    "  --listen HOST:PORT  overrides http.listen (port 0: any free port)\n"
    "  --ui-dir DIR        serve the web UI from DIR instead, re-read on every request (for\n"
    "                      working on the UI: node ui/build.mjs --outdir DIR --dev --watch)\n"
    "  -h, --help          show this help\n"
    "\n"
    "Exit status: 0 clean shutdown, 1 start failed, 2 usage or config error.\n";

}  // namespace

int serve_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args)) {
        out << kUsage;
        return 0;
    }
    std::optional<std::string> config_file;
    std::optional<std::string> listen;
    std::optional<std::string> ui_dir;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        const bool has_value = i + 1 < args.size();
        if (arg == "--config" && has_value) {
            config_file = std::string(args[++i]);
        } else if (arg == "--listen" && has_value) {
            listen = std::string(args[++i]);
        } else if (arg == "--ui-dir" && has_value) {
            ui_dir = std::string(args[++i]);
        } else {
            const bool takes_value = arg == "--config" || arg == "--listen" || arg == "--ui-dir";
            err << "steward serve: "
                << (takes_value ? "missing value for '" + std::string(arg) + "'"
                    : !arg.empty() && arg.front() == '-'
                        ? unknown_option(arg, {"--config", "--listen", "--ui-dir"})
                        : "unexpected argument '" + std::string(arg) + "'")
                << "\n"
                << kUsage;
            return 2;
        }
    }
    std::unique_ptr<api::AssetSource> ui;
    if (ui_dir) {
        std::string problem;
        auto source = api::DirectoryAssetSource::open(*ui_dir, problem);
        if (!source) {
            err << "steward serve: --ui-dir: " << problem
                << " (build it with: node ui/build.mjs --outdir DIR --dev --watch)\n";
            return 2;
        }
        if (!source->find("/index.html")) {
            err << "steward serve: warning: --ui-dir: no index.html in '" << source->root().string()
                << "' yet; the UI answers 404 until it is built\n";
        }
        ui = std::make_unique<api::DirectoryAssetSource>(std::move(*source));
    } else {
        ui = std::make_unique<api::EmbeddedAssetSource>(api::embedded_ui_files());
    }
    if (!config_file) {
        const auto env = process_env("STEWARD_CONFIG");
        config_file = env && !env->empty() ? *env : "steward.yaml";
    }
    Config config;
    try {
        config = load_config(*config_file);
    } catch (const ConfigError& e) {
        err << e.what() << "\n";
        return 2;
    }
    if (listen) {
        if (const std::string problem = parse_listen_address(*listen, config.http); !problem.empty()) {
            err << "steward serve: --listen: " << problem << "\n";
            return 2;
        }
    }
    return run_server(config, out, err, ui.get());
}

int run_serve(std::span<const std::string_view> args) {
    return serve_main(args, std::cout, std::cerr);
}

}  // namespace steward::app
