// Host errno -> WASI errno, and host file modes -> WASI filetypes.
#pragma once

#include <sys/types.h>

#include "wasi/wasi_types.h"

namespace lichen::wasi {

// Maps a host errno value; anything without a WASI counterpart becomes kIo.
Errno errnoFromHost(int host_errno);

Filetype filetypeFromMode(mode_t mode);
// From a DT_* value of struct dirent (DT_UNKNOWN -> kUnknown).
Filetype filetypeFromDirentType(unsigned char type);

}  // namespace lichen::wasi
