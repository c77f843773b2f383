// PipelinedAppChannel: spec.appHttpPipeline around the calls Lichen makes to the app. Both entry
// points run the same pipeline: call() (pub/sub delivery, subscription discovery) carries the
// method, path, body and content type; invoke() (service invocation, input bindings) carries the
// request's headers as well, and hands the app channel the request as the middleware left it.
#include <cctype>

#include "api/http/pipeline.h"
#include "api/http/server.h"
#include "runtime/middleware/middleware_manager.h"

namespace lichen::http {
namespace {

constexpr std::string_view kContentType = "content-type";

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string contentTypeOf(const middleware::HttpHeaders& headers) {
  for (const auto& [name, value] : headers) {
    if (lower(name) == kContentType) return value;
  }
  return "";
}

middleware::HttpResponse toHttpResponse(component::AppResponse answer) {
  middleware::HttpResponse out;
  out.status = answer.status;
  if (!answer.content_type.empty()) out.headers.emplace_back(kContentType, answer.content_type);
  for (auto& [name, value] : answer.headers) out.headers.emplace_back(lower(name), value);
  out.body = std::move(answer.body);
  return out;
}

component::AppResponse toAppResponse(middleware::HttpResponse response) {
  component::AppResponse out;
  out.status = response.status;
  for (auto& [name, value] : response.headers) {
    if (name == kContentType) {
      out.content_type = std::move(value);
    } else {
      out.headers.emplace_back(std::move(name), std::move(value));
    }
  }
  out.body = std::move(response.body);
  return out;
}

// The request as the middleware left it, for the app channel: the URI split into the decoded
// method path and the encoded query; headers one value per name (repeats joined, as HTTP
// allows), the content type in its own field.
Expected<component::AppRequest, Status> toAppRequest(const middleware::HttpRequest& request) {
  ApiRequest target;
  LICHEN_TRY(parseTarget(request.uri, target));
  component::AppRequest out;
  out.verb = request.method;
  for (const std::string& segment : target.segments) {
    out.method += (out.method.empty() ? "" : "/") + segment;
  }
  const size_t question = request.uri.find('?');
  if (question != std::string::npos) out.query = request.uri.substr(question + 1);
  out.path = request.uri;
  for (const auto& [name, value] : request.headers) {
    std::string key = lower(name);
    if (key == kContentType) {
      out.content_type = value;
      continue;
    }
    auto [it, added] = out.headers.emplace(std::move(key), value);
    if (!added) it->second += ", " + value;
  }
  out.body = request.body;
  return out;
}

}  // namespace

void PipelinedAppChannel::setPipeline(Pipeline pipeline) {
  std::lock_guard lock(mutex_);
  pipeline_ = std::make_shared<const Pipeline>(std::move(pipeline));
}

std::shared_ptr<const Pipeline> PipelinedAppChannel::pipeline() const {
  std::lock_guard lock(mutex_);
  if (!pipeline_ || pipeline_->empty()) return nullptr;
  return pipeline_;
}

StatusOr<component::AppResponse> PipelinedAppChannel::through(const Pipeline& pipeline,
                                                              middleware::HttpRequest request,
                                                              const AppCall& app) {
  // A transport failure of the app is carried out of the pipeline beside its 500.
  std::optional<Status> transport_error;
  middleware::HttpResponse response = middleware::runPipeline(
      pipeline, std::move(request), [&](const middleware::HttpRequest& rewritten) {
        auto answer = app(rewritten);
        if (answer) return toHttpResponse(std::move(*answer));
        transport_error = answer.error();
        middleware::HttpResponse out;
        out.status = 500;
        out.body = answer.error().message();
        out.failed = true;
        return out;
      });
  if (transport_error && response.status == 500) return fail(*transport_error);
  return toAppResponse(std::move(response));
}

StatusOr<component::AppResponse> PipelinedAppChannel::call(const std::string& method,
                                                           const std::string& path,
                                                           const std::string& body,
                                                           const std::string& content_type) {
  auto pipeline = this->pipeline();
  if (!pipeline) return inner_->call(method, path, body, content_type);
  middleware::HttpRequest request;
  request.method = method;
  request.uri = path.empty() ? "/" : path;
  if (!content_type.empty()) request.headers.emplace_back(kContentType, content_type);
  request.body = body;
  return through(*pipeline, std::move(request), [&](const middleware::HttpRequest& rewritten) {
    return inner_->call(rewritten.method, rewritten.uri, rewritten.body,
                        contentTypeOf(rewritten.headers));
  });
}

StatusOr<component::AppResponse> PipelinedAppChannel::invoke(const component::AppRequest& request) {
  auto pipeline = this->pipeline();
  if (!pipeline) return inner_->invoke(request);
  middleware::HttpRequest converted;
  converted.method = request.verb;
  converted.uri = request.path.empty() ? "/" : request.path;
  for (const auto& [name, value] : request.headers) {
    if (lower(name) != kContentType) converted.headers.emplace_back(lower(name), value);
  }
  if (!request.content_type.empty()) {
    converted.headers.emplace_back(kContentType, request.content_type);
  }
  converted.body = request.body;
  return through(*pipeline, std::move(converted),
                 [&](const middleware::HttpRequest& rewritten) -> StatusOr<component::AppResponse> {
                   auto app_request = toAppRequest(rewritten);
                   if (!app_request) {
                     // What the middleware left cannot be called: answered here, as the API's
                     // pipeline answers an unparseable URI.
                     return component::AppResponse{
                         400, app_request.error().message(), "text/plain; charset=utf-8", {}};
                   }
                   return inner_->invoke(*app_request);
                 });
}

}  // namespace lichen::http
