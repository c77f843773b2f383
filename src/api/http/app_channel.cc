#include "api/http/app_channel.h"

#include <boost/asio.hpp>
#include <chrono>

namespace lichen::http {

bool appReachable(const std::string& address, uint16_t port, int timeout_ms) {
  namespace asio = boost::asio;
  boost::system::error_code ec;
  asio::ip::address ip = asio::ip::make_address(address, ec);
  if (ec) return false;
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  bool connected = false;
  socket.async_connect(
      asio::ip::tcp::endpoint(ip, port),
      [&connected](const boost::system::error_code& error) { connected = !error; });
  ioc.run_for(std::chrono::milliseconds(timeout_ms));
  return connected;
}

}  // namespace lichen::http
