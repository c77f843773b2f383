/* Lichen's C and C++ guest SDK: a Wasm app for `lichen run --app-id ID app.wasm`, over the
 * `lichen` host ABI version 1 (docs/host-abi.md). Build an app with (Debian's clang-19 finds
 * wasi-libc under --sysroot=/usr):
 *
 *   clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -mexec-model=reactor \
 *       -I sdk/c app.c sdk/c/lichen.c -o app.wasm
 *
 * An app defines the handlers it serves; every function below is the SDK's. Functions that
 * return int answer < 0 on error (an LICHEN_E_* code; lichen_error() describes the last one).
 * lichen_bytes views are valid until the handler returns; a lichen_buffer is the caller's to
 * free with lichen_buffer_free. */
#ifndef LICHEN_H
#define LICHEN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LICHEN_ABI_VERSION 1

/* The public API keeps the one-declaration-per-line layout it was specified in. */
/* clang-format off */
typedef struct { const uint8_t* data; size_t len; } lichen_bytes;  /* not NUL-terminated */
typedef struct { uint8_t* data; size_t len; } lichen_buffer;       /* owned; lichen_buffer_free */
typedef struct { lichen_bytes verb, method, query, body; } lichen_request;
typedef struct lichen_response lichen_response;
typedef struct { lichen_bytes pubsub, topic, route, id, type, content_type, data; } lichen_event;
typedef struct { lichen_bytes name, data; } lichen_binding_event;
enum { LICHEN_SUCCESS = 0, LICHEN_RETRY = 1, LICHEN_DROP = 2 };

/* Error codes (docs/host-abi.md); LICHEN_E_NO_MEMORY is the SDK's own (malloc failed). */
enum {
  LICHEN_E_BAD_POINTER = -1,
  LICHEN_E_BAD_HANDLE = -2,
  LICHEN_E_INVALID_ARGUMENT = -3,
  LICHEN_E_NOT_FOUND = -4,
  LICHEN_E_FAILED = -5,
  LICHEN_E_ETAG_MISMATCH = -6,
  LICHEN_E_LIMIT = -7,
  LICHEN_E_NOT_ALLOWED = -8,
  LICHEN_E_UNAVAILABLE = -9,
  LICHEN_E_NO_MEMORY = -10
};

enum { LICHEN_LOG_DEBUG = 0, LICHEN_LOG_INFO = 1, LICHEN_LOG_WARN = 2, LICHEN_LOG_ERROR = 3 };

/* Handlers: an app defines those it serves. */
void lichen_on_invoke(const lichen_request* req, lichen_response* res);
int  lichen_on_event(const lichen_event* ev);          /* LICHEN_SUCCESS / RETRY / DROP */
int  lichen_on_binding(const lichen_binding_event* ev); /* 0 = handled; reserved: input bindings
                                                           are not in the runtime yet */
int  lichen_on_init(void);                              /* once at start-up; 0 = ready */

lichen_bytes lichen_request_header(const lichen_request* req, const char* name);
void lichen_response_status(lichen_response* res, int status);      /* default 200 */
void lichen_response_header(lichen_response* res, const char* name, const char* value);
void lichen_response_write(lichen_response* res, const void* data, size_t len);

/* Building blocks: < 0 is an error (lichen_error() describes the last one). */
int  lichen_state_get(const char* store, const char* key, lichen_buffer* value); /* 1 found, 0 absent */
int  lichen_state_save(const char* store, const char* key, const void* value, size_t len);
int  lichen_state_delete(const char* store, const char* key);
/* With ETags: `etag` receives the value's ETag (empty when the store has none); a save or
 * delete given a non-NULL etag fails with LICHEN_E_ETAG_MISMATCH unless it is current. */
int  lichen_state_get_etag(const char* store, const char* key, lichen_buffer* value,
                           lichen_buffer* etag);
int  lichen_state_save_etag(const char* store, const char* key, const void* value, size_t len,
                            const char* etag);
int  lichen_state_delete_etag(const char* store, const char* key, const char* etag);
int  lichen_publish(const char* pubsub, const char* topic, const void* data, size_t len,
                    const char* content_type);
int  lichen_invoke(const char* app_id, const char* verb, const char* method, const void* body,
                   size_t len, lichen_buffer* response);  /* returns the HTTP status */
int  lichen_secret_get(const char* store, const char* name, lichen_buffer* json);
void lichen_log(int level, const char* message);
const char* lichen_error(void);
void lichen_buffer_free(lichen_buffer* buf);
/* clang-format on */

#ifdef __cplusplus
}
#endif

#endif /* LICHEN_H */
