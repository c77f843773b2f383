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
