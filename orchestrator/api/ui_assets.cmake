# The web UI (ui/, docs/ui.md "Serving and building"), built by ui/build.mjs and compiled into the
# binary as library orch_ui_assets (embedded_assets.hpp). Included by orchestrator/api/CMakeLists.txt.
#   ui/package-lock.json changed      -> npm ci (ui_build.cmake keeps a stamp of the lock's SHA-256)
#   ui/src/*, ui/*.mjs, ui/*.json     -> node ui/build.mjs --outdir <build>/ui-dist
#   <build>/ui-dist/manifest.json     -> ui_embedded.cpp (ui_embed.cmake) -> orch_ui_assets
find_program(STEWARD_NODE node)
find_program(STEWARD_NPM npm)
if(NOT STEWARD_NODE OR NOT STEWARD_NPM)
  message(FATAL_ERROR "Building the web UI needs Node.js 18 or newer and npm, and 'node' or 'npm' "
    "is not on PATH: run scripts/setup.sh, which installs Debian's nodejs and npm.")
endif()
execute_process(COMMAND ${STEWARD_NODE} --version OUTPUT_VARIABLE steward_node_version
  OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE steward_node_status)
string(REGEX MATCH "^[^\n]*" steward_node_version "${steward_node_version}")
string(REGEX MATCH "^v([0-9]+)\\." steward_node_match "${steward_node_version}")
if(NOT steward_node_status EQUAL 0 OR NOT steward_node_match OR CMAKE_MATCH_1 LESS 18)
  message(FATAL_ERROR "Building the web UI needs Node.js 18 or newer; ${STEWARD_NODE} is "
    "'${steward_node_version}': run scripts/setup.sh, which installs Debian's nodejs and npm, "
    "or put a newer node first on PATH (then delete CMakeCache.txt).")
endif()

set(STEWARD_UI_SOURCE_DIR ${PROJECT_SOURCE_DIR}/ui)
set(STEWARD_UI_DIST ${PROJECT_BINARY_DIR}/ui-dist)
file(GLOB_RECURSE steward_ui_sources CONFIGURE_DEPENDS ${STEWARD_UI_SOURCE_DIR}/src/*)
file(GLOB steward_ui_inputs CONFIGURE_DEPENDS ${STEWARD_UI_SOURCE_DIR}/*.json ${STEWARD_UI_SOURCE_DIR}/*.mjs)
add_custom_command(OUTPUT ${STEWARD_UI_DIST}/manifest.json
  COMMAND ${CMAKE_COMMAND} -DNODE=${STEWARD_NODE} -DNPM=${STEWARD_NPM} -DUI_DIR=${STEWARD_UI_SOURCE_DIR}
    -DOUT_DIR=${STEWARD_UI_DIST} -P ${CMAKE_CURRENT_SOURCE_DIR}/ui_build.cmake
  DEPENDS ${steward_ui_sources} ${steward_ui_inputs} ${CMAKE_CURRENT_SOURCE_DIR}/ui_build.cmake
  COMMENT "Building the web UI (ui/build.mjs)"
  VERBATIM)

set(STEWARD_UI_CPP ${CMAKE_CURRENT_BINARY_DIR}/ui_embedded.cpp)
add_custom_command(OUTPUT ${STEWARD_UI_CPP}
  COMMAND ${CMAKE_COMMAND} -DDIST=${STEWARD_UI_DIST} -DOUTPUT=${STEWARD_UI_CPP}
    -P ${CMAKE_CURRENT_SOURCE_DIR}/ui_embed.cmake
  DEPENDS ${STEWARD_UI_DIST}/manifest.json ${CMAKE_CURRENT_SOURCE_DIR}/ui_embed.cmake
  COMMENT "Embedding the web UI"
  VERBATIM)

# orch_ui_assets: `embedded_ui_files()`, the table of the built UI. Configuring needs node and npm;
# only the targets linking this (steward through orch_app, the UI tests) run the UI build.
steward_add_library(orch_ui_assets SOURCES ${STEWARD_UI_CPP})
