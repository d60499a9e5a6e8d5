// What parcompute will and will not fetch, decided per URL before any request, and the form
// in which a URL is recorded (never with the user:password it was given; always UTF-8).
#pragma once
#include <string>
#include <string_view>

namespace pc::io {

// `url` without any user, password or login options: unchanged when it has no '@', else as
// libcurl reads and writes it back without them; text libcurl cannot read loses everything
// between its scheme (or its start, for "user:pw@host") and its last '@'.
std::string without_credentials(std::string_view url);

// `url` as a row records it: without_credentials, and each byte that is not part of valid
// UTF-8 percent-encoded (caf\xE9 becomes caf%E9), which a server decodes to the same bytes,
// so the text is valid UTF-8 for every reader (h5py's .asstr(), JSON) and loses nothing.
std::string recorded_url(std::string_view url);

// Why `url` is not fetched: {0, ""} when it is an http or https URL libcurl can parse;
// else a curl code (CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL) and a message.
struct UrlVerdict {
  int curl_code = 0;
  std::string error;
};
UrlVerdict check_url(const std::string& url);

// True when `url` has the common shape that libcurl's parser always accepts, checked without
// it: http:// or https:// (any case), a host of letters, digits, dots and hyphens, an
// optional port of at most 5 digits up to 65535, then nothing or /, ? or # and printable
// ASCII. check_url asks libcurl's parser, which costs far more, only for the rest.
bool plainly_http(std::string_view url);

// "scheme://host:port" of a URL, lower-cased, the port made explicit ("" when libcurl cannot
// parse it): the URLs that can share connections share it.
std::string origin_of(const std::string& url);

}  // namespace pc::io
