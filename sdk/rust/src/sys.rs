//! The raw imports of the `lichen` host module, exactly as docs/host-abi.md lists them (version 3).
//! Every parameter and result is an `i32` in Wasm: pointers and `usize` lengths are 32 bits on
//! wasm32. Prefer the safe wrappers in the rest of the crate; these are for SDK authors.
#![allow(missing_docs)]

#[link(wasm_import_module = "lichen")]
extern "C" {
    pub fn buffer_len(handle: i32) -> i32;
    pub fn buffer_read(handle: i32, offset: i32, ptr: *mut u8, len: usize) -> i32;
    pub fn buffer_drop(handle: i32) -> i32;
    pub fn error_message() -> i32;

    pub fn request_get(field: i32) -> i32;
    pub fn request_header(name: *const u8, name_len: usize) -> i32;
    pub fn response_status(status: i32) -> i32;
    pub fn response_header(
        name: *const u8,
        name_len: usize,
        value: *const u8,
        value_len: usize,
    ) -> i32;
    pub fn response_write(ptr: *const u8, len: usize) -> i32;
    pub fn event_get(field: i32) -> i32;

    pub fn state_get(store: *const u8, store_len: usize, key: *const u8, key_len: usize) -> i32;
    pub fn state_get_etag(
        store: *const u8,
        store_len: usize,
        key: *const u8,
        key_len: usize,
        etag_out: *mut i32,
    ) -> i32;
    pub fn state_save(
        store: *const u8,
        store_len: usize,
        key: *const u8,
        key_len: usize,
        value: *const u8,
        value_len: usize,
        etag: *const u8,
        etag_len: usize,
    ) -> i32;
    pub fn state_delete(
        store: *const u8,
        store_len: usize,
        key: *const u8,
        key_len: usize,
        etag: *const u8,
        etag_len: usize,
    ) -> i32;
    pub fn publish(
        pubsub: *const u8,
        pubsub_len: usize,
        topic: *const u8,
        topic_len: usize,
        data: *const u8,
        data_len: usize,
        ct: *const u8,
        ct_len: usize,
    ) -> i32;
    pub fn invoke(
        app: *const u8,
        app_len: usize,
        verb: *const u8,
        verb_len: usize,
        method: *const u8,
        method_len: usize,
        body: *const u8,
        body_len: usize,
        ct: *const u8,
        ct_len: usize,
        response_out: *mut i32,
    ) -> i32;
    pub fn secret_get(store: *const u8, store_len: usize, name: *const u8, name_len: usize) -> i32;
    pub fn log(level: i32, ptr: *const u8, len: usize) -> i32;

    // Version 2.
    pub fn state_get_with(
        store: *const u8,
        store_len: usize,
        key: *const u8,
        key_len: usize,
        opts: *const u8,
        opts_len: usize,
        etag_out: *mut i32,
    ) -> i32;
    pub fn state_save_with(
        store: *const u8,
        store_len: usize,
        key: *const u8,
        key_len: usize,
        value: *const u8,
        value_len: usize,
        etag: *const u8,
        etag_len: usize,
        opts: *const u8,
        opts_len: usize,
    ) -> i32;
    pub fn state_delete_with(
        store: *const u8,
        store_len: usize,
        key: *const u8,
        key_len: usize,
        etag: *const u8,
        etag_len: usize,
        opts: *const u8,
        opts_len: usize,
    ) -> i32;
    pub fn state_get_bulk(
        store: *const u8,
        store_len: usize,
        keys: *const u8,
        keys_len: usize,
        opts: *const u8,
        opts_len: usize,
    ) -> i32;
    pub fn state_transaction(
        store: *const u8,
        store_len: usize,
        ops: *const u8,
        ops_len: usize,
        opts: *const u8,
        opts_len: usize,
    ) -> i32;
    pub fn publish_with(
        pubsub: *const u8,
        pubsub_len: usize,
        topic: *const u8,
        topic_len: usize,
        data: *const u8,
        data_len: usize,
        ct: *const u8,
        ct_len: usize,
        meta: *const u8,
        meta_len: usize,
    ) -> i32;
    pub fn subscribe(
        pubsub: *const u8,
        pubsub_len: usize,
        topic: *const u8,
        topic_len: usize,
        route: *const u8,
        route_len: usize,
        opts: *const u8,
        opts_len: usize,
    ) -> i32;
    pub fn binding_invoke(
        name: *const u8,
        name_len: usize,
        op: *const u8,
        op_len: usize,
        data: *const u8,
        data_len: usize,
        meta: *const u8,
        meta_len: usize,
        out: *mut i32,
    ) -> i32;
    pub fn binding_get(field: i32) -> i32;
    pub fn http_request(
        method: *const u8,
        method_len: usize,
        url: *const u8,
        url_len: usize,
        headers: *const u8,
        headers_len: usize,
        body: *const u8,
        body_len: usize,
        out: *mut i32,
    ) -> i32;
    pub fn config_get(
        store: *const u8,
        store_len: usize,
        keys: *const u8,
        keys_len: usize,
        meta: *const u8,
        meta_len: usize,
    ) -> i32;
    pub fn lock_try(
        store: *const u8,
        store_len: usize,
        resource: *const u8,
        resource_len: usize,
        owner: *const u8,
        owner_len: usize,
        expiry_seconds: i32,
    ) -> i32;
    pub fn unlock(
        store: *const u8,
        store_len: usize,
        resource: *const u8,
        resource_len: usize,
        owner: *const u8,
        owner_len: usize,
    ) -> i32;
}
