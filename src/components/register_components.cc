#include "components/register_components.h"

#include "components/bindings/cron/cron_binding.h"
#include "components/bindings/http/http_binding.h"
#include "components/bindings/localstorage/local_storage_binding.h"
#include "components/bindings/wasm/wasm_binding.h"
#include "components/configuration/memory/memory_configuration_store.h"
#include "components/configuration/sqlite/sqlite_configuration_store.h"
#include "components/lock/memory/memory_lock_store.h"
#include "components/lock/sqlite/sqlite_lock_store.h"
#include "components/middleware/wasm/wasm_middleware.h"
#include "components/pubsub/memory/memory_pubsub.h"
#include "components/pubsub/sqlite/sqlite_pubsub.h"
#include "components/secrets/localenv/local_env_secret_store.h"
#include "components/secrets/localfile/local_file_secret_store.h"
#include "components/state/memory/memory_state_store.h"
#include "components/state/sqlite/sqlite_state_store.h"

namespace lichen::components {

void registerBuiltinComponents(runtime::Registry& registry) {
  registerMemoryState(registry);
  registerSqliteState(registry);
  registerLocalFileSecretStore(registry);
  registerLocalEnvSecretStore(registry);
  registerMemoryPubSub(registry);
  registerSqlitePubSub(registry);
  registerCronBinding(registry);
  registerHttpBinding(registry);
  registerLocalStorageBinding(registry);
  registerWasmBinding(registry);
  registerWasmMiddleware(registry);
  registerMemoryConfigurationStore(registry);
  registerSqliteConfigurationStore(registry);
  registerMemoryLockStore(registry);
  registerSqliteLockStore(registry);
}

}  // namespace lichen::components
