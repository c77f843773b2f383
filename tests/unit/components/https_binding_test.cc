// bindings.http over TLS: a local HTTPS server with a certificate made for the test; the
// binding trusts it through MTLSRootCA, checks the host name, and refuses it without.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>

#include "components/bindings/http/http_binding.h"

namespace lichen::components {
namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;

struct TestCertificate {
  std::string cert_pem, key_pem;
};

std::string toPem(int (*write)(BIO*, void*), void* object) {
  BIO* bio = BIO_new(BIO_s_mem());
  write(bio, object);
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(size));
  BIO_free(bio);
  return out;
}

// A self-signed certificate for the names in `san` ("DNS:localhost,IP:127.0.0.1").
TestCertificate makeCertificate(const char* names) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name, names);
  X509_add_ext(cert, san, -1);
  X509_EXTENSION_free(san);
  X509_sign(cert, key, EVP_sha256());
  TestCertificate out;
  out.cert_pem =
      toPem([](BIO* bio, void* x) { return PEM_write_bio_X509(bio, static_cast<X509*>(x)); }, cert);
  out.key_pem = toPem(
      [](BIO* bio, void* k) {
        return PEM_write_bio_PrivateKey(bio, static_cast<EVP_PKEY*>(k), nullptr, nullptr, 0,
                                        nullptr, nullptr);
      },
      key);
  X509_free(cert);
  EVP_PKEY_free(key);
  return out;
}

// Serves `connections` TLS connections, one request each, then ends.
class HttpsServer {
 public:
  HttpsServer(const TestCertificate& certificate, int connections)
      : context_(asio::ssl::context::tls_server),
        acceptor_(ioc_, {asio::ip::make_address("127.0.0.1"), 0}) {
    context_.use_certificate_chain(asio::buffer(certificate.cert_pem));
    context_.use_private_key(asio::buffer(certificate.key_pem), asio::ssl::context::pem);
    thread_ = std::thread([this, connections] {
      for (int i = 0; i < connections; ++i) serveOne();
    });
  }
  ~HttpsServer() {
    // Unblocks an accept still waiting (a client that never came), then joins.
    for (int i = 0; i < 4 && thread_.joinable(); ++i) {
      asio::ip::tcp::socket poke(ioc_);
      boost::system::error_code ec;
      poke.connect(acceptor_.local_endpoint(), ec);
    }
    thread_.join();
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }

 private:
  void serveOne() {
    boost::system::error_code ec;
    asio::ip::tcp::socket socket(ioc_);
    acceptor_.accept(socket, ec);
    if (ec) return;
    asio::ssl::stream<asio::ip::tcp::socket> stream(std::move(socket), context_);
    stream.handshake(asio::ssl::stream_base::server, ec);
    if (ec) return;  // a client that refused our certificate
    boost::beast::flat_buffer buffer;
    bhttp::request<bhttp::string_body> request;
    bhttp::read(stream, buffer, request, ec);
    if (ec) return;
    bhttp::response<bhttp::string_body> response(bhttp::status::ok, 11);
    response.set("X-Secure", "yes");
    response.body() = "secure " + std::string(request.target());
    response.prepare_payload();
    bhttp::write(stream, response, ec);
    stream.shutdown(ec);
  }

  asio::io_context ioc_;
  asio::ssl::context context_;
  asio::ip::tcp::acceptor acceptor_;
  std::thread thread_;
};

TEST(HttpsBindingTest, TrustsTheGivenRootAndChecksTheHostName) {
  TestCertificate certificate = makeCertificate("DNS:localhost,IP:127.0.0.1");
  HttpsServer server(certificate, 3);
  auto make = [&](const std::string& host, bool trust, uint16_t port = 0) {
    component::Properties properties;
    properties.set("url",
                   "https://" + host + ":" + std::to_string(port ? port : server.port()) + "/api");
    if (trust) properties.set("MTLSRootCA", certificate.cert_pem);
    auto binding = std::make_unique<HttpBinding>();
    EXPECT_TRUE(binding->init(properties));
    return binding;
  };
  auto ok = make("localhost", true)->invoke({"get", "", {{"path", "x"}}});
  ASSERT_TRUE(ok.ok()) << ok.error.message();
  EXPECT_EQ(ok.response->data, "secure /api/x");
  EXPECT_EQ(ok.response->metadata.at("X-Secure"), "yes");
  EXPECT_EQ(ok.response->metadata.at("statusCode"), "200");
  // The system store does not know the test's certificate.
  auto untrusted = make("localhost", false)->invoke({"get", "", {}});
  ASSERT_FALSE(untrusted.ok());
  EXPECT_NE(untrusted.error.message().find("tls"), std::string::npos) << untrusted.error.message();
  auto by_ip = make("127.0.0.1", true)->invoke({"get", "", {}});
  EXPECT_TRUE(by_ip.ok()) << by_ip.error.message();
  // Trusted, but issued for another name than the one asked for.
  TestCertificate elsewhere = makeCertificate("DNS:elsewhere.test");
  HttpsServer other(elsewhere, 1);
  component::Properties properties;
  properties.set("url", "https://localhost:" + std::to_string(other.port()) + "/");
  properties.set("MTLSRootCA", elsewhere.cert_pem);
  HttpBinding binding;
  ASSERT_TRUE(binding.init(properties));
  auto wrong_name = binding.invoke({"get", "", {}});
  ASSERT_FALSE(wrong_name.ok());
  EXPECT_NE(wrong_name.error.message().find("tls"), std::string::npos)
      << wrong_name.error.message();
}

}  // namespace
}  // namespace lichen::components
