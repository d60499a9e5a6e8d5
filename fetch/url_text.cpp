// URL checks through libcurl's own parser (CURLU), so "accepted here" means "libcurl agrees";
// the common shape is recognised first without it (plainly_http: a subset of what libcurl
// accepts, tested against it).
#include "fetch/url_text.hpp"

#include <algorithm>
#include <cctype>

#include "core/utf8.hpp"
#include "fetch/curl_handles.hpp"

namespace pc::io {

namespace {

// `url` parsed into this thread's CURLU (one per thread, reused: URL checks run for every
// line of a list); "" on success, else libcurl's reason. The handle is cleared first, or a
// relative URL would be resolved against the previous one and pass.
std::string parse(const std::string& url, CURLU*& out) {
  thread_local const curl::UrlPtr u = curl::make_url();
  out = u.get();
  (void)curl_url_set(out, CURLUPART_URL, nullptr, 0);  // clears every part (libcurl >= 7.85)
  // Any scheme parses so that a refused one is reported as refused, not as malformed.
  const CURLUcode rc = curl_url_set(out, CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME);
  return rc == CURLUE_OK ? "" : curl_url_strerror(rc);
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  return true;
}

// The length of a leading "http://" or "https://" (any case), else 0.
std::size_t http_prefix(std::string_view url) {
  return starts_with_nocase(url, "http://") ? 7 : starts_with_nocase(url, "https://") ? 8 : 0;
}

bool host_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-'; }

// One part of a parsed URL as libcurl writes it; "" when it has none.
std::string text_of(CURLU* u, CURLUPart which, unsigned int flags = 0) {
  char* text = nullptr;
  if (curl_url_get(u, which, &text, flags) != CURLUE_OK || !text) return "";
  std::string out(text);
  curl_free(text);
  return out;
}

std::string part(CURLU* u, CURLUPart which, unsigned int flags = 0) {
  std::string out = text_of(u, which, flags);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

std::string without_credentials(std::string_view url) {
  if (url.find('@') == std::string_view::npos) return std::string(url);  // most URLs: nothing to strip
  // Where libcurl reads a user, password or login options, they are removed and the URL read
  // back from libcurl (so also "http:/user:pw@host/", which libcurl accepts).
  CURLU* u = nullptr;
  if (parse(std::string(url), u).empty()) {
    bool login = false;
    for (CURLUPart which : {CURLUPART_USER, CURLUPART_PASSWORD, CURLUPART_OPTIONS}) {
      char* text = nullptr;
      if (curl_url_get(u, which, &text, 0) == CURLUE_OK) login = true;
      curl_free(text);
      (void)curl_url_set(u, which, nullptr, 0);
    }
    if (!login) return std::string(url);  // the '@' is in the path, query or fragment
    if (std::string out = text_of(u, CURLUPART_URL); !out.empty()) return out;
  }
  // Not a URL libcurl can read (a password holding '/', '?' or '#' makes it one, and so does
  // text in front of it): everything from after the first ":/" and its slashes up to the last
  // '@' goes; with no ":/", from the start, if a ':' comes before that '@' ("user:pw@host").
  const std::size_t at = url.rfind('@');
  std::size_t start = url.find(":/");
  if (start < at) {
    start += 1;
    while (start < at && url[start] == '/') ++start;
  } else if (url.substr(0, at).find(':') != std::string_view::npos) {
    start = 0;
  } else {
    return std::string(url);  // "results@2026.h5": no login in it
  }
  return std::string(url.substr(0, start)) + std::string(url.substr(at + 1));
}

std::string recorded_url(std::string_view url) {
  std::string out = without_credentials(url);
  return core::is_utf8(out) ? out : core::replace_invalid_utf8(out, core::append_percent_escape);
}

bool plainly_http(std::string_view url) {
  if (url.size() > 65536) return false;
  std::size_t at = http_prefix(url);
  if (at == 0) return false;
  const std::size_t host = at;
  while (at < url.size() && host_char(url[at])) ++at;
  if (at == host) return false;
  if (at < url.size() && url[at] == ':') {
    const std::size_t digits = ++at;
    long port = 0;
    while (at < url.size() && at - digits < 6 && std::isdigit(static_cast<unsigned char>(url[at])))
      port = port * 10 + (url[at++] - '0');
    if (at - digits > 5 || port > 65535) return false;
  }
  if (at < url.size() && url[at] != '/' && url[at] != '?' && url[at] != '#') return false;
  return std::all_of(url.begin() + static_cast<std::ptrdiff_t>(at), url.end(),
                     [](char c) { return c > 0x20 && c < 0x7f; });
}

UrlVerdict check_url(const std::string& url) {
  for (unsigned char c : url)
    if (c <= 0x20 || c == 0x7f) return {CURLE_URL_MALFORMAT, "malformed URL: contains a space or control character"};
  if (plainly_http(url)) return {};  // the common shape: no need to ask libcurl's parser
  CURLU* u = nullptr;
  if (const std::string why = parse(url, u); !why.empty())
    return {CURLE_URL_MALFORMAT, "malformed URL: " + why + " (accepted: http:// or https:// URLs)"};
  if (http_prefix(url) > 0) return {};  // parsed, with that scheme
  const std::string scheme = part(u, CURLUPART_SCHEME);
  if (scheme != "http" && scheme != "https")
    return {CURLE_UNSUPPORTED_PROTOCOL, "scheme '" + scheme + "' refused (accepted: http, https)"};
  return {};
}

std::string origin_of(const std::string& url) {
  CURLU* u = nullptr;
  if (!parse(url, u).empty()) return "";
  return part(u, CURLUPART_SCHEME) + "://" + part(u, CURLUPART_HOST) + ":" +
         part(u, CURLUPART_PORT, CURLU_DEFAULT_PORT);
}

}  // namespace pc::io
