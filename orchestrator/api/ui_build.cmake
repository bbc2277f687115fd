# Builds the web UI for embedding; run at build time by orchestrator/api/ui_assets.cmake (cmake -P).
#   -DNODE=  -DNPM=  -DUI_DIR=<source>/ui  -DOUT_DIR=<build>/ui-dist
# 1. `npm ci` in UI_DIR, only when UI_DIR/package-lock.json changed since the last install: the
#    SHA-256 of the lock file installed last is kept in UI_DIR/node_modules/.steward-lock-sha.
# 2. `node UI_DIR/build.mjs --outdir OUT_DIR` (index.html, assets, .gz copies, manifest.json).
# Both run under an exclusive lock on UI_DIR/.build.lock (released when this process exits), so
# build directories sharing a source tree never install node_modules while another reads it.
foreach(arg NODE NPM UI_DIR OUT_DIR)
  if(NOT DEFINED ${arg})
    message(FATAL_ERROR "ui_build.cmake: -D${arg}= is required")
  endif()
endforeach()

file(LOCK "${UI_DIR}/.build.lock" GUARD PROCESS TIMEOUT 900 RESULT_VARIABLE locked)
if(NOT locked EQUAL 0)
  message(FATAL_ERROR "ui_build.cmake: cannot lock ${UI_DIR}/.build.lock: ${locked}")
endif()

file(SHA256 "${UI_DIR}/package-lock.json" lock_sha)
set(stamp "${UI_DIR}/node_modules/.steward-lock-sha")
set(installed "")
if(EXISTS "${stamp}")
  file(READ "${stamp}" installed)
  string(STRIP "${installed}" installed)
endif()
if(NOT installed STREQUAL lock_sha)
  message(STATUS "ui: npm ci in ${UI_DIR} (package-lock.json changed since the last install)")
  execute_process(COMMAND "${NPM}" ci --no-audit --no-fund WORKING_DIRECTORY "${UI_DIR}" RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "ui: 'npm ci' in ${UI_DIR} failed (${status}); it needs the npm registry "
                        "(or a filled npm cache) once per change of ui/package-lock.json")
  endif()
  file(WRITE "${stamp}" "${lock_sha}\n")
endif()

execute_process(COMMAND "${NODE}" "${UI_DIR}/build.mjs" --outdir "${OUT_DIR}" WORKING_DIRECTORY "${UI_DIR}"
                RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "ui: 'node ui/build.mjs --outdir ${OUT_DIR}' failed (${status})")
endif()
