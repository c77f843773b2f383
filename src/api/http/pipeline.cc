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
  // Repeated headers as separate values where the lines still agree with the joined map.
  for (const auto& [name, joined] : request.headers) {
    std::string from_lines;
    size_t count = 0;
    for (const auto& [line_name, value] : request.header_lines) {
      if (line_name != name) continue;
      from_lines += (count++ == 0 ? "" : ", ") + value;
    }
    if (count > 1 && from_lines == joined) {
      for (const auto& line : request.header_lines) {
        if (line.first == name) out.headers.push_back(line);
      }
    } else {
      out.headers.emplace_back(name, joined);
    }
  }
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
    out.header_lines.emplace_back(lower(name), value);
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

}  // namespace lichen::http
