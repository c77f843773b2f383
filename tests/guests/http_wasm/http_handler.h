// The http-wasm `http_handler` imports for C guests (https://http-wasm.io/http-handler-abi/).
#pragma once

#include <stdint.h>

#define HTTP_IMPORT(name) __attribute__((import_module("http_handler"), import_name(#name)))

HTTP_IMPORT(enable_features) uint32_t enable_features(uint32_t features);
HTTP_IMPORT(get_config) uint32_t get_config(char* buf, uint32_t limit);
HTTP_IMPORT(log_enabled) uint32_t log_enabled(int32_t level);
HTTP_IMPORT(log) void log_message(int32_t level, const char* msg, uint32_t len);
HTTP_IMPORT(get_method) uint32_t get_method(char* buf, uint32_t limit);
HTTP_IMPORT(set_method) void set_method(const char* ptr, uint32_t len);
HTTP_IMPORT(get_uri) uint32_t get_uri(char* buf, uint32_t limit);
HTTP_IMPORT(set_uri) void set_uri(const char* ptr, uint32_t len);
HTTP_IMPORT(get_protocol_version) uint32_t get_protocol_version(char* buf, uint32_t limit);
HTTP_IMPORT(get_source_addr) uint32_t get_source_addr(char* buf, uint32_t limit);
HTTP_IMPORT(get_header_names) uint64_t get_header_names(uint32_t kind, char* buf, uint32_t limit);
HTTP_IMPORT(get_header_values)
uint64_t get_header_values(uint32_t kind, const char* name, uint32_t name_len, char* buf,
                           uint32_t limit);
HTTP_IMPORT(set_header_value)
void set_header_value(uint32_t kind, const char* name, uint32_t name_len, const char* value,
                      uint32_t value_len);
HTTP_IMPORT(add_header_value)
void add_header_value(uint32_t kind, const char* name, uint32_t name_len, const char* value,
                      uint32_t value_len);
HTTP_IMPORT(remove_header) void remove_header(uint32_t kind, const char* name, uint32_t name_len);
HTTP_IMPORT(read_body) uint64_t read_body(uint32_t kind, char* buf, uint32_t limit);
HTTP_IMPORT(write_body) void write_body(uint32_t kind, const char* ptr, uint32_t len);
HTTP_IMPORT(get_status_code) uint32_t get_status_code(void);
HTTP_IMPORT(set_status_code) void set_status_code(uint32_t status);

enum { kReq = 0, kResp = 1, kReqTrailers = 2, kRespTrailers = 3 };

// Reads the request body until EOF (or `size` is nearly full) in reads of `chunk` bytes; returns
// the length read and counts the reads in *reads.
static inline uint32_t read_request_body(char* buf, uint32_t size, uint32_t chunk, int* reads) {
  uint32_t n = 0;
  uint64_t eof_len = 0;
  *reads = 0;
  do {
    eof_len = read_body(kReq, buf + n, chunk);
    n += (uint32_t)eof_len;
    ++*reads;
  } while (!(eof_len >> 32) && n + chunk <= size);
  return n;
}
