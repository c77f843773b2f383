/* A Wasm app for the integration tests of the lichen ABI version 2 through the C SDK: each
 * method exercises one call (state options and TTL, bulk get, transactions, publish metadata,
 * outbound HTTP, request headers) and answers what it saw as text. lichen_init subscribes to
 * the topic "raw"; the event handler writes the event's route and data to state. Also an
 * in-memory counter (it only counts past 1 when instances are reused) and a handler that
 * records in state whether another request ran at the same time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lichen.h"
#include "test_app_util.h"

#define STORE "statestore"

static int late_subscribe_result;

int lichen_on_init(void) {
  int rc = lichen_subscribe("pubsub", "raw", "/raw-route", "raw-dead");
  if (rc == 0) rc = lichen_subscribe("pubsub", "durable", "/durable", NULL);
  if (rc != 0) lichen_log(LICHEN_LOG_ERROR, lichen_error());
  return rc;
}

/* The first delivery of a "durable" event marks it seen and then hangs (the test kills the
 * process meanwhile); a later delivery records it as done. */
static int durable_event(const lichen_event* ev) {
  lichen_buffer seen;
  int found = lichen_state_get(STORE, "durable-seen", &seen);
  lichen_buffer_free(&seen);
  if (found == 0) {
    lichen_state_save(STORE, "durable-seen", "1", 1);
    struct timespec pause = {120, 0};
    nanosleep(&pause, NULL);
    return LICHEN_RETRY;
  }
  lichen_state_save(STORE, "durable-done", ev->data.data, ev->data.len);
  return LICHEN_SUCCESS;
}

int lichen_on_event(const lichen_event* ev) {
  if (ev->route.len == 8 && memcmp(ev->route.data, "/durable", 8) == 0) return durable_event(ev);
  char route[128];
  snprintf(route, sizeof route, "%.*s", (int)ev->route.len, (const char*)ev->route.data);
  lichen_state_save(STORE, "event-route", route, strlen(route));
  lichen_state_save(STORE, "event-data", ev->data.data, ev->data.len);
  return LICHEN_SUCCESS;
}

static void ttl(lichen_response* res) {
  lichen_state_options opts = {0};
  opts.ttl_seconds = 1;
  opts.consistency = "strong";
  opts.concurrency = "last-write";
  int saved = lichen_state_save_with(STORE, "short-lived", "here", 4, &opts);
  lichen_buffer value, etag;
  lichen_state_options read = {0};
  read.consistency = "eventual";
  int found = lichen_state_get_with(STORE, "short-lived", &read, &value, &etag);
  char out[256];
  snprintf(out, sizeof out, "%d %d %s etag:%s", saved, found, found > 0 ? (char*)value.data : "",
           etag.len > 0 ? "yes" : "no");
  lichen_buffer_free(&value);
  lichen_buffer_free(&etag);
  text(res, out);
}

static void get(const lichen_request* req, lichen_response* res) {
  char key[64];
  query_value(req, "key", key, sizeof key);
  lichen_buffer value;
  int found = lichen_state_get_with(STORE, key, NULL, &value, NULL);
  char out[256];
  snprintf(out, sizeof out, "%d %s", found, found > 0 ? (char*)value.data : "");
  lichen_buffer_free(&value);
  text(res, out);
}

static void bad_option(lichen_response* res) {
  lichen_state_options opts = {0};
  opts.consistency = "sometimes";
  char out[256];
  int rc = lichen_state_save_with(STORE, "k", "v", 1, &opts);
  snprintf(out, sizeof out, "%d %s", rc, lichen_error());
  text(res, out);
}

static void bulk(lichen_response* res) {
  lichen_state_save(STORE, "b1", "one", 3);
  lichen_state_save(STORE, "b2", "two", 3);
  const char* keys[] = {"b1", "missing", "b2"};
  lichen_state_item items[3];
  int rc = lichen_state_get_bulk(STORE, keys, 3, items);
  char out[256];
  if (rc < 0) {
    snprintf(out, sizeof out, "%d %s", rc, lichen_error());
    return text(res, out);
  }
  snprintf(out, sizeof out, "%s=%d:%s %s=%d:%s %s=%d:%s etag:%s", items[0].key.data, items[0].found,
           items[0].value.data, items[1].key.data, items[1].found, items[1].value.data,
           items[2].key.data, items[2].found, items[2].value.data,
           items[0].etag.len > 0 ? "yes" : "no");
  lichen_state_items_free(items, 3);
  text(res, out);
}

static void transaction(lichen_response* res) {
  lichen_state_save(STORE, "t-gone", "x", 1);
  lichen_state_op ops[] = {{LICHEN_UPSERT, "t1", "first", 5, NULL},
                           {LICHEN_UPSERT, "t2", "second", 6, NULL},
                           {LICHEN_DELETE, "t-gone", NULL, 0, NULL}};
  int ok = lichen_state_transaction(STORE, ops, 3);
  /* A stale ETag fails the whole transaction: t3 is not written. */
  lichen_state_options stale = {0};
  stale.etag = "999999";
  lichen_state_op bad[] = {{LICHEN_UPSERT, "t3", "third", 5, NULL},
                           {LICHEN_UPSERT, "t1", "changed", 7, &stale}};
  int failed = lichen_state_transaction(STORE, bad, 2);
  char out[256];
  snprintf(out, sizeof out, "%d %d", ok, failed);
  text(res, out);
}

static void publish_raw(const lichen_request* req, lichen_response* res) {
  lichen_pair meta[] = {{"rawPayload", "true"}};
  int rc =
      lichen_publish_with("pubsub", "raw", req->body.data, req->body.len, "text/plain", meta, 1);
  char out[128];
  snprintf(out, sizeof out, "%d", rc);
  text(res, out);
}

static void fetch(const lichen_request* req, lichen_response* res) {
  char url[256];
  snprintf(url, sizeof url, "%.*s", (int)req->body.len, (const char*)req->body.data);
  lichen_pair headers[] = {{"dapr-app-id", "v2"}, {"X-Custom", "1"}};
  lichen_http_response got;
  int status = lichen_http_request("GET", url, headers, 2, NULL, 0, &got);
  char out[512];
  if (status < 0) {
    snprintf(out, sizeof out, "%d %s", status, lichen_error());
  } else {
    lichen_bytes ct = lichen_http_header(&got, "CONTENT-LENGTH");
    snprintf(out, sizeof out, "%d %.*s %.*s", status, (int)ct.len, (const char*)ct.data,
             (int)got.body.len, (const char*)got.body.data);
    lichen_http_response_free(&got);
  }
  text(res, out);
}

static void forged_host(lichen_response* res) {
  lichen_pair headers[] = {{"Host", "elsewhere"}};
  int status = lichen_http_request("GET", "http://127.0.0.1:1/", headers, 1, NULL, 0, NULL);
  char out[256];
  snprintf(out, sizeof out, "%d %s", status, lichen_error());
  text(res, out);
}

static void headers(const lichen_request* req, lichen_response* res) {
  lichen_bytes list = lichen_request_headers(req), name, value;
  char out[512] = "";
  while (lichen_list_next(&list, &name) && lichen_list_next(&list, &value)) {
    if (name.len > 2 && memcmp(name.data, "x-", 2) == 0) {
      size_t at = strlen(out);
      snprintf(out + at, sizeof out - at, "%.*s=%.*s;", (int)name.len, (const char*)name.data,
               (int)value.len, (const char*)value.data);
    }
  }
  text(res, out);
}

/* Counts the requests this instance served: 1 every time unless instances are reused. */
static int served;

/* Marks itself active in state (ETag-checked), sleeps, and records any overlap it saw. */
static void exclusive(lichen_response* res) {
  for (;;) {
    lichen_buffer value, etag;
    int found = lichen_state_get_etag(STORE, "active", &value, &etag);
    int active = found > 0 ? atoi((char*)value.data) : 0;
    lichen_buffer_free(&value);
    if (active > 0) lichen_state_save(STORE, "overlap", "yes", 3);
    char next[16];
    snprintf(next, sizeof next, "%d", active + 1);
    int rc = lichen_state_save_etag(STORE, "active", next, strlen(next),
                                    found > 0 ? (char*)etag.data : NULL);
    lichen_buffer_free(&etag);
    if (rc == 0) break;
  }
  struct timespec pause = {0, 300 * 1000 * 1000};
  nanosleep(&pause, NULL);
  for (;;) {
    lichen_buffer value, etag;
    lichen_state_get_etag(STORE, "active", &value, &etag);
    char next[16];
    snprintf(next, sizeof next, "%d", atoi((char*)value.data) - 1);
    int rc = lichen_state_save_etag(STORE, "active", next, strlen(next), (char*)etag.data);
    lichen_buffer_free(&value);
    lichen_buffer_free(&etag);
    if (rc == 0) break;
  }
  text(res, "done");
}

/* Input bindings: each event of a binding is counted in state ("binding-NAME"), with the
 * names of its metadata. */
int lichen_on_binding(const lichen_binding_event* ev) {
  char key[96], value[256] = "";
  snprintf(key, sizeof key, "binding-%.*s", (int)ev->name.len, (const char*)ev->name.data);
  lichen_bytes list = lichen_binding_metadata(ev), name, item;
  while (lichen_list_next(&list, &name) && lichen_list_next(&list, &item)) {
    size_t at = strlen(value);
    snprintf(value + at, sizeof value - at, "%.*s;", (int)name.len, (const char*)name.data);
  }
  return lichen_state_save(STORE, key, value, strlen(value)) == 0 ? 0 : 1;
}

/* Output bindings: writes the body to the localstorage binding "files" and reads it back. */
static void files(const lichen_request* req, lichen_response* res) {
  lichen_pair meta[] = {{"fileName", "out.txt"}};
  lichen_buffer reply, reply_meta;
  int created = lichen_binding_invoke("files", "create", req->body.data, req->body.len, meta, 1,
                                      &reply, &reply_meta);
  lichen_buffer_free(&reply);
  lichen_buffer_free(&reply_meta);
  int read = lichen_binding_invoke("files", "get", NULL, 0, meta, 1, &reply, NULL);
  char out[256];
  snprintf(out, sizeof out, "%d %d %s", created, read, read == 0 ? (char*)reply.data : "");
  lichen_buffer_free(&reply);
  int missing = lichen_binding_invoke("nope", "create", NULL, 0, NULL, 0, NULL, NULL);
  size_t at = strlen(out);
  snprintf(out + at, sizeof out - at, " %d", missing);
  text(res, out);
}

void lichen_on_invoke(const lichen_request* req, lichen_response* res) {
  char out[64];
  ++served;
  if (is(req, "ttl")) return ttl(res);
  if (is(req, "get")) return get(req, res);
  if (is(req, "bad-option")) return bad_option(res);
  if (is(req, "bulk")) return bulk(res);
  if (is(req, "transaction")) return transaction(res);
  if (is(req, "publish-raw")) return publish_raw(req, res);
  if (is(req, "fetch")) return fetch(req, res);
  if (is(req, "forged-host")) return forged_host(res);
  if (is(req, "headers")) return headers(req, res);
  if (is(req, "exclusive")) return exclusive(res);
  if (is(req, "files")) return files(req, res);
  if (is(req, "late-subscribe")) {
    late_subscribe_result = lichen_subscribe("pubsub", "late", "/late", NULL);
    snprintf(out, sizeof out, "%d", late_subscribe_result);
    return text(res, out);
  }
  if (is(req, "served")) {
    snprintf(out, sizeof out, "%d", served);
    return text(res, out);
  }
  if (is(req, "trap")) __builtin_trap();
  lichen_response_status(res, 404);
}
