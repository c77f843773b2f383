#include "runtime/pubsub/bulk_delivery.h"

#include <mutex>

#include "runtime/resiliency/circuit_breaker.h"

namespace lichen::pubsub {
namespace {

// What the attempts share. A policy timeout may leave an attempt running after the call
// returns, so it lives as long as the last attempt does.
struct BulkAttempts {
  std::vector<Delivery> deliveries;  // not changed after construction
  std::mutex mutex;
  std::vector<DeliveryResult> results;  // guarded by mutex; kRetry = still to deliver
};

// Sends the entries not settled yet and records the app's answers for them.
std::vector<DeliveryResult> attempt(Subscriber& app, BulkAttempts& state) {
  std::vector<size_t> pending;
  std::vector<Delivery> batch;
  {
    std::lock_guard lock(state.mutex);
    for (size_t i = 0; i < state.results.size(); ++i) {
      if (state.results[i].outcome != DeliveryOutcome::kRetry) continue;
      pending.push_back(i);
      batch.push_back(state.deliveries[i]);
    }
  }
  std::vector<DeliveryResult> answers = app.deliverBulk(batch);
  std::lock_guard lock(state.mutex);
  for (size_t k = 0; k < pending.size(); ++k) {
    state.results[pending[k]] = k < answers.size()
                                    ? std::move(answers[k])
                                    : DeliveryResult::retry("the app gave no answer for the event");
  }
  return state.results;
}

}  // namespace

std::vector<BulkEntryOutcome> deliverBulkUnderPolicy(std::shared_ptr<Subscriber> app,
                                                     const resiliency::Policy& inbound,
                                                     std::vector<Delivery> deliveries) {
  auto state = std::make_shared<BulkAttempts>();
  state->results.assign(deliveries.size(), DeliveryResult::retry("not delivered"));
  state->deliveries = std::move(deliveries);
  auto run = inbound.run<std::vector<DeliveryResult>>(
      [app, state]() -> StatusOr<std::vector<DeliveryResult>> { return attempt(*app, *state); },
      [](const std::vector<DeliveryResult>& answers) {
        for (const DeliveryResult& answer : answers) {
          if (answer.outcome == DeliveryOutcome::kRetry) {
            return resiliency::Verdict{true, std::nullopt, answer.error};
          }
        }
        return resiliency::Verdict{};
      });
  std::vector<DeliveryResult> results;
  bool ran_out = false;
  if (run) {
    results = std::move(*run);
    ran_out = inbound.hasRetries();
  } else {
    // A timeout ends the retries like any failure; an open breaker leaves the events to the
    // broker, which may redeliver them later.
    ran_out = inbound.hasRetries() && !resiliency::isBreakerRejection(run.error());
    std::lock_guard lock(state->mutex);
    results = state->results;
    for (DeliveryResult& result : results) {
      if (result.outcome == DeliveryOutcome::kRetry) result.error = run.error().message();
    }
  }
  std::vector<BulkEntryOutcome> outcomes;
  outcomes.reserve(results.size());
  for (DeliveryResult& result : results) {
    bool retried = result.outcome == DeliveryOutcome::kRetry;
    outcomes.push_back({std::move(result), retried && ran_out});
  }
  return outcomes;
}

}  // namespace lichen::pubsub
