// The raw imports of the `lichen` host module, exactly as docs/host-abi.md lists them (version
// 3). Every parameter and result is an i32: pointers and lengths are 32 bits on wasm32. Prefer
// the wrappers in the other files; these are for SDK authors.

@external("lichen", "buffer_len") export declare function buffer_len(handle: i32): i32;
@external("lichen", "buffer_read")
export declare function buffer_read(handle: i32, offset: i32, ptr: usize, len: i32): i32;
@external("lichen", "buffer_drop") export declare function buffer_drop(handle: i32): i32;
@external("lichen", "error_message") export declare function error_message(): i32;

@external("lichen", "request_get") export declare function request_get(field: i32): i32;
@external("lichen", "request_header")
export declare function request_header(name: usize, name_len: i32): i32;
@external("lichen", "response_status") export declare function response_status(status: i32): i32;
@external("lichen", "response_header")
export declare function response_header(name: usize, name_len: i32, value: usize, value_len: i32): i32;
@external("lichen", "response_write") export declare function response_write(ptr: usize, len: i32): i32;
@external("lichen", "event_get") export declare function event_get(field: i32): i32;

@external("lichen", "state_get")
export declare function state_get(store: usize, store_len: i32, key: usize, key_len: i32): i32;
@external("lichen", "state_get_etag")
export declare function state_get_etag(
  store: usize, store_len: i32, key: usize, key_len: i32, etag_out: usize): i32;
@external("lichen", "state_save")
export declare function state_save(
  store: usize, store_len: i32, key: usize, key_len: i32, value: usize, value_len: i32,
  etag: usize, etag_len: i32): i32;
@external("lichen", "state_delete")
export declare function state_delete(
  store: usize, store_len: i32, key: usize, key_len: i32, etag: usize, etag_len: i32): i32;
@external("lichen", "publish")
export declare function publish(
  pubsub: usize, pubsub_len: i32, topic: usize, topic_len: i32, data: usize, data_len: i32,
  ct: usize, ct_len: i32): i32;
@external("lichen", "invoke")
export declare function invoke(
  app: usize, app_len: i32, verb: usize, verb_len: i32, method: usize, method_len: i32,
  body: usize, body_len: i32, ct: usize, ct_len: i32, response_out: usize): i32;
@external("lichen", "secret_get")
export declare function secret_get(store: usize, store_len: i32, name: usize, name_len: i32): i32;
@external("lichen", "log") export declare function log(level: i32, ptr: usize, len: i32): i32;

// Version 2.
@external("lichen", "state_get_with")
export declare function state_get_with(
  store: usize, store_len: i32, key: usize, key_len: i32, opts: usize, opts_len: i32,
  etag_out: usize): i32;
@external("lichen", "state_save_with")
export declare function state_save_with(
  store: usize, store_len: i32, key: usize, key_len: i32, value: usize, value_len: i32,
  etag: usize, etag_len: i32, opts: usize, opts_len: i32): i32;
@external("lichen", "state_delete_with")
export declare function state_delete_with(
  store: usize, store_len: i32, key: usize, key_len: i32, etag: usize, etag_len: i32,
  opts: usize, opts_len: i32): i32;
@external("lichen", "state_get_bulk")
export declare function state_get_bulk(
  store: usize, store_len: i32, keys: usize, keys_len: i32, opts: usize, opts_len: i32): i32;
@external("lichen", "state_transaction")
export declare function state_transaction(
  store: usize, store_len: i32, ops: usize, ops_len: i32, opts: usize, opts_len: i32): i32;
@external("lichen", "publish_with")
export declare function publish_with(
  pubsub: usize, pubsub_len: i32, topic: usize, topic_len: i32, data: usize, data_len: i32,
  ct: usize, ct_len: i32, meta: usize, meta_len: i32): i32;
@external("lichen", "subscribe")
export declare function subscribe(
  pubsub: usize, pubsub_len: i32, topic: usize, topic_len: i32, route: usize, route_len: i32,
  opts: usize, opts_len: i32): i32;
@external("lichen", "binding_invoke")
export declare function binding_invoke(
  name: usize, name_len: i32, op: usize, op_len: i32, data: usize, data_len: i32, meta: usize,
  meta_len: i32, out: usize): i32;
@external("lichen", "binding_get") export declare function binding_get(field: i32): i32;
@external("lichen", "http_request")
export declare function http_request(
  method: usize, method_len: i32, url: usize, url_len: i32, headers: usize, headers_len: i32,
  body: usize, body_len: i32, out: usize): i32;
@external("lichen", "config_get")
export declare function config_get(
  store: usize, store_len: i32, keys: usize, keys_len: i32, meta: usize, meta_len: i32): i32;
@external("lichen", "lock_try")
export declare function lock_try(
  store: usize, store_len: i32, resource: usize, resource_len: i32, owner: usize, owner_len: i32,
  expiry_seconds: i32): i32;
@external("lichen", "unlock")
export declare function unlock(
  store: usize, store_len: i32, resource: usize, resource_len: i32, owner: usize,
  owner_len: i32): i32;
