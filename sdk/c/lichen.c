/* The C SDK's implementation: the `lichen` imports, the guest exports the host calls
 * (lichen_abi_version, lichen_init, lichen_handle_invoke, lichen_handle_event), and the copies
 * from host buffers into malloc'd memory. See lichen.h and docs/host-abi.md. */
#include "lichen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LICHEN_IMPORT(name) __attribute__((import_module("lichen"), import_name(#name)))
#define LICHEN_EXPORT(name) __attribute__((export_name(#name)))
#define P(x) ((int32_t)(uintptr_t)(x))

LICHEN_IMPORT(buffer_len) int32_t lichen__buffer_len(int32_t handle);
LICHEN_IMPORT(buffer_read)
int32_t lichen__buffer_read(int32_t handle, int32_t offset, int32_t ptr, int32_t len);
LICHEN_IMPORT(buffer_drop) int32_t lichen__buffer_drop(int32_t handle);
LICHEN_IMPORT(error_message) int32_t lichen__error_message(void);
LICHEN_IMPORT(request_get) int32_t lichen__request_get(int32_t field);
LICHEN_IMPORT(request_header) int32_t lichen__request_header(int32_t ptr, int32_t len);
LICHEN_IMPORT(response_status) int32_t lichen__response_status(int32_t status);
LICHEN_IMPORT(response_header)
int32_t lichen__response_header(int32_t name, int32_t name_len, int32_t value, int32_t value_len);
LICHEN_IMPORT(response_write) int32_t lichen__response_write(int32_t ptr, int32_t len);
LICHEN_IMPORT(event_get) int32_t lichen__event_get(int32_t field);
LICHEN_IMPORT(state_get)
int32_t lichen__state_get(int32_t store, int32_t store_len, int32_t key, int32_t key_len);
LICHEN_IMPORT(state_get_etag)
int32_t lichen__state_get_etag(int32_t store, int32_t store_len, int32_t key, int32_t key_len,
                               int32_t etag_out);
LICHEN_IMPORT(state_save)
int32_t lichen__state_save(int32_t store, int32_t store_len, int32_t key, int32_t key_len,
                           int32_t value, int32_t value_len, int32_t etag, int32_t etag_len);
LICHEN_IMPORT(state_delete)
int32_t lichen__state_delete(int32_t store, int32_t store_len, int32_t key, int32_t key_len,
                             int32_t etag, int32_t etag_len);
LICHEN_IMPORT(publish)
int32_t lichen__publish(int32_t pubsub, int32_t pubsub_len, int32_t topic, int32_t topic_len,
                        int32_t data, int32_t data_len, int32_t ct, int32_t ct_len);
LICHEN_IMPORT(invoke)
int32_t lichen__invoke(int32_t app, int32_t app_len, int32_t verb, int32_t verb_len, int32_t method,
                       int32_t method_len, int32_t body, int32_t body_len, int32_t ct,
                       int32_t ct_len, int32_t response_out);
LICHEN_IMPORT(secret_get)
int32_t lichen__secret_get(int32_t store, int32_t store_len, int32_t name, int32_t name_len);
LICHEN_IMPORT(log) int32_t lichen__log(int32_t level, int32_t ptr, int32_t len);
/* Version 2. */
LICHEN_IMPORT(state_get_with)
int32_t lichen__state_get_with(int32_t store, int32_t store_len, int32_t key, int32_t key_len,
                               int32_t opts, int32_t opts_len, int32_t etag_out);
LICHEN_IMPORT(state_save_with)
int32_t lichen__state_save_with(int32_t store, int32_t store_len, int32_t key, int32_t key_len,
                                int32_t value, int32_t value_len, int32_t etag, int32_t etag_len,
                                int32_t opts, int32_t opts_len);
LICHEN_IMPORT(state_delete_with)
int32_t lichen__state_delete_with(int32_t store, int32_t store_len, int32_t key, int32_t key_len,
                                  int32_t etag, int32_t etag_len, int32_t opts, int32_t opts_len);
LICHEN_IMPORT(state_get_bulk)
int32_t lichen__state_get_bulk(int32_t store, int32_t store_len, int32_t keys, int32_t keys_len,
                               int32_t opts, int32_t opts_len);
LICHEN_IMPORT(state_transaction)
int32_t lichen__state_transaction(int32_t store, int32_t store_len, int32_t ops, int32_t ops_len,
                                  int32_t opts, int32_t opts_len);
LICHEN_IMPORT(publish_with)
int32_t lichen__publish_with(int32_t pubsub, int32_t pubsub_len, int32_t topic, int32_t topic_len,
                             int32_t data, int32_t data_len, int32_t ct, int32_t ct_len,
                             int32_t meta, int32_t meta_len);
LICHEN_IMPORT(subscribe)
int32_t lichen__subscribe(int32_t pubsub, int32_t pubsub_len, int32_t topic, int32_t topic_len,
                          int32_t route, int32_t route_len, int32_t opts, int32_t opts_len);
LICHEN_IMPORT(binding_invoke)
int32_t lichen__binding_invoke(int32_t name, int32_t name_len, int32_t op, int32_t op_len,
                               int32_t data, int32_t data_len, int32_t meta, int32_t meta_len,
                               int32_t out);
LICHEN_IMPORT(config_get)
int32_t lichen__config_get(int32_t store, int32_t store_len, int32_t keys, int32_t keys_len,
                           int32_t meta, int32_t meta_len);
LICHEN_IMPORT(lock_try)
int32_t lichen__lock_try(int32_t store, int32_t store_len, int32_t resource, int32_t resource_len,
                         int32_t owner, int32_t owner_len, int32_t expiry_seconds);
LICHEN_IMPORT(unlock)
int32_t lichen__unlock(int32_t store, int32_t store_len, int32_t resource, int32_t resource_len,
                       int32_t owner, int32_t owner_len);
LICHEN_IMPORT(binding_get) int32_t lichen__binding_get(int32_t field);
LICHEN_IMPORT(http_request)
int32_t lichen__http_request(int32_t method, int32_t method_len, int32_t url, int32_t url_len,
                             int32_t headers, int32_t headers_len, int32_t body, int32_t body_len,
                             int32_t out);

/* An app defines only the handlers it serves: the others stay null. */
__attribute__((weak)) void lichen_on_invoke(const lichen_request* req, lichen_response* res);
__attribute__((weak)) int lichen_on_event(const lichen_event* ev);
__attribute__((weak)) int lichen_on_binding(const lichen_binding_event* ev);
__attribute__((weak)) int lichen_on_init(void);

struct lichen_response {
  int unused;
};

#define LEN(s) ((int32_t)strlen(s))

/* Copies a host buffer into malloc'd memory (NUL-terminated for convenience) and drops it. */
static int take(int32_t handle, lichen_buffer* out) {
  out->data = NULL;
  out->len = 0;
  if (handle <= 0) return handle;
  int32_t len = lichen__buffer_len(handle);
  if (len < 0) return len;
  uint8_t* data = (uint8_t*)malloc((size_t)len + 1);
  if (!data) {
    lichen__buffer_drop(handle);
    return LICHEN_E_NO_MEMORY;
  }
  int32_t read = lichen__buffer_read(handle, 0, P(data), len);
  lichen__buffer_drop(handle);
  if (read < 0) {
    free(data);
    return read;
  }
  data[len] = 0;
  out->data = data;
  out->len = (size_t)len;
  return 1;
}

/* What a handler's lichen_bytes point into, freed when it returns. */
static lichen_buffer* held;
static size_t held_count, held_cap;

static lichen_bytes keep(int32_t handle) {
  lichen_bytes bytes = {(const uint8_t*)"", 0};
  lichen_buffer buf;
  if (take(handle, &buf) <= 0) return bytes;
  if (held_count == held_cap) {
    size_t cap = held_cap ? held_cap * 2 : 16;
    lichen_buffer* grown = (lichen_buffer*)realloc(held, cap * sizeof(lichen_buffer));
    if (!grown) {
      free(buf.data);
      return bytes;
    }
    held = grown;
    held_cap = cap;
  }
  held[held_count++] = buf;
  bytes.data = buf.data;
  bytes.len = buf.len;
  return bytes;
}

static void release(void) {
  for (size_t i = 0; i < held_count; ++i) free(held[i].data);
  held_count = 0;
}

LICHEN_EXPORT(lichen_abi_version) int32_t lichen__abi_version(void) { return LICHEN_ABI_VERSION; }

LICHEN_EXPORT(lichen_init) int32_t lichen__init(void) {
  int32_t result = lichen_on_init ? lichen_on_init() : 0;
  fflush(NULL);
  return result;
}

LICHEN_EXPORT(lichen_handle_invoke) int32_t lichen__handle_invoke(void) {
  if (!lichen_on_invoke) return 1;
  lichen_request req;
  req.verb = keep(lichen__request_get(0));
  req.method = keep(lichen__request_get(1));
  req.query = keep(lichen__request_get(2));
  req.body = keep(lichen__request_get(3));
  lichen_response res = {0};
  lichen_on_invoke(&req, &res);
  release();
  fflush(NULL); /* the instance is dropped after the request: nothing else would flush */
  return 0;
}

LICHEN_EXPORT(lichen_handle_binding) int32_t lichen__handle_binding(void) {
  if (!lichen_on_binding) return 1;
  lichen_binding_event ev;
  ev.name = keep(lichen__binding_get(0));
  ev.data = keep(lichen__binding_get(1));
  int result = lichen_on_binding(&ev);
  release();
  fflush(NULL);
  return result;
}

LICHEN_EXPORT(lichen_handle_event) int32_t lichen__handle_event(void) {
  if (!lichen_on_event) return LICHEN_DROP;
  lichen_event ev;
  lichen_bytes* fields[] = {&ev.pubsub, &ev.topic,        &ev.route, &ev.id,
                            &ev.type,   &ev.content_type, &ev.data};
  for (int32_t i = 0; i < 7; ++i) *fields[i] = keep(lichen__event_get(i));
  int result = lichen_on_event(&ev);
  release();
  fflush(NULL);
  return result;
}

lichen_bytes lichen_request_header(const lichen_request* req, const char* name) {
  (void)req;
  return keep(lichen__request_header(P(name), LEN(name)));
}

void lichen_response_status(lichen_response* res, int status) {
  (void)res;
  lichen__response_status(status);
}

void lichen_response_header(lichen_response* res, const char* name, const char* value) {
  (void)res;
  lichen__response_header(P(name), LEN(name), P(value), LEN(value));
}

void lichen_response_write(lichen_response* res, const void* data, size_t len) {
  (void)res;
  lichen__response_write(P(data), (int32_t)len);
}

int lichen_state_get(const char* store, const char* key, lichen_buffer* value) {
  return take(lichen__state_get(P(store), LEN(store), P(key), LEN(key)), value);
}

int lichen_state_get_etag(const char* store, const char* key, lichen_buffer* value,
                          lichen_buffer* etag) {
  int32_t etag_handle = 0;
  int found =
      take(lichen__state_get_etag(P(store), LEN(store), P(key), LEN(key), P(&etag_handle)), value);
  int got = take(etag_handle, etag);
  if (found > 0 && got < 0) {
    lichen_buffer_free(value);
    return got;
  }
  return found;
}

int lichen_state_save(const char* store, const char* key, const void* value, size_t len) {
  return lichen_state_save_etag(store, key, value, len, NULL);
}

int lichen_state_save_etag(const char* store, const char* key, const void* value, size_t len,
                           const char* etag) {
  return lichen__state_save(P(store), LEN(store), P(key), LEN(key), P(value), (int32_t)len, P(etag),
                            etag ? LEN(etag) : 0);
}

int lichen_state_delete(const char* store, const char* key) {
  return lichen_state_delete_etag(store, key, NULL);
}

int lichen_state_delete_etag(const char* store, const char* key, const char* etag) {
  return lichen__state_delete(P(store), LEN(store), P(key), LEN(key), P(etag),
                              etag ? LEN(etag) : 0);
}

int lichen_publish(const char* pubsub, const char* topic, const void* data, size_t len,
                   const char* content_type) {
  return lichen__publish(P(pubsub), LEN(pubsub), P(topic), LEN(topic), P(data), (int32_t)len,
                         P(content_type), content_type ? LEN(content_type) : 0);
}

int lichen_invoke(const char* app_id, const char* verb, const char* method, const void* body,
                  size_t len, lichen_buffer* response) {
  int32_t body_handle = 0;
  int32_t status = lichen__invoke(P(app_id), LEN(app_id), P(verb), verb ? LEN(verb) : 0, P(method),
                                  LEN(method), P(body), (int32_t)len, 0, 0, P(&body_handle));
  if (status < 0) return status;
  if (response) {
    int got = take(body_handle, response);
    if (got < 0) return got;
  } else if (body_handle > 0) {
    lichen__buffer_drop(body_handle);
  }
  return status;
}

int lichen_secret_get(const char* store, const char* name, lichen_buffer* json) {
  int got = take(lichen__secret_get(P(store), LEN(store), P(name), LEN(name)), json);
  return got < 0 ? got : 0;
}

void lichen_log(int level, const char* message) { lichen__log(level, P(message), LEN(message)); }

const char* lichen_error(void) {
  static lichen_buffer last;
  lichen_buffer_free(&last);
  if (take(lichen__error_message(), &last) <= 0) return "";
  return (const char*)last.data;
}

void lichen_buffer_free(lichen_buffer* buf) {
  if (!buf) return;
  free(buf->data);
  buf->data = NULL;
  buf->len = 0;
}

/* ---- Version 2: lists (docs/host-abi.md): entries of a u32 little-endian length and bytes. */

typedef struct {
  uint8_t* data;
  size_t len, cap;
  int failed; /* malloc failed: the list is incomplete */
} list_builder;

static void put(list_builder* b, const void* bytes, size_t len) {
  if (b->failed) return;
  if (b->len + 4 + len > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 64;
    while (cap < b->len + 4 + len) cap *= 2;
    uint8_t* grown = (uint8_t*)realloc(b->data, cap);
    if (!grown) {
      b->failed = 1;
      return;
    }
    b->data = grown;
    b->cap = cap;
  }
  for (int i = 0; i < 4; ++i) b->data[b->len++] = (uint8_t)(len >> (8 * i));
  if (len) memcpy(b->data + b->len, bytes, len);
  b->len += len;
}

static void put_str(list_builder* b, const char* s) { put(b, s, s ? strlen(s) : 0); }

static void put_pair(list_builder* b, const char* name, const char* value) {
  put_str(b, name);
  put_str(b, value);
}

static void put_pairs(list_builder* b, const lichen_pair* pairs, size_t count) {
  for (size_t i = 0; i < count; ++i) put_pair(b, pairs[i].name, pairs[i].value);
}

/* The options of a state call as pairs; the ETag travels on its own. */
static void put_state_options(list_builder* b, const lichen_state_options* o, int with_ttl) {
  if (!o) return;
  if (o->consistency) put_pair(b, "consistency", o->consistency);
  if (o->concurrency) put_pair(b, "concurrency", o->concurrency);
  if (with_ttl && o->ttl_seconds != 0) {
    char ttl[16];
    snprintf(ttl, sizeof ttl, "%d", o->ttl_seconds);
    put_pair(b, "ttlInSeconds", ttl);
  }
  put_pairs(b, o->metadata, o->metadata_count);
}

int lichen_list_next(lichen_bytes* list, lichen_bytes* entry) {
  if (list->len < 4) return 0;
  uint32_t len = 0;
  for (int i = 3; i >= 0; --i) len = (len << 8) | list->data[i];
  if (len > list->len - 4) return 0;
  entry->data = list->data + 4;
  entry->len = len;
  list->data += 4 + len;
  list->len -= 4 + len;
  return 1;
}

static int bytes_equal_nocase(lichen_bytes a, const char* b) {
  size_t n = strlen(b);
  if (a.len != n) return 0;
  for (size_t i = 0; i < n; ++i) {
    uint8_t x = a.data[i], y = (uint8_t)b[i];
    if (x >= 'A' && x <= 'Z') x += 32;
    if (y >= 'A' && y <= 'Z') y += 32;
    if (x != y) return 0;
  }
  return 1;
}

/* Runs `call` with the built list, then frees it; LICHEN_E_NO_MEMORY if building failed. */
#define WITH_LIST(b, call) \
  ((b).failed ? (free((b).data), LICHEN_E_NO_MEMORY) : with_list_result((b), (call)))
static int with_list_result(list_builder b, int result) {
  free(b.data);
  return result;
}

int lichen_state_get_with(const char* store, const char* key, const lichen_state_options* opts,
                          lichen_buffer* value, lichen_buffer* etag) {
  list_builder o = {0};
  put_state_options(&o, opts, 0);
  int32_t etag_handle = 0;
  int found = WITH_LIST(o, lichen__state_get_with(P(store), LEN(store), P(key), LEN(key), P(o.data),
                                                  (int32_t)o.len, P(&etag_handle)));
  found = take(found, value);
  lichen_buffer ignored;
  int got = take(etag_handle, etag ? etag : &ignored);
  if (!etag) lichen_buffer_free(&ignored);
  if (found > 0 && got < 0) {
    lichen_buffer_free(value);
    return got;
  }
  return found;
}

int lichen_state_save_with(const char* store, const char* key, const void* value, size_t len,
                           const lichen_state_options* opts) {
  list_builder o = {0};
  put_state_options(&o, opts, 1);
  const char* etag = opts ? opts->etag : NULL;
  return WITH_LIST(
      o, lichen__state_save_with(P(store), LEN(store), P(key), LEN(key), P(value), (int32_t)len,
                                 P(etag), etag ? LEN(etag) : 0, P(o.data), (int32_t)o.len));
}

int lichen_state_delete_with(const char* store, const char* key, const lichen_state_options* opts) {
  list_builder o = {0};
  put_state_options(&o, opts, 0);
  const char* etag = opts ? opts->etag : NULL;
  return WITH_LIST(o, lichen__state_delete_with(P(store), LEN(store), P(key), LEN(key), P(etag),
                                                etag ? LEN(etag) : 0, P(o.data), (int32_t)o.len));
}

static int copy_bytes(lichen_bytes in, lichen_buffer* out) {
  out->data = (uint8_t*)malloc(in.len + 1);
  out->len = 0;
  if (!out->data) return LICHEN_E_NO_MEMORY;
  if (in.len) memcpy(out->data, in.data, in.len);
  out->data[in.len] = 0;
  out->len = in.len;
  return 0;
}

int lichen_state_get_bulk(const char* store, const char* const* keys, size_t count,
                          lichen_state_item* items) {
  memset(items, 0, count * sizeof *items);
  list_builder k = {0};
  for (size_t i = 0; i < count; ++i) put_str(&k, keys[i]);
  int32_t handle =
      WITH_LIST(k, lichen__state_get_bulk(P(store), LEN(store), P(k.data), (int32_t)k.len, 0, 0));
  lichen_buffer result;
  int got = take(handle, &result);
  if (got <= 0) return got < 0 ? got : LICHEN_E_FAILED;
  lichen_bytes list = {result.data, result.len};
  lichen_bytes key, status, value, etag;
  int rc = 0;
  for (size_t i = 0; i < count && rc == 0; ++i) {
    if (!lichen_list_next(&list, &key) || !lichen_list_next(&list, &status) ||
        !lichen_list_next(&list, &value) || !lichen_list_next(&list, &etag) || status.len != 1) {
      rc = LICHEN_E_FAILED;
      break;
    }
    items[i].found = status.data[0] == 1 ? 1 : status.data[0] == 0 ? 0 : LICHEN_E_FAILED;
    if (copy_bytes(key, &items[i].key) < 0 || copy_bytes(value, &items[i].value) < 0 ||
        copy_bytes(etag, &items[i].etag) < 0) {
      rc = LICHEN_E_NO_MEMORY;
    }
  }
  lichen_buffer_free(&result);
  if (rc < 0) lichen_state_items_free(items, count);
  return rc;
}

void lichen_state_items_free(lichen_state_item* items, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    lichen_buffer_free(&items[i].key);
    lichen_buffer_free(&items[i].value);
    lichen_buffer_free(&items[i].etag);
  }
}

int lichen_state_transaction(const char* store, const lichen_state_op* ops, size_t count) {
  list_builder b = {0};
  for (size_t i = 0; i < count; ++i) {
    const lichen_state_op* op = &ops[i];
    list_builder o = {0};
    put_state_options(&o, op->opts, op->operation == LICHEN_UPSERT);
    if (o.failed) b.failed = 1;
    put_str(&b, op->operation == LICHEN_UPSERT ? "upsert" : "delete");
    put_str(&b, op->key);
    put(&b, op->value, op->operation == LICHEN_UPSERT ? op->len : 0);
    put_str(&b, op->opts ? op->opts->etag : NULL);
    put(&b, o.data, o.len);
    free(o.data);
  }
  return WITH_LIST(
      b, lichen__state_transaction(P(store), LEN(store), P(b.data), (int32_t)b.len, 0, 0));
}

int lichen_publish_with(const char* pubsub, const char* topic, const void* data, size_t len,
                        const char* content_type, const lichen_pair* metadata, size_t count) {
  list_builder m = {0};
  put_pairs(&m, metadata, count);
  return WITH_LIST(
      m, lichen__publish_with(P(pubsub), LEN(pubsub), P(topic), LEN(topic), P(data), (int32_t)len,
                              P(content_type), content_type ? LEN(content_type) : 0, P(m.data),
                              (int32_t)m.len));
}

int lichen_subscribe(const char* pubsub, const char* topic, const char* route,
                     const char* dead_letter_topic) {
  list_builder o = {0};
  if (dead_letter_topic) put_pair(&o, "deadLetterTopic", dead_letter_topic);
  return WITH_LIST(o, lichen__subscribe(P(pubsub), LEN(pubsub), P(topic), LEN(topic), P(route),
                                        route ? LEN(route) : 0, P(o.data), (int32_t)o.len));
}

int lichen_http_request(const char* method, const char* url, const lichen_pair* headers,
                        size_t header_count, const void* body, size_t len,
                        lichen_http_response* response) {
  list_builder h = {0};
  put_pairs(&h, headers, header_count);
  int32_t out[2] = {0, 0};
  int status =
      WITH_LIST(h, lichen__http_request(P(method), method ? LEN(method) : 0, P(url), LEN(url),
                                        P(h.data), (int32_t)h.len, P(body), (int32_t)len, P(out)));
  lichen_http_response local;
  lichen_http_response* res = response ? response : &local;
  int got_body = take(status < 0 ? 0 : out[0], &res->body);
  int got_headers = take(status < 0 ? 0 : out[1], &res->headers);
  if (!response) lichen_http_response_free(&local);
  if (status >= 0 && (got_body < 0 || got_headers < 0)) {
    if (response) lichen_http_response_free(response);
    return got_body < 0 ? got_body : got_headers;
  }
  return status;
}

lichen_bytes lichen_http_header(const lichen_http_response* res, const char* name) {
  lichen_bytes list = {res->headers.data, res->headers.len}, key, value;
  while (lichen_list_next(&list, &key) && lichen_list_next(&list, &value)) {
    if (bytes_equal_nocase(key, name)) return value;
  }
  lichen_bytes none = {(const uint8_t*)"", 0};
  return none;
}

void lichen_http_response_free(lichen_http_response* res) {
  lichen_buffer_free(&res->body);
  lichen_buffer_free(&res->headers);
}

lichen_bytes lichen_request_headers(const lichen_request* req) {
  (void)req;
  return keep(lichen__request_get(5));
}

int lichen_binding_invoke(const char* name, const char* operation, const void* data, size_t len,
                          const lichen_pair* metadata, size_t count, lichen_buffer* response,
                          lichen_buffer* response_metadata) {
  list_builder m = {0};
  put_pairs(&m, metadata, count);
  int32_t out[2] = {0, 0};
  int rc = WITH_LIST(
      m, lichen__binding_invoke(P(name), LEN(name), P(operation), operation ? LEN(operation) : 0,
                                P(data), (int32_t)len, P(m.data), (int32_t)m.len, P(out)));
  lichen_buffer body, meta;
  int got_body = take(rc < 0 ? 0 : out[0], &body);
  int got_meta = take(rc < 0 ? 0 : out[1], &meta);
  if (response)
    *response = body;
  else
    lichen_buffer_free(&body);
  if (response_metadata)
    *response_metadata = meta;
  else
    lichen_buffer_free(&meta);
  if (rc < 0) return rc;
  return got_body < 0 ? got_body : got_meta < 0 ? got_meta : 0;
}

lichen_bytes lichen_binding_metadata(const lichen_binding_event* ev) {
  (void)ev;
  return keep(lichen__binding_get(2));
}

/* ---- Version 3: configuration and locks. */

int lichen_config_get(const char* store, const char* const* keys, size_t count,
                      const lichen_pair* metadata, size_t metadata_count,
                      lichen_config_item** items, size_t* item_count) {
  *items = NULL;
  *item_count = 0;
  list_builder k = {0}, m = {0};
  for (size_t i = 0; i < count; ++i) put_str(&k, keys[i]);
  put_pairs(&m, metadata, metadata_count);
  int32_t handle = LICHEN_E_NO_MEMORY;
  if (!k.failed && !m.failed) {
    handle = lichen__config_get(P(store), LEN(store), P(k.data), (int32_t)k.len, P(m.data),
                                (int32_t)m.len);
  }
  free(k.data);
  free(m.data);
  lichen_buffer result;
  int got = take(handle, &result);
  if (got <= 0) return got < 0 ? got : LICHEN_E_FAILED;
  /* Four entries an item: count them, then copy each out. */
  lichen_bytes list = {result.data, result.len}, entry;
  size_t entries = 0;
  while (lichen_list_next(&list, &entry)) ++entries;
  size_t n = entries / 4;
  lichen_config_item* out = n ? (lichen_config_item*)calloc(n, sizeof *out) : NULL;
  int rc = (n && !out) ? LICHEN_E_NO_MEMORY : 0;
  list.data = result.data;
  list.len = result.len;
  for (size_t i = 0; i < n && rc == 0; ++i) {
    lichen_bytes key, value, version, meta;
    lichen_list_next(&list, &key);
    lichen_list_next(&list, &value);
    lichen_list_next(&list, &version);
    lichen_list_next(&list, &meta);
    if (copy_bytes(key, &out[i].key) < 0 || copy_bytes(value, &out[i].value) < 0 ||
        copy_bytes(version, &out[i].version) < 0 || copy_bytes(meta, &out[i].metadata) < 0) {
      rc = LICHEN_E_NO_MEMORY;
    }
  }
  lichen_buffer_free(&result);
  if (rc < 0) {
    lichen_config_items_free(out, n);
    return rc;
  }
  *items = out;
  *item_count = n;
  return 0;
}

void lichen_config_items_free(lichen_config_item* items, size_t count) {
  if (!items) return;
  for (size_t i = 0; i < count; ++i) {
    lichen_buffer_free(&items[i].key);
    lichen_buffer_free(&items[i].value);
    lichen_buffer_free(&items[i].version);
    lichen_buffer_free(&items[i].metadata);
  }
  free(items);
}

int lichen_try_lock(const char* store, const char* resource, const char* owner,
                    int expiry_seconds) {
  return lichen__lock_try(P(store), LEN(store), P(resource), LEN(resource), P(owner), LEN(owner),
                          expiry_seconds);
}

int lichen_unlock(const char* store, const char* resource, const char* owner) {
  return lichen__unlock(P(store), LEN(store), P(resource), LEN(resource), P(owner), LEN(owner));
}
