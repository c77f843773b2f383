#include "api/http/pipeline.h"

#include <cctype>

#include "api/http/responses.h"
#include "api/http/server.h"
#include "runtime/invoke/invocation.h"
#include "runtime/middleware/middleware_manager.h"

namespace lichen::http {
namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// A path segment percent-encoded, '/' included (it was decoded from %2F).
std::string encodeSegment(const std::string& segment) {
  std::string out;
  for (char c : invoke::percentEncode(segment, false)) {
    if (c == '/') {
      out += "%2F";
    } else {
      out += c;
    }
  }
  return out;
}

class PipelineLink : public Middleware {
 public:
  explicit PipelineLink(Pipeline pipeline) : pipeline_(std::move(pipeline)) {}

  ApiResponse handle(const ApiRequest& request, const NextHandler& next) const override {
    middleware::HttpRequest converted = toMiddlewareRequest(request);
    const std::string original_uri = converted.uri;
    middleware::HttpResponse response = middleware::runPipeline(
        pipeline_, std::move(converted), [&](const middleware::HttpRequest& rewritten) {
          // An unchanged URI keeps the request's parsed path: parsing it again is most of
          // what a pass-through would cost.
          auto parsed =
              fromMiddlewareRequest(rewritten, rewritten.uri == original_uri ? &request : nullptr);
          if (!parsed) return toMiddlewareResponse(plainResponse(400, parsed.error().message()));
          return toMiddlewareResponse(next(*parsed));
        });
    return fromMiddlewareResponse(response);
  }

 private:
  Pipeline pipeline_;
};

}  // namespace

middleware::HttpRequest toMiddlewareRequest(const ApiRequest& request) {
  middleware::HttpRequest out;
  out.method = request.method;
  for (const std::string& segment : request.segments) out.uri += "/" + encodeSegment(segment);
  if (out.uri.empty()) out.uri = "/";
  for (size_t i = 0; i < request.query.size(); ++i) {
    out.uri += i == 0 ? "?" : "&";
    out.uri += invoke::percentEncode(request.query[i].first, true) + "=" +
               invoke::percentEncode(request.query[i].second, true);
  }
  out.headers.assign(request.headers.begin(), request.headers.end());
  out.body = request.body;
  out.source_addr = request.source_addr;
  out.protocol =
      "HTTP/" + std::to_string(request.version / 10) + "." + std::to_string(request.version % 10);
  return out;
}

Expected<ApiRequest, Status> fromMiddlewareRequest(const middleware::HttpRequest& request,
                                                   const ApiRequest* same_target) {
  ApiRequest out;
  out.method = request.method;
  out.version = same_target ? same_target->version : 11;
  if (same_target) {
    out.segments = same_target->segments;
    out.query = same_target->query;
  } else if (auto parsed = parseTarget(request.uri, out); !parsed) {
    return Unexpected(parsed.error());
  }
  // The API keeps one value per name: repeated headers are joined, as HTTP allows.
  for (const auto& [name, value] : request.headers) {
    auto [it, added] = out.headers.emplace(lower(name), value);
    if (!added) it->second += ", " + value;
  }
  out.body = request.body;
  out.source_addr = request.source_addr;
  return out;
}

middleware::HttpResponse toMiddlewareResponse(const ApiResponse& response) {
  middleware::HttpResponse out;
  out.status = response.status;
  if (!response.content_type.empty())
    out.headers.emplace_back("content-type", response.content_type);
  for (const auto& [name, value] : response.headers) out.headers.emplace_back(lower(name), value);
  out.body = response.body;
  return out;
}

ApiResponse fromMiddlewareResponse(const middleware::HttpResponse& response) {
  ApiResponse out;
  out.status = static_cast<uint16_t>(response.status);
  for (const auto& [name, value] : response.headers) {
    if (name == "content-type") {
      out.content_type = value;
    } else {
      out.headers.emplace_back(name, value);
    }
  }
  out.body = response.body;
  return out;
}

std::unique_ptr<Middleware> makePipelineLink(Pipeline pipeline) {
  return std::make_unique<PipelineLink>(std::move(pipeline));
}

void PipelinedAppChannel::setPipeline(Pipeline pipeline) {
  std::lock_guard lock(mutex_);
  pipeline_ = std::make_shared<const Pipeline>(std::move(pipeline));
}

std::shared_ptr<const Pipeline> PipelinedAppChannel::pipeline() const {
  std::lock_guard lock(mutex_);
  return pipeline_;
}

StatusOr<component::AppResponse> PipelinedAppChannel::invoke(const component::AppRequest& request) {
  std::shared_ptr<const Pipeline> pipeline = this->pipeline();
  if (!pipeline || pipeline->empty()) return inner_->invoke(request);
  return call(request.verb, request.path, request.body, request.content_type);
}

StatusOr<component::AppResponse> PipelinedAppChannel::call(const std::string& method,
                                                           const std::string& path,
                                                           const std::string& body,
                                                           const std::string& content_type) {
  std::shared_ptr<const Pipeline> pipeline = this->pipeline();
  if (!pipeline || pipeline->empty()) return inner_->call(method, path, body, content_type);
  middleware::HttpRequest request;
  request.method = method;
  request.uri = path.empty() ? "/" : path;
  if (!content_type.empty()) request.headers.emplace_back("content-type", content_type);
  request.body = body;
  // A transport failure of the app is carried out of the pipeline beside its 500.
  std::optional<Status> transport_error;
  middleware::HttpResponse response = middleware::runPipeline(
      *pipeline, std::move(request), [&](const middleware::HttpRequest& rewritten) {
        std::string type;
        for (const auto& [name, value] : rewritten.headers) {
          if (name == "content-type") type = value;
        }
        auto answer = inner_->call(rewritten.method, rewritten.uri, rewritten.body, type);
        middleware::HttpResponse out;
        if (!answer) {
          transport_error = answer.error();
          out.status = 500;
          out.body = answer.error().message();
          return out;
        }
        out.status = answer->status;
        if (!answer->content_type.empty())
          out.headers.emplace_back("content-type", answer->content_type);
        for (const auto& [name, value] : answer->headers)
          out.headers.emplace_back(lower(name), value);
        out.body = std::move(answer->body);
        return out;
      });
  if (transport_error && response.status == 500) return fail(*transport_error);
  component::AppResponse out;
  out.status = response.status;
  for (auto& [name, value] : response.headers) {
    if (name == "content-type") {
      out.content_type = value;
    } else {
      out.headers.emplace_back(name, value);
    }
  }
  out.body = std::move(response.body);
  return out;
}

}  // namespace lichen::http
