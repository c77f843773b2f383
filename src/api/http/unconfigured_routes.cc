// Routes of building blocks Lichen has no components for yet. daprd answers these with its
// "not configured" errors when no component of the kind is loaded; so does Lichen, rather than
// a bare 404, so SDKs see the error they expect (workflows, jobs and conversation, which
// Lichen has no engine for yet, answer each operation's own error). Each moves to its own file
// when implemented.
#include "api/http/dapr_api.h"
#include "api/http/responses.h"

namespace lichen::http {
namespace {

Handler answer(StatusCode code, std::string message) {
  return [code, message](const ApiRequest&, const Params&) {
    return errorResponse(Status(code, message));
  };
}

}  // namespace

void addUnconfiguredRoutes(Router& router, runtime::Runtime& runtime) {
  // State query (alpha): neither built-in store declares QUERY_API.
  router.add({"POST", "PUT"}, "/v1.0-alpha1/state/{store}/query",
             [&runtime](const ApiRequest&, const Params& params) {
               auto info = runtime.state().storeInfo(params.at("store"));
               if (!info) return errorResponse(info.error());
               return errorResponse(Status(StatusCode::kStateQueryNotSupported,
                                           "state store does not support querying"));
             });
  auto no_crypto =
      answer(StatusCode::kCryptoProvidersNotConfigured, "crypto providers not configured");
  router.add({"PUT"}, "/v1.0-alpha1/crypto/{name}/encrypt", no_crypto);
  router.add({"PUT"}, "/v1.0-alpha1/crypto/{name}/decrypt", no_crypto);
  // Workflows: the built-in component is "dapr"; Lichen has no workflow engine yet, so each
  // operation fails with its own code, as daprd's does when its engine is unavailable.
  const std::string no_engine = "the workflow engine is not available in Lichen yet";
  auto workflow = [no_engine](StatusCode code, std::string what) {
    return [code, what, no_engine](const ApiRequest&, const Params& params) {
      if (params.at("component") != "dapr") {
        return errorResponse(
            Status(StatusCode::kWorkflowComponentNotFound,
                   "unable to find workflow component '" + params.at("component") + "'"));
      }
      return errorResponse(Status(code, what + ": " + no_engine));
    };
  };
  for (const char* version : {"v1.0", "v1.0-beta1", "v1.0-alpha1"}) {
    std::string base = std::string("/") + version + "/workflows/{component}";
    router.add({"GET"}, base + "/{id}",
               workflow(StatusCode::kGetWorkflow, "error getting workflow"));
    router.add({"POST"}, base + "/{name}/start",
               workflow(StatusCode::kStartWorkflow, "error starting workflow"));
    router.add({"POST"}, base + "/{id}/terminate",
               workflow(StatusCode::kTerminateWorkflow, "error terminating workflow"));
    router.add({"POST"}, base + "/{id}/pause",
               workflow(StatusCode::kPauseWorkflow, "error pausing workflow"));
    router.add({"POST"}, base + "/{id}/resume",
               workflow(StatusCode::kResumeWorkflow, "error resuming workflow"));
    router.add({"POST"}, base + "/{id}/purge",
               workflow(StatusCode::kPurgeWorkflow, "error purging workflow"));
    router.add({"POST"}, base + "/{id}/raiseEvent/{event}",
               workflow(StatusCode::kRaiseEventWorkflow, "error raising event on workflow"));
  }
  const std::string no_scheduler = "the scheduler is not available in Lichen yet";
  for (const char* version : {"v1.0", "v1.0-alpha1"}) {
    std::string job = std::string("/") + version + "/jobs/{name}";
    router.add(
        {"POST", "PUT"}, job,
        answer(StatusCode::kSchedulerScheduleJob, "failed to schedule job: " + no_scheduler));
    router.add({"GET"}, job,
               answer(StatusCode::kSchedulerGetJob, "failed to get job: " + no_scheduler));
    router.add({"DELETE"}, job,
               answer(StatusCode::kSchedulerDeleteJob, "failed to delete job: " + no_scheduler));
  }
  for (const char* version : {"v1.0-alpha1", "v1.0-alpha2"}) {
    router.add({"POST"}, std::string("/") + version + "/conversation/{name}/converse",
               [](const ApiRequest&, const Params& params) {
                 return errorResponse(
                     Status(StatusCode::kConversationNotFound,
                            "failed finding conversation component " + params.at("name")));
               });
  }
  auto no_actors = answer(StatusCode::kActorRuntimeNotFound, "actor runtime is not configured");
  router.add({"GET", "POST", "PUT", "DELETE"}, "/v1.0/actors/{type}/{id}/method/{method}",
             no_actors);
  router.add({"POST", "PUT"}, "/v1.0/actors/{type}/{id}/state", no_actors);
  router.add({"GET"}, "/v1.0/actors/{type}/{id}/state/{key}", no_actors);
  router.add({"GET", "POST", "PUT", "DELETE"}, "/v1.0/actors/{type}/{id}/reminders/{name}",
             no_actors);
  router.add({"POST", "PUT", "DELETE"}, "/v1.0/actors/{type}/{id}/timers/{name}", no_actors);
}

}  // namespace lichen::http
