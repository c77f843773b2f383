// POST /v1.0/publish/{pubsub}/{topic…} (daprd pkg/api/http/http.go onPublish): the body is the
// event, Content-Type its datacontenttype, ?metadata.* the publish metadata; 204 on success.
#include "api/http/dapr_api.h"
#include "api/http/responses.h"

namespace lichen::http {

void addPubSubRoutes(Router& router, runtime::Runtime& runtime) {
  router.add({"POST", "PUT"}, "/v1.0/publish/{pubsub}/{topic*}",
             [&runtime](const ApiRequest& request, const Params& params) {
               pubsub::PublishRequest publish;
               publish.pubsub = params.at("pubsub");
               publish.topic = params.at("topic");
               publish.data = request.body;
               publish.content_type = request.header("content-type").value_or("");
               publish.metadata = request.metadata();
               auto result = runtime.pubsub().publish(publish);
               return result ? emptyResponse() : errorResponse(result.error());
             });
}

}  // namespace lichen::http
