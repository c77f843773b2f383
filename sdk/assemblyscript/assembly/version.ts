// The ABI version this SDK is built for, which lichen_abi_version declares to the host.
export const ABI_VERSION: i32 = 3;
