/* A Wasm app for the integration tests of the lichen ABI version 3 through the C SDK:
 * configuration reads and distributed locks. Each method answers what it saw as text:
 *   config?keys=a.b     lichen_config_get on the store "config" (no keys: every item)
 *   lock?resource=R&owner=O&expiry=S, unlock?resource=R&owner=O
 *   increment?owner=O   takes the lock "counter" (retrying, at most 10 s), adds 1 to the state
 *                       key "count" without an ETag, releases the lock: only mutual exclusion
 *                       keeps concurrent increments from losing counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lichen.h"
#include "test_app_util.h"

/* "N key=value@version{name:value,...} ..." or "RC message". */
static void config(const lichen_request* req, lichen_response* res) {
  char keys_text[256];
  query_value(req, "keys", keys_text, sizeof keys_text);
  const char* keys[16];
  size_t count = 0;
  for (char* k = strtok(keys_text, "."); k && count < 16; k = strtok(NULL, ".")) keys[count++] = k;
  lichen_pair meta[] = {{"purpose", "test"}};
  lichen_config_item* items;
  size_t n;
  int rc = lichen_config_get("config", keys, count, meta, 1, &items, &n);
  char out[1024];
  if (rc < 0) {
    snprintf(out, sizeof out, "%d %s", rc, lichen_error());
    return text(res, out);
  }
  int at = snprintf(out, sizeof out, "%zu", n);
  for (size_t i = 0; i < n && at < (int)sizeof out; ++i) {
    at += snprintf(out + at, sizeof out - at, " %s=%s@%s{", (char*)items[i].key.data,
                   (char*)items[i].value.data, (char*)items[i].version.data);
    lichen_bytes list = {items[i].metadata.data, items[i].metadata.len}, name, value;
    const char* sep = "";
    while (at < (int)sizeof out && lichen_list_next(&list, &name) &&
           lichen_list_next(&list, &value)) {
      at += snprintf(out + at, sizeof out - at, "%s%.*s:%.*s", sep, (int)name.len,
                     (const char*)name.data, (int)value.len, (const char*)value.data);
      sep = ",";
    }
    if (at < (int)sizeof out) at += snprintf(out + at, sizeof out - at, "}");
  }
  lichen_config_items_free(items, n);
  text(res, out);
}

static void lock(const lichen_request* req, lichen_response* res) {
  char resource[128], owner[128], expiry[16], out[512];
  query_value(req, "resource", resource, sizeof resource);
  query_value(req, "owner", owner, sizeof owner);
  query_value(req, "expiry", expiry, sizeof expiry);
  int rc = lichen_try_lock("locks", resource, owner, atoi(expiry));
  snprintf(out, sizeof out, "%d%s%s", rc, rc < 0 ? " " : "", rc < 0 ? lichen_error() : "");
  text(res, out);
}

static void unlock(const lichen_request* req, lichen_response* res) {
  char resource[128], owner[128], out[512];
  query_value(req, "resource", resource, sizeof resource);
  query_value(req, "owner", owner, sizeof owner);
  int rc = lichen_unlock("locks", resource, owner);
  snprintf(out, sizeof out, "%d%s%s", rc, rc < 0 ? " " : "", rc < 0 ? lichen_error() : "");
  text(res, out);
}

static void increment(const lichen_request* req, lichen_response* res) {
  char owner[128], out[256];
  query_value(req, "owner", owner, sizeof owner);
  int rc = 0;
  for (int tries = 0; tries < 5000 && (rc = lichen_try_lock("locks", "counter", owner, 30)) == 0;
       ++tries) {
    struct timespec pause = {0, 2 * 1000 * 1000};
    nanosleep(&pause, NULL);
  }
  if (rc != 1) {
    lichen_response_status(res, 500);
    snprintf(out, sizeof out, "lock: %d %s", rc, rc < 0 ? lichen_error() : "timed out");
    return text(res, out);
  }
  lichen_buffer value;
  int found = lichen_state_get("statestore", "count", &value);
  long count = found > 0 ? atol((const char*)value.data) : 0;
  lichen_buffer_free(&value);
  char next[32];
  snprintf(next, sizeof next, "%ld", count + 1);
  int saved = lichen_state_save("statestore", "count", next, strlen(next));
  int released = lichen_unlock("locks", "counter", owner);
  if (found < 0 || saved < 0 || released != LICHEN_UNLOCK_SUCCESS) lichen_response_status(res, 500);
  snprintf(out, sizeof out, "%d %d %d %s", found, saved, released, next);
  text(res, out);
}

void lichen_on_invoke(const lichen_request* req, lichen_response* res) {
  if (is(req, "config")) return config(req, res);
  if (is(req, "lock")) return lock(req, res);
  if (is(req, "unlock")) return unlock(req, res);
  if (is(req, "increment")) return increment(req, res);
  lichen_response_status(res, 404);
}
