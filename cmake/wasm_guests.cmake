# Builds WebAssembly guest programs (wasm32-wasi) from C, C++, Rust and AssemblyScript with the
# Debian toolchains and the npm `asc`, as custom commands, and compares them with Node's WASI.
# Each toolchain is required unless its option is turned off: a missing tool fails the
# configure rather than silently dropping tests (scripts/setup.sh installs all of them).
include_guard(GLOBAL)

option(LICHEN_WITH_CLANG "Build C/C++ wasm32-wasi guests and kernels with clang-19" ON)
option(LICHEN_WITH_RUST "Build Rust wasm32-wasi guests with Debian's rustc" ON)
option(LICHEN_WITH_ASC "Build AssemblyScript guests with asc from node_modules" ON)
option(LICHEN_WITH_NODE "Run guests under Node's WASI and the Dapr JS SDK test" ON)

# lichen_require_tool(OPTION WHAT FOUND): stops the configure when OPTION is on and FOUND is not.
function(lichen_require_tool option what found)
  if(${option} AND NOT found)
    message(FATAL_ERROR
            "${what} not found: run ./scripts/setup.sh to install it, or configure with "
            "-D${option}=OFF to build without the tests that need it.")
  endif()
endfunction()

if(LICHEN_WITH_CLANG)
  find_program(LICHEN_WASI_CC clang-19)
  find_program(LICHEN_WASI_CXX clang++-19)
  lichen_require_tool(LICHEN_WITH_CLANG "clang-19" "${LICHEN_WASI_CC}")
  lichen_require_tool(LICHEN_WITH_CLANG "clang++-19" "${LICHEN_WASI_CXX}")
endif()
if(LICHEN_WITH_RUST)
  # Debian's rustc has the wasm32-wasi std; a rustup rustc earlier on PATH may not.
  find_program(LICHEN_WASI_RUSTC rustc PATHS /usr/bin NO_DEFAULT_PATH)
  lichen_require_tool(LICHEN_WITH_RUST "rustc (in /usr/bin)" "${LICHEN_WASI_RUSTC}")
endif()
if(LICHEN_WITH_ASC)
  set(LICHEN_ASC "${PROJECT_SOURCE_DIR}/node_modules/.bin/asc")
  set(LICHEN_WASI_SHIM "${PROJECT_SOURCE_DIR}/node_modules/@assemblyscript/wasi-shim/asconfig.json")
  if(NOT EXISTS "${LICHEN_ASC}" OR NOT EXISTS "${LICHEN_WASI_SHIM}")
    lichen_require_tool(LICHEN_WITH_ASC "asc and @assemblyscript/wasi-shim (node_modules)" "")
  endif()
endif()
if(LICHEN_WITH_NODE)
  find_program(LICHEN_NODE node)
  lichen_require_tool(LICHEN_WITH_NODE "node" "${LICHEN_NODE}")
endif()

# lichen_wasm_guest(NAME LANG SOURCE [FLAGS...]): builds ${CMAKE_CURRENT_BINARY_DIR}/NAME.wasm
# and sets NAME_WASM in the caller's scope (empty when the language's option is off).
function(lichen_wasm_guest name lang source)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${name}.wasm")
  set(src "${CMAKE_CURRENT_SOURCE_DIR}/${source}")
  set(${name}_WASM "" PARENT_SCOPE)
  if(lang STREQUAL "c")
    if(NOT LICHEN_WITH_CLANG)
      return()
    endif()
    set(cmd ${LICHEN_WASI_CC} --target=wasm32-wasi --sysroot=/usr ${ARGN} ${src} -o ${out})
  elseif(lang STREQUAL "cpp")
    if(NOT LICHEN_WITH_CLANG)
      return()
    endif()
    set(cmd ${LICHEN_WASI_CXX} --target=wasm32-wasi --sysroot=/usr -fno-exceptions ${ARGN} ${src}
        -o ${out})
  elseif(lang STREQUAL "rust")
    if(NOT LICHEN_WITH_RUST)
      return()
    endif()
    set(cmd ${LICHEN_WASI_RUSTC} --target wasm32-wasi --edition 2021 -O -C strip=debuginfo
        ${ARGN} ${src} -o ${out})
  elseif(lang STREQUAL "as")
    if(NOT LICHEN_WITH_ASC)
      return()
    endif()
    # asc 0.28 ignores the shim's "lib" when --config is an absolute path: pass it relative.
    file(RELATIVE_PATH shim "${CMAKE_CURRENT_BINARY_DIR}" "${LICHEN_WASI_SHIM}")
    set(cmd ${LICHEN_ASC} ${src} --config ${shim} ${ARGN} -o ${out})
  else()
    message(FATAL_ERROR "lichen_wasm_guest(${name}): unknown language ${lang}")
  endif()
  add_custom_command(OUTPUT ${out} COMMAND ${cmd} DEPENDS ${src}
                     WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}
                     COMMENT "wasm32-wasi ${lang}: ${name}.wasm" VERBATIM)
  add_custom_target(guest_${name} ALL DEPENDS ${out})
  set(${name}_WASM ${out} PARENT_SCOPE)
endfunction()

# lichen_wasm_app_c(NAME SOURCE) and lichen_wasm_app_cpp(NAME SOURCE): build a C or C++ Wasm app
# (a reactor over the C SDK in sdk/c) as ${CMAKE_CURRENT_BINARY_DIR}/NAME.wasm with the command
# docs/host-abi.md gives (C++: clang++-19, -fno-exceptions, the SDK compiled as C in the same
# command), and set NAME_WASM in the caller's scope (empty when LICHEN_WITH_CLANG is off).
function(lichen_wasm_app_c name source)
  lichen_wasm_app_clang(${name} ${source} c)
  set(${name}_WASM ${${name}_WASM} PARENT_SCOPE)
endfunction()

function(lichen_wasm_app_cpp name source)
  lichen_wasm_app_clang(${name} ${source} cpp)
  set(${name}_WASM ${${name}_WASM} PARENT_SCOPE)
endfunction()

function(lichen_wasm_app_clang name source lang)
  set(${name}_WASM "" PARENT_SCOPE)
  if(NOT LICHEN_WITH_CLANG)
    return()
  endif()
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${name}.wasm")
  set(src "${CMAKE_CURRENT_SOURCE_DIR}/${source}")
  set(sdk "${PROJECT_SOURCE_DIR}/sdk/c")
  if(lang STREQUAL "cpp")
    set(compile ${LICHEN_WASI_CXX} -fno-exceptions -I ${sdk} ${src} -x c ${sdk}/lichen.c)
  else()
    set(compile ${LICHEN_WASI_CC} -I ${sdk} ${src} ${sdk}/lichen.c)
  endif()
  add_custom_command(OUTPUT ${out}
                     COMMAND ${compile} --target=wasm32-wasi --sysroot=/usr -O2
                             -mexec-model=reactor -o ${out}
                     DEPENDS ${src} ${sdk}/lichen.c ${sdk}/lichen.h
                     COMMENT "wasm32-wasi Lichen app: ${name}.wasm" VERBATIM)
  add_custom_target(guest_${name} ALL DEPENDS ${out})
  set(${name}_WASM ${out} PARENT_SCOPE)
endfunction()

# lichen_node_compare_test(NAME WASM EXPECTED_EXIT [--sandbox] [--stdin TEXT] [--env K=V]...
#                          [-- ARGS...]): runs WASM under `lichen run` and under Node's WASI
# and requires the same stdout, empty stderr, the same files and the expected exit code.
# Registered only when the guest's language and LICHEN_WITH_NODE are on.
function(lichen_node_compare_test name wasm expected_exit)
  if(NOT wasm OR NOT LICHEN_WITH_NODE)
    return()
  endif()
  add_test(NAME ${name}
           COMMAND bash ${PROJECT_SOURCE_DIR}/tests/integration/wasi/compare_with_node.sh
                   $<TARGET_FILE:lichen> ${LICHEN_NODE} ${wasm} ${expected_exit} ${ARGN})
  set_tests_properties(${name} PROPERTIES TIMEOUT 120)
endfunction()

# lichen_wasm_app_rust(NAME SOURCE): builds a Rust Wasm app over sdk/rust as
# ${CMAKE_CURRENT_BINARY_DIR}/NAME.wasm (a cdylib; the SDK's export_app! makes it a reactor) and
# sets NAME_WASM in the caller's scope (empty when LICHEN_WITH_RUST is off). The SDK is built
# once, as an rlib, by the first app that needs it.
function(lichen_wasm_app_rust name source)
  set(${name}_WASM "" PARENT_SCOPE)
  if(NOT LICHEN_WITH_RUST)
    return()
  endif()
  set(rlib_dir "${PROJECT_BINARY_DIR}/sdk/rust")
  set(rlib "${rlib_dir}/liblichen.rlib")
  set(rustc ${LICHEN_WASI_RUSTC} --target wasm32-wasi --edition 2021 -O -C strip=debuginfo)
  if(NOT TARGET lichen_rust_sdk)
    file(GLOB sdk_sources CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/sdk/rust/src/*.rs")
    add_custom_command(OUTPUT ${rlib}
                       COMMAND ${CMAKE_COMMAND} -E make_directory ${rlib_dir}
                       COMMAND ${rustc} --crate-type rlib --crate-name lichen -D warnings
                               ${PROJECT_SOURCE_DIR}/sdk/rust/src/lib.rs -o ${rlib}
                       DEPENDS ${sdk_sources}
                       COMMENT "wasm32-wasi Rust SDK: liblichen.rlib" VERBATIM)
    add_custom_target(lichen_rust_sdk DEPENDS ${rlib})
  endif()
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${name}.wasm")
  set(src "${CMAKE_CURRENT_SOURCE_DIR}/${source}")
  add_custom_command(OUTPUT ${out}
                     COMMAND ${rustc} --crate-type cdylib --crate-name ${name} -D warnings
                             --extern lichen=${rlib} ${src} -o ${out}
                     DEPENDS ${src} ${rlib} lichen_rust_sdk
                     COMMENT "wasm32-wasi Lichen app (Rust): ${name}.wasm" VERBATIM)
  add_custom_target(guest_${name} ALL DEPENDS ${out})
  set(${name}_WASM ${out} PARENT_SCOPE)
endfunction()

# lichen_wasm_app_as(NAME SOURCE): builds an AssemblyScript Wasm app over sdk/assemblyscript as
# ${CMAKE_CURRENT_BINARY_DIR}/NAME.wasm and sets NAME_WASM in the caller's scope (empty when
# LICHEN_WITH_ASC is off). The app imports the SDK as an installed package would be,
# "lichen-sdk/assembly/index", found through --path in a folder that links the package in.
# --exportStart _initialize makes the module's top level (the app's register() call) the
# reactor's _initialize, which the host runs first in every fresh instance.
function(lichen_wasm_app_as name source)
  set(${name}_WASM "" PARENT_SCOPE)
  if(NOT LICHEN_WITH_ASC)
    return()
  endif()
  set(packages "${PROJECT_BINARY_DIR}/as_packages")
  if(NOT EXISTS "${packages}/lichen-sdk")
    file(MAKE_DIRECTORY "${packages}")
    file(CREATE_LINK "${PROJECT_SOURCE_DIR}/sdk/assemblyscript" "${packages}/lichen-sdk" SYMBOLIC)
  endif()
  file(GLOB sdk_sources CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/sdk/assemblyscript/assembly/*.ts")
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${name}.wasm")
  set(src "${CMAKE_CURRENT_SOURCE_DIR}/${source}")
  # asc 0.28 ignores the shim's "lib" when --config is an absolute path: pass it relative.
  file(RELATIVE_PATH shim "${CMAKE_CURRENT_BINARY_DIR}" "${LICHEN_WASI_SHIM}")
  file(RELATIVE_PATH path "${CMAKE_CURRENT_BINARY_DIR}" "${packages}")
  add_custom_command(OUTPUT ${out}
                     COMMAND ${LICHEN_ASC} ${src} --config ${shim} --path ${path}
                             --exportStart _initialize -O -o ${out}
                     DEPENDS ${src} ${sdk_sources}
                     WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}
                     COMMENT "wasm32-wasi Lichen app (AssemblyScript): ${name}.wasm" VERBATIM)
  add_custom_target(guest_${name} ALL DEPENDS ${out})
  set(${name}_WASM ${out} PARENT_SCOPE)
endfunction()
