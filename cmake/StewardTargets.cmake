# Shared compile settings: warnings, sanitizers and the one TU that compiles Asio/Beast.

add_library(steward_warnings INTERFACE)
target_compile_options(steward_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual -Wold-style-cast
  $<$<BOOL:${STEWARD_WERROR}>:-Werror>)
if(NOT STEWARD_SANITIZE STREQUAL "")
  target_compile_options(steward_warnings INTERFACE -fsanitize=${STEWARD_SANITIZE} -fno-omit-frame-pointer)
  target_link_options(steward_warnings INTERFACE -fsanitize=${STEWARD_SANITIZE})
endif()

# Asio and Beast are compiled once (separate compilation) instead of in every TU that uses them.
# Every target that includes Asio or Beast links this, which carries the defines.
add_library(steward_asio STATIC ${PROJECT_SOURCE_DIR}/cmake/asio_impl.cpp)
target_compile_definitions(steward_asio PUBLIC
  BOOST_ASIO_SEPARATE_COMPILATION BOOST_BEAST_SEPARATE_COMPILATION BOOST_ASIO_NO_DEPRECATED)
target_link_libraries(steward_asio PUBLIC Boost::headers OpenSSL::SSL OpenSSL::Crypto Threads::Threads)

# steward_add_library(NAME SOURCES ... LINKS ...): a module library, includes from the repo root.
function(steward_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LINKS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR}/generated)
  target_link_libraries(${name} PUBLIC ${ARG_LINKS} PRIVATE steward_warnings)
endfunction()
