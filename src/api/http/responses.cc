#include "api/http/responses.h"

namespace lichen::http {

ApiResponse jsonResponse(uint16_t status, std::string body) {
  return ApiResponse{status, "application/json", std::move(body), {}};
}

ApiResponse jsonResponse(uint16_t status, const json::value& value) {
  return jsonResponse(status, serializeJson(value));
}

ApiResponse emptyResponse() { return ApiResponse{204, "", "", {}}; }

ApiResponse plainResponse(uint16_t status, std::string text) {
  return ApiResponse{status, "text/plain; charset=utf-8", std::move(text), {}};
}

ApiResponse errorResponse(const Status& status) {
  StatusInfo info = status.info();
  json::object body;
  body["errorCode"] = json::string(info.error_code.data(), info.error_code.size());
  body["message"] = status.message();
  if (!info.reason.empty()) {
    json::object error_info;
    error_info["@type"] = "type.googleapis.com/google.rpc.ErrorInfo";
    error_info["reason"] = json::string(info.reason.data(), info.reason.size());
    error_info["domain"] = "dapr.io";
    error_info["metadata"] = nullptr;
    body["details"] = json::array{std::move(error_info)};
  }
  return jsonResponse(info.http_status, json::value(std::move(body)));
}

}  // namespace lichen::http
