// What the linked libcurl is: version and the features parcompute cares about.
#pragma once
#include <string>

namespace pc::io {

std::string curl_version();   // e.g. "libcurl 7.88.1"
std::string curl_features();  // e.g. "ssl=OpenSSL/3.0.11 http2=yes async-dns=yes"

}  // namespace pc::io
