# parallax_module(NAME SOURCES ... DEPS ...)
# One static library per pipeline stage. Headers are included as
# "<module>/<file>.h" from src/, so a stage that links only earlier stages
# cannot reach a later one.
set(PARALLAX_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)

function(parallax_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS" ${ARGN})
  add_library(parallax_${name} STATIC ${M_SOURCES})
  target_include_directories(parallax_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/include)
  target_compile_options(parallax_${name} PRIVATE ${PARALLAX_WARNINGS})
  if(M_DEPS)
    target_link_libraries(parallax_${name} PUBLIC ${M_DEPS})
  endif()
endfunction()
