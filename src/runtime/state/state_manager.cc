#include "runtime/state/state_manager.h"

#include <cstdint>

#include "runtime/component/properties.h"

namespace lichen::state {
namespace {

Status mapSaveError(const std::string& store, const Status& error) {
  Status contextual = error.withContext("failed saving state in state store " + store);
  switch (error.code()) {
    case StatusCode::kEtagMismatch:
      return contextual.withCode(StatusCode::kStateSaveEtagMismatch);
    case StatusCode::kEtagInvalid:
      return contextual.withCode(StatusCode::kStateSaveEtagInvalid);
    default:
      return contextual.withCode(StatusCode::kStateSave);
  }
}

Status mapDeleteError(const std::string& key, const Status& error) {
  Status contextual = error.withContext("failed deleting state with key " + key);
  switch (error.code()) {
    case StatusCode::kEtagMismatch:
      return contextual.withCode(StatusCode::kStateDeleteEtagMismatch);
    case StatusCode::kEtagInvalid:
      return contextual.withCode(StatusCode::kStateDeleteEtagInvalid);
    default:
      return contextual.withCode(StatusCode::kStateDelete);
  }
}

}  // namespace

StateManager::StateManager(std::string app_id, std::string ns)
    : app_id_(std::move(app_id)), namespace_(std::move(ns)) {}

void StateManager::addStore(StoreInfo info, std::unique_ptr<StateStore> store,
                            std::string_view key_prefix) {
  KeyPrefix prefix = KeyPrefix::fromStrategy(key_prefix, info.name, app_id_, namespace_);
  std::string name = info.name;
  stores_.insert_or_assign(name, Entry{std::move(info), std::move(store), std::move(prefix)});
}

StatusOr<std::vector<std::string>> StateManager::addComponent(
    const component::ComponentId& id, const component::Properties& properties,
    std::unique_ptr<component::Component> component) {
  LICHEN_ASSIGN_OR_RETURN(std::unique_ptr<StateStore> store,
                          component::componentAs<StateStore>(std::move(component), "state store"));
  Features features = store->features();
  LICHEN_ASSIGN_OR_RETURN(bool actor, properties.getBool("actorStateStore", false));
  if (actor && features.has(Feature::kTransactional)) features.add(Feature::kActor);
  addStore({id.name, id.type, id.version, features}, std::move(store),
           properties.getOr("keyPrefix", ""));
  return features.capabilityNames();
}

std::vector<StoreInfo> StateManager::stores() const {
  std::vector<StoreInfo> out;
  for (const auto& [name, entry] : stores_) out.push_back(entry.info);
  return out;
}

StatusOr<StoreInfo> StateManager::storeInfo(const std::string& store) {
  LICHEN_ASSIGN_OR_RETURN(Entry * entry, find(store));
  return entry->info;
}

resiliency::Policy StateManager::outbound(const std::string& store) const {
  return resiliency::componentPolicyOf(resiliency_.get(), store,
                                       resiliency::ComponentKind::kStatestore,
                                       resiliency::Direction::kOutbound);
}

bool StateManager::neverBlocks(const std::string& store) const {
  auto it = stores_.find(store);
  if (it == stores_.end()) return true;
  return it->second.store->neverBlocks() && outbound(store).empty();
}

StatusOr<StateManager::Entry*> StateManager::find(const std::string& store) {
  if (stores_.empty()) {
    return fail(StatusCode::kStateStoreNotConfigured, "state store is not configured");
  }
  auto it = stores_.find(store);
  if (it == stores_.end()) {
    return fail(StatusCode::kStateStoreNotFound, "state store " + store + " is not found");
  }
  return &it->second;
}

StatusOr<std::optional<GetResponse>> StateManager::get(const std::string& store,
                                                       const GetRequest& request) {
  LICHEN_ASSIGN_OR_RETURN(Entry * entry, find(store));
  LICHEN_ASSIGN_OR_RETURN(std::string key, entry->prefix.apply(request.key));
  GetRequest prefixed = request;
  prefixed.key = std::move(key);
  // The calls below copy what they use: a policy timeout may leave them running (policy.h).
  auto response = outbound(store).run<std::optional<GetResponse>>(
      [raw = entry->store.get(), prefixed] { return raw->get(prefixed); });
  if (!response) {
    return fail(response.error()
                    .withContext("fail to get " + request.key + " from state store " + store)
                    .withCode(StatusCode::kStateGet));
  }
  return response;
}

Expected<void, Status> StateManager::save(const std::string& store,
                                          std::vector<SetRequest> requests) {
  LICHEN_ASSIGN_OR_RETURN(Entry * entry, find(store));
  for (SetRequest& request : requests) {
    if (request.key.empty()) {
      return fail(StatusCode::kMalformedRequest, "\"key\" is a required field");
    }
    LICHEN_ASSIGN_OR_RETURN(request.key, entry->prefix.apply(request.key));
    // A TTL the store cannot honour is the request's fault (400), never an acknowledged write
    // that reads as already expired.
    auto ttl = ttlFromMetadata(request.metadata);
    if (!ttl) return fail(ttl.error().withContext("failed saving state in state store " + store));
    request.ttl_seconds = *ttl;
  }
  if (requests.empty()) return {};
  // A transactional store saves the whole array atomically: one commit, one fsync.
  if (requests.size() > 1 && entry->info.features.has(Feature::kTransactional)) {
    std::vector<Operation> operations(std::make_move_iterator(requests.begin()),
                                      std::make_move_iterator(requests.end()));
    auto result = outbound(store).runVoid(
        [raw = entry->store.get(), operations] { return raw->multi(operations, {}); });
    if (!result) return fail(mapSaveError(store, result.error()));
    return {};
  }
  for (const SetRequest& request : requests) {
    auto result =
        outbound(store).runVoid([raw = entry->store.get(), request] { return raw->set(request); });
    if (!result) return fail(mapSaveError(store, result.error()));
  }
  return {};
}

Expected<void, Status> StateManager::remove(const std::string& store,
                                            const DeleteRequest& request) {
  LICHEN_ASSIGN_OR_RETURN(Entry * entry, find(store));
  LICHEN_ASSIGN_OR_RETURN(std::string key, entry->prefix.apply(request.key));
  DeleteRequest prefixed = request;
  prefixed.key = std::move(key);
  auto result = outbound(store).runVoid(
      [raw = entry->store.get(), prefixed] { return raw->remove(prefixed); });
  if (!result) return fail(mapDeleteError(request.key, result.error()));
  return {};
}

StatusOr<std::vector<BulkGetItem>> StateManager::bulkGet(const std::string& store,
                                                         const std::vector<std::string>& keys,
                                                         const Metadata& metadata) {
  LICHEN_ASSIGN_OR_RETURN(Entry * entry, find(store));
  std::vector<GetRequest> requests;
  requests.reserve(keys.size());
  for (const std::string& key : keys) {
    LICHEN_ASSIGN_OR_RETURN(std::string prefixed, entry->prefix.apply(key));
    requests.push_back(GetRequest{std::move(prefixed), metadata, Consistency::kUnspecified});
  }
  auto items = outbound(store).run<std::vector<BulkGetItem>>(
      [raw = entry->store.get(), requests] { return raw->bulkGet(requests); });
  if (!items) {
    return fail(items.error()
                    .withContext("failed getting bulk state from state store " + store)
                    .withCode(StatusCode::kStateBulkGet));
  }
  // Answer with the caller's keys, in the caller's order.
  for (size_t i = 0; i < items->size() && i < keys.size(); ++i) (*items)[i].key = keys[i];
  return items;
}

Expected<void, Status> StateManager::bulkDelete(const std::string& store,
                                                const std::vector<DeleteRequest>& requests) {
  LICHEN_ASSIGN_OR_RETURN(Entry * entry, find(store));
  if (entry->info.features.has(Feature::kTransactional) && requests.size() > 1) {
    std::vector<Operation> operations;
    for (const DeleteRequest& request : requests) {
      LICHEN_ASSIGN_OR_RETURN(std::string key, entry->prefix.apply(request.key));
      DeleteRequest prefixed = request;
      prefixed.key = std::move(key);
      operations.emplace_back(std::move(prefixed));
    }
    auto result = outbound(store).runVoid(
        [raw = entry->store.get(), operations] { return raw->multi(operations, {}); });
    if (!result) return fail(mapDeleteError(requests.front().key, result.error()));
    return {};
  }
  for (const DeleteRequest& request : requests) LICHEN_TRY(remove(store, request));
  return {};
}

Expected<void, Status> StateManager::transact(const std::string& store,
                                              std::vector<Operation> operations,
                                              const Metadata& metadata) {
  LICHEN_ASSIGN_OR_RETURN(Entry * entry, find(store));
  if (!entry->info.features.has(Feature::kTransactional)) {
    return fail(StatusCode::kStateStoreNotSupported,
                "state store " + store + " doesn't support transaction");
  }
  size_t limit = entry->store->maxMultiOperations();
  if (limit != 0 && operations.size() > limit) {
    return fail(StatusCode::kStateTooManyTransactions,
                "the number of operations " + std::to_string(operations.size()) +
                    " in the transaction exceeds the maximum " + std::to_string(limit) +
                    " of state store " + store);
  }
  for (Operation& operation : operations) {
    std::string* key = std::visit([](auto& r) { return &r.key; }, operation);
    if (key->empty()) return fail(StatusCode::kMalformedRequest, "\"key\" is a required field");
    LICHEN_ASSIGN_OR_RETURN(*key, entry->prefix.apply(*key));
    if (auto* set = std::get_if<SetRequest>(&operation)) {
      auto ttl = ttlFromMetadata(set->metadata);
      if (!ttl) return fail(ttl.error().withContext("error while executing state transaction"));
      set->ttl_seconds = *ttl;
    }
  }
  auto result = outbound(store).runVoid([raw = entry->store.get(), operations, metadata] {
    return raw->multi(operations, metadata);
  });
  if (!result) {
    return fail(result.error()
                    .withContext("error while executing state transaction")
                    .withCode(StatusCode::kStateTransaction));
  }
  return {};
}

StatusOr<std::optional<int64_t>> ttlFromMetadata(const Metadata& metadata) {
  auto it = metadata.find("ttlInSeconds");
  if (it == metadata.end() || it->second.empty()) return std::optional<int64_t>();
  auto value = component::parseInt(it->second);
  if (!value) {
    return fail(StatusCode::kBadRequest,
                "incorrect value for metadata 'ttlInSeconds': " + it->second);
  }
  // As daprd (components-contrib ParseTTL): larger values would overflow an expiry time and
  // an acknowledged write would read as already expired.
  if (*value < -1 || *value > INT32_MAX) {
    return fail(StatusCode::kBadRequest,
                "incorrect value for metadata 'ttlInSeconds': must be -1 or greater, and less "
                "than 2147483647: " +
                    it->second);
  }
  return std::optional<int64_t>(*value);
}

}  // namespace lichen::state
