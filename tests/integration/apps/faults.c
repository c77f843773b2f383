/* A Wasm app for the integration tests: each method misbehaves in one way (loops, traps, runs
 * out of memory, hands the host a bad pointer) or exercises one part of the host ABI (request
 * echo, self-invocation, invoking another app, publish, secrets). Its event handler writes
 * every event it gets to state, and so does its handler of configuration pushes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lichen.h"

__attribute__((import_module("lichen"), import_name("state_get"))) int32_t raw_state_get(
    int32_t store, int32_t store_len, int32_t key, int32_t key_len);

static int is(const lichen_request* req, const char* name) {
  return req->method.len == strlen(name) && memcmp(req->method.data, name, req->method.len) == 0;
}

static void text(lichen_response* res, int status, const char* body) {
  lichen_response_status(res, status);
  lichen_response_write(res, body, strlen(body));
}

/* Answers "STATUS BODY" (or "CODE ERROR") of invoking `method` of `app`. */
static void call_app(lichen_response* res, const char* app, const char* verb, const char* method) {
  char out[512];
  lichen_buffer body;
  int status = lichen_invoke(app, verb, method, NULL, 0, &body);
  snprintf(out, sizeof out, "%d %s", status, status < 0 ? lichen_error() : (char*)body.data);
  lichen_buffer_free(&body);
  text(res, 200, out);
}

static volatile int sink;
static char* volatile last_block; /* keeps the compiler from eliding malloc */

void lichen_on_invoke(const lichen_request* req, lichen_response* res) {
  char out[512];
  if (is(req, "ok")) return text(res, 200, "ok");
  if (is(req, "readfile")) { /* only with --dir HOST::/data */
    FILE* f = fopen("/data/hello.txt", "r");
    if (!f) return text(res, 404, "no /data/hello.txt");
    size_t n = fread(out, 1, sizeof out - 1, f);
    fclose(f);
    out[n] = 0;
    return text(res, 200, out);
  }
  if (is(req, "print")) {
    printf("stdout of the guest\n");
    fprintf(stderr, "stderr of the guest\n");
    return text(res, 200, "printed");
  }
  if (is(req, "loop")) {
    for (;;) sink++;
  }
  if (is(req, "trap")) __builtin_trap();
  if (is(req, "oom")) {
    for (;;) {
      char* block = (char*)malloc(1 << 20);
      if (!block) __builtin_trap(); /* the per-request --max-memory is reached */
      memset(block, 1, 1 << 20);
      last_block = block;
    }
  }
  if (is(req, "segv")) {
    sink = *(volatile int*)(uintptr_t)0xfffffff0u; /* past the end of memory: a trap */
  }
  if (is(req, "badptr")) {
    /* A pointer far past the guest's memory: an error code, never a host access. */
    int32_t got = raw_state_get(0x7ffffff0, 16, 0x7ffffff0, 1 << 30);
    snprintf(out, sizeof out, "%d %s", got, lichen_error());
    return text(res, 500, out);
  }
  if (is(req, "echo")) {
    lichen_bytes header = lichen_request_header(req, "X-Test");
    snprintf(out, sizeof out, "%.*s %.*s %.*s %.*s", (int)req->verb.len, req->verb.data,
             (int)req->query.len, req->query.data, (int)header.len, header.data, (int)req->body.len,
             req->body.data);
    lichen_response_header(res, "X-Echo", "yes");
    return text(res, 201, out);
  }
  /* Invocations through the host: of this app, of itself without end, of another app. */
  if (is(req, "callself")) return call_app(res, "faults", "GET", "ok");
  if (is(req, "recurse")) return call_app(res, "faults", "GET", "recurse");
  if (is(req, "callcounter")) return call_app(res, "counter", "POST", "increment");
  if (is(req, "callhttp")) return call_app(res, "httpapp", "POST", "greet");
  if (is(req, "publish")) {
    int rc = lichen_publish("pubsub", "orders", req->body.data, req->body.len, "text/plain");
    snprintf(out, sizeof out, "%d %s", rc, rc < 0 ? lichen_error() : "");
    return text(res, rc < 0 ? 500 : 200, out);
  }
  if (is(req, "secret")) {
    lichen_buffer json;
    int rc = lichen_secret_get("envsecrets", "LICHEN_TEST_SECRET", &json);
    snprintf(out, sizeof out, "%d %s", rc, rc < 0 ? lichen_error() : (char*)json.data);
    lichen_buffer_free(&json);
    return text(res, rc < 0 ? 500 : 200, out);
  }
  if (is(req, "etag")) {
    lichen_buffer value, etag;
    lichen_state_save("statestore", "tagged", "a", 1);
    lichen_state_get_etag("statestore", "tagged", &value, &etag);
    int stale = lichen_state_save_etag("statestore", "tagged", "b", 1, "999999");
    int fresh = lichen_state_save_etag("statestore", "tagged", "c", 1, (char*)etag.data);
    snprintf(out, sizeof out, "%d %d", stale, fresh);
    lichen_buffer_free(&value);
    lichen_buffer_free(&etag);
    return text(res, 200, out);
  }
  /* A configuration push (POST /configuration/{store}/{key}): its body lands in state. */
  if (req->method.len > 14 && memcmp(req->method.data, "configuration/", 14) == 0) {
    int rc = lichen_state_save("statestore", "config-push", req->body.data, req->body.len);
    return text(res, rc < 0 ? 500 : 200, rc < 0 ? lichen_error() : "");
  }
  text(res, 404, "no such method");
}

/* Runs once at start-up: leaves a mark in state. */
int lichen_on_init(void) {
  lichen_log(LICHEN_LOG_INFO, "faults app initialised");
  return lichen_state_save("statestore", "init", "done", 4) < 0 ? 1 : 0;
}

int lichen_on_event(const lichen_event* ev) {
  char key[128];
  snprintf(key, sizeof key, "event-%.*s", (int)ev->topic.len, ev->topic.data);
  if (lichen_state_save("statestore", key, ev->data.data, ev->data.len) < 0) return LICHEN_RETRY;
  return LICHEN_SUCCESS;
}
