// Builders for Dapr's HTTP responses: JSON bodies, 204 for "no content", and Dapr's error JSON
// {"errorCode","message"[,"details"]} with the status from the Status table.
#pragma once

#include <string>

#include "api/http/api_types.h"
#include "api/http/json_util.h"
#include "common/status.h"

namespace lichen::http {

ApiResponse jsonResponse(uint16_t status, std::string body);
ApiResponse jsonResponse(uint16_t status, const json::value& value);
ApiResponse emptyResponse();  // 204
ApiResponse errorResponse(const Status& status);
ApiResponse plainResponse(uint16_t status, std::string text);

}  // namespace lichen::http
