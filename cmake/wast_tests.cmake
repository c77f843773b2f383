# lichen_wast_tests(PREFIX TARGET WAST...): converts each .wast script with wast2json at build
# time (into the current binary dir) and adds the ctests PREFIX.<name> and PREFIX.plain.<name>
# running `lichen spectest` on it with the compiler's rewrites on and off; TARGET builds every
# converted script.
find_program(WAST2JSON wast2json REQUIRED)

function(lichen_wast_tests prefix target)
  set(json_files)
  foreach(wast ${ARGN})
    get_filename_component(name ${wast} NAME_WE)
    set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/${name}")
    set(json "${out_dir}/${name}.json")
    add_custom_command(
      OUTPUT ${json}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${out_dir}
      COMMAND ${WAST2JSON} ${wast} -o ${json}
      DEPENDS ${wast}
      COMMENT "wast2json ${prefix}/${name}.wast"
      VERBATIM)
    list(APPEND json_files ${json})
    add_test(NAME ${prefix}.${name} COMMAND lichen spectest ${json})
    # The same script with the compiler's rewrites off: both ways of compiling must conform.
    add_test(NAME ${prefix}.plain.${name} COMMAND lichen spectest --no-rewrites ${json})
    set_tests_properties(${prefix}.${name} ${prefix}.plain.${name} PROPERTIES TIMEOUT 120)
  endforeach()
  add_custom_target(${target} ALL DEPENDS ${json_files})
endfunction()
