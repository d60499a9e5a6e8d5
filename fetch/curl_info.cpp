// Reads curl_version_info; no transfer is made.
#include "fetch/curl_info.hpp"

#include <curl/curl.h>

namespace pc::io {

std::string curl_version() { return std::string("libcurl ") + curl_version_info(CURLVERSION_NOW)->version; }

std::string curl_features() {
  const curl_version_info_data* v = curl_version_info(CURLVERSION_NOW);
  auto yes = [&](int bit) { return (v->features & bit) ? "yes" : "no"; };
  std::string out = std::string("ssl=") + (v->ssl_version ? v->ssl_version : "none");
  out += std::string(" http2=") + yes(CURL_VERSION_HTTP2);
  out += std::string(" async-dns=") + yes(CURL_VERSION_ASYNCHDNS);
  out += std::string(" ipv6=") + yes(CURL_VERSION_IPV6);
  out += std::string(" zlib=") + yes(CURL_VERSION_LIBZ);
  return out;
}

}  // namespace pc::io
