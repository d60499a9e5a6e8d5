// URL checks through libcurl's own parser (CURLU), so "accepted here" means "libcurl agrees".
#include "io/url_text.hpp"

#include <algorithm>
#include <cctype>

#include "io/curl_handles.hpp"

namespace pc::io {

std::string without_credentials(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  const std::size_t start = scheme_end + 3;
  const std::size_t authority_end = std::min(url.find_first_of("/?#", start), url.size());
  const std::string_view authority = url.substr(start, authority_end - start);
  const std::size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  return std::string(url.substr(0, start)) + std::string(url.substr(start + at + 1));
}

namespace {

// Parses `url` into `u`; "" on success, else libcurl's reason.
std::string parse(CURLU* u, const std::string& url) {
  // Any scheme parses so that a refused one is reported as refused, not as malformed.
  const CURLUcode rc = curl_url_set(u, CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME);
  return rc == CURLUE_OK ? "" : curl_url_strerror(rc);
}

std::string part(CURLU* u, CURLUPart which, unsigned int flags = 0) {
  char* text = nullptr;
  if (curl_url_get(u, which, &text, flags) != CURLUE_OK || !text) return "";
  std::string out(text);
  curl_free(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

UrlVerdict check_url(const std::string& url) {
  for (unsigned char c : url)
    if (c <= 0x20 || c == 0x7f) return {CURLE_URL_MALFORMAT, "malformed URL: contains a space or control character"};
  curl::UrlPtr u = curl::make_url();
  if (const std::string why = parse(u.get(), url); !why.empty())
    return {CURLE_URL_MALFORMAT, "malformed URL: " + why + " (accepted: http:// or https:// URLs)"};
  const std::string scheme = part(u.get(), CURLUPART_SCHEME);
  if (scheme != "http" && scheme != "https")
    return {CURLE_UNSUPPORTED_PROTOCOL, "scheme '" + scheme + "' refused (accepted: http, https)"};
  return {};
}

std::string origin_of(const std::string& url) {
  curl::UrlPtr u = curl::make_url();
  if (!parse(u.get(), url).empty()) return "";
  return part(u.get(), CURLUPART_SCHEME) + "://" + part(u.get(), CURLUPART_HOST) + ":" +
         part(u.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
}

}  // namespace pc::io
