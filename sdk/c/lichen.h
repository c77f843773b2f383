/* Lichen's C and C++ guest SDK: a Wasm app for `lichen run --app-id ID app.wasm`, over the
 * `lichen` host ABI version 3 (docs/host-abi.md). Build an app with (Debian's clang-19 finds
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

#define LICHEN_ABI_VERSION 3

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
int  lichen_on_binding(const lichen_binding_event* ev); /* 0 = handled */
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

/* ABI version 2. A name and a value: options, metadata, headers. */
typedef struct { const char* name; const char* value; } lichen_pair;

/* State options; NULL (or 0) leaves a field unset, a NULL pointer to options sets none. */
typedef struct {
  const char* etag;         /* save/delete: LICHEN_E_ETAG_MISMATCH unless it is current */
  const char* consistency;  /* "strong" or "eventual" */
  const char* concurrency;  /* "first-write" or "last-write" */
  int ttl_seconds;          /* save: > 0 expires after that many seconds; -1 never */
  const lichen_pair* metadata; size_t metadata_count;  /* passed to the store */
} lichen_state_options;

int  lichen_state_get_with(const char* store, const char* key, const lichen_state_options* opts,
                           lichen_buffer* value, lichen_buffer* etag);  /* 1 found, 0 absent */
int  lichen_state_save_with(const char* store, const char* key, const void* value, size_t len,
                            const lichen_state_options* opts);
int  lichen_state_delete_with(const char* store, const char* key, const lichen_state_options* opts);

/* Bulk get: items[i] answers keys[i]; free them with lichen_state_items_free. */
typedef struct {
  lichen_buffer key, value, etag;  /* value holds the message when found < 0 */
  int found;                       /* 1 found, 0 absent, LICHEN_E_FAILED for this key */
} lichen_state_item;
int  lichen_state_get_bulk(const char* store, const char* const* keys, size_t count,
                           lichen_state_item* items);
void lichen_state_items_free(lichen_state_item* items, size_t count);

/* Transactions: all operations or none. */
enum { LICHEN_UPSERT = 0, LICHEN_DELETE = 1 };
typedef struct {
  int operation;  /* LICHEN_UPSERT or LICHEN_DELETE */
  const char* key;
  const void* value; size_t len;      /* upserts */
  const lichen_state_options* opts;  /* may be NULL */
} lichen_state_op;
int  lichen_state_transaction(const char* store, const lichen_state_op* ops, size_t count);

/* Publish with metadata (e.g. {"rawPayload", "true"}, {"ttlInSeconds", "60"}). */
int  lichen_publish_with(const char* pubsub, const char* topic, const void* data, size_t len,
                         const char* content_type, const lichen_pair* metadata, size_t count);
/* In lichen_on_init only: events of the topic reach lichen_on_event with ev->route = route.
 * dead_letter_topic may be NULL. */
int  lichen_subscribe(const char* pubsub, const char* topic, const char* route,
                      const char* dead_letter_topic);

/* Outbound HTTP to hosts `--allowed-outbound-hosts` allows; returns the status. */
typedef struct { lichen_buffer body; lichen_buffer headers; /* a pairs list */ } lichen_http_response;
int  lichen_http_request(const char* method, const char* url, const lichen_pair* headers,
                         size_t header_count, const void* body, size_t len,
                         lichen_http_response* response);
lichen_bytes lichen_http_header(const lichen_http_response* res, const char* name); /* any case */
void lichen_http_response_free(lichen_http_response* res);

/* Output bindings: invokes NAME's operation; the response data and metadata (a pairs list)
 * are the caller's (either may be NULL). 0, or < 0. */
int  lichen_binding_invoke(const char* name, const char* operation, const void* data, size_t len,
                           const lichen_pair* metadata, size_t count, lichen_buffer* response,
                           lichen_buffer* response_metadata);
/* The metadata of the input-binding event being served, as a pairs list (lichen_list_next). */
lichen_bytes lichen_binding_metadata(const lichen_binding_event* ev);

/* Every request header as a pairs list (names lower case); walk it with lichen_list_next. */
lichen_bytes lichen_request_headers(const lichen_request* req);
/* The next entry of a list (docs/host-abi.md): 1 and `entry` set, or 0 at its end. */
int  lichen_list_next(lichen_bytes* list, lichen_bytes* entry);

/* ABI version 3. Configuration: reads `keys` (count 0: every item) from a configuration store.
 * *items becomes a malloc'd array of the *item_count items the store has (keys it lacks are
 * left out), in key order; free it with lichen_config_items_free. 0, or < 0. */
typedef struct {
  lichen_buffer key, value, version;
  lichen_buffer metadata;  /* a pairs list (lichen_list_next) */
} lichen_config_item;
int  lichen_config_get(const char* store, const char* const* keys, size_t count,
                       const lichen_pair* metadata, size_t metadata_count,
                       lichen_config_item** items, size_t* item_count);
void lichen_config_items_free(lichen_config_item* items, size_t count);

/* Distributed locks: 1 when `owner` now holds the lock on `resource` for expiry_seconds (> 0),
 * 0 when an owner (this one too: not reentrant) holds it; lichen_unlock answers one of: */
enum { LICHEN_UNLOCK_SUCCESS = 0, LICHEN_UNLOCK_NOT_FOUND = 1, LICHEN_UNLOCK_NOT_OWNER = 2 };
int  lichen_try_lock(const char* store, const char* resource, const char* owner,
                     int expiry_seconds);
int  lichen_unlock(const char* store, const char* resource, const char* owner);
/* clang-format on */

#ifdef __cplusplus
}
#endif

#endif /* LICHEN_H */
