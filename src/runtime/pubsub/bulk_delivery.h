// A bulk subscription's events for one route, delivered to the app under the inbound policy as
// daprd's applyBulkSubscribeResiliency does: each retry sends only the entries the app has not
// settled yet (RETRY, left out of its answer, or the whole request failed), so an entry the
// app acknowledged or dropped is never sent again.
#pragma once

#include <memory>
#include <vector>

#include "runtime/pubsub/subscriber.h"
#include "runtime/resiliency/policy.h"

namespace lichen::pubsub {

struct BulkEntryOutcome {
  DeliveryResult result;
  bool retries_ran_out = false;  // the policy's retries were spent on this entry
};

// One outcome per delivery, in order. `deliveries` share pubsub, topic and path.
std::vector<BulkEntryOutcome> deliverBulkUnderPolicy(std::shared_ptr<Subscriber> app,
                                                     const resiliency::Policy& inbound,
                                                     std::vector<Delivery> deliveries);

}  // namespace lichen::pubsub
