// The `lichen` host module's outbound HTTP (http_request, v2): the guest's request goes through
// host::OutboundHttp, so the allow-list, the deadline and the body limit are the host's, and
// the answer comes back as two handles (body, headers as pairs).
#include "app/host_abi.h"
#include "app/host_abi_detail.h"

namespace lichen::app {

void addOutboundHttp(wasm::HostModule& m, const host::OutboundHttp& http) {
  m.func("http_request",
         [&http](wasm::HostCall& call, uint32_t mp, uint32_t ml, uint32_t up, uint32_t ul,
                 uint32_t hp, uint32_t hl, uint32_t bp, uint32_t bl, uint32_t out) -> int32_t {
           AppInstance& inst = AppInstance::of(call);
           GuestReader read{call};
           host::OutboundRequest request;
           request.method = read(mp, ml);
           request.url = read(up, ul);
           std::string headers = read(hp, hl);
           request.body = read(bp, bl);
           if (!read.ok || !call.guestMemory().at(out, 8)) {
             return badPointer(inst, "http_request");
           }
           auto pairs = decodePairs(headers);
           if (!pairs) {
             return inst.fail(kInvalidArgument, "http_request: headers are not a list of pairs");
           }
           request.headers = std::move(*pairs);
           auto response = http.send(request, inst.deadline);
           if (!response) {
             static constexpr int32_t kCodes[] = {kNotAllowed, kInvalidArgument, kFailed, kLimit};
             return inst.fail(kCodes[response.error().kind],
                              "http_request: " + response.error().message);
           }
           int32_t body = holdResult(inst, std::move(response->body));
           if (body < 0) return body;
           int32_t header_list = holdResult(inst, encodePairs(response->headers));
           if (header_list < 0) {
             inst.drop(body);
             return header_list;
           }
           call.guestMemory().store<int32_t>(out, body);
           call.guestMemory().store<int32_t>(out + 4, header_list);
           return response->status;
         });
}

}  // namespace lichen::app
