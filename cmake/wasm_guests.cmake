# Builds WebAssembly guest programs (wasm32-wasi) from C, C++, Rust and AssemblyScript with the
# Debian toolchains and the npm `asc`, as custom commands. A missing toolchain skips its guests
# with a warning (scripts/setup.sh installs all of them).

find_program(LICHEN_WASI_CC clang-19)
find_program(LICHEN_WASI_CXX clang++-19)
# Debian's rustc has the wasm32-wasi std; a rustup rustc earlier on PATH may not.
find_program(LICHEN_WASI_RUSTC rustc PATHS /usr/bin NO_DEFAULT_PATH)
find_program(LICHEN_NODE node)
set(LICHEN_ASC "${PROJECT_SOURCE_DIR}/node_modules/.bin/asc")
set(LICHEN_WASI_SHIM "${PROJECT_SOURCE_DIR}/node_modules/@assemblyscript/wasi-shim/asconfig.json")

# lichen_wasm_guest(NAME LANG SOURCE [FLAGS...]): builds ${CMAKE_CURRENT_BINARY_DIR}/NAME.wasm
# and sets NAME_WASM in the caller's scope (empty when the toolchain is missing).
function(lichen_wasm_guest name lang source)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${name}.wasm")
  set(src "${CMAKE_CURRENT_SOURCE_DIR}/${source}")
  if(lang STREQUAL "c" AND LICHEN_WASI_CC)
    set(cmd ${LICHEN_WASI_CC} --target=wasm32-wasi --sysroot=/usr ${ARGN} ${src} -o ${out})
  elseif(lang STREQUAL "cpp" AND LICHEN_WASI_CXX)
    set(cmd ${LICHEN_WASI_CXX} --target=wasm32-wasi --sysroot=/usr -fno-exceptions ${ARGN} ${src}
        -o ${out})
  elseif(lang STREQUAL "rust" AND LICHEN_WASI_RUSTC)
    set(cmd ${LICHEN_WASI_RUSTC} --target wasm32-wasi --edition 2021 -O -C strip=debuginfo
        ${ARGN} ${src} -o ${out})
  elseif(lang STREQUAL "as" AND EXISTS "${LICHEN_ASC}" AND EXISTS "${LICHEN_WASI_SHIM}")
    # asc 0.28 ignores the shim's "lib" when --config is an absolute path: pass it relative.
    file(RELATIVE_PATH shim "${CMAKE_CURRENT_BINARY_DIR}" "${LICHEN_WASI_SHIM}")
    set(cmd ${LICHEN_ASC} ${src} --config ${shim} ${ARGN} -o ${out})
  else()
    message(WARNING "no ${lang} toolchain for wasm32-wasi: guest ${name} is not built")
    set(${name}_WASM "" PARENT_SCOPE)
    return()
  endif()
  add_custom_command(OUTPUT ${out} COMMAND ${cmd} DEPENDS ${src}
                     WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}
                     COMMENT "wasm32-wasi ${lang}: ${name}.wasm" VERBATIM)
  add_custom_target(guest_${name} ALL DEPENDS ${out})
  set(${name}_WASM ${out} PARENT_SCOPE)
endfunction()

# lichen_node_compare_test(NAME WASM EXPECTED_EXIT [--sandbox] [--stdin TEXT] [--env K=V]...
#                          [-- ARGS...]): runs WASM under `lichen run` and under Node's WASI
# and requires the same stdout, empty stderr, the same files and the expected exit code.
function(lichen_node_compare_test name wasm expected_exit)
  if(NOT wasm OR NOT LICHEN_NODE)
    return()
  endif()
  add_test(NAME ${name}
           COMMAND bash ${PROJECT_SOURCE_DIR}/tests/integration/wasi/compare_with_node.sh
                   $<TARGET_FILE:lichen> ${LICHEN_NODE} ${wasm} ${expected_exit} ${ARGN})
endfunction()
