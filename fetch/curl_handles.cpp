// Construction and checking of libcurl handles; the library's own message goes into the error.
#include "fetch/curl_handles.hpp"

#include <mutex>

#include "core/error.hpp"

namespace pc::io::curl {

void check(CURLcode rc, const char* call) {
  if (rc != CURLE_OK) throw core::LibraryError("libcurl", call, curl_easy_strerror(rc));
}

void check(CURLMcode rc, const char* call) {
  if (rc != CURLM_OK) throw core::LibraryError("libcurl", call, curl_multi_strerror(rc));
}

void check(CURLUcode rc, const char* call) {
  if (rc != CURLUE_OK) throw core::LibraryError("libcurl", call, curl_url_strerror(rc));
}

void ensure_global_init() {
  static std::once_flag once;
  std::call_once(once, [] { check(curl_global_init(CURL_GLOBAL_DEFAULT), "curl_global_init"); });
}

EasyPtr make_easy() {
  ensure_global_init();
  EasyPtr h(curl_easy_init());
  if (!h) throw core::LibraryError("libcurl", "curl_easy_init", "returned NULL (out of memory?)");
  return h;
}

MultiPtr make_multi() {
  ensure_global_init();
  MultiPtr h(curl_multi_init());
  if (!h) throw core::LibraryError("libcurl", "curl_multi_init", "returned NULL (out of memory?)");
  return h;
}

UrlPtr make_url() {
  UrlPtr u(curl_url());
  if (!u) throw core::LibraryError("libcurl", "curl_url", "returned NULL (out of memory?)");
  return u;
}

void append(SlistPtr& list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (!grown) throw core::LibraryError("libcurl", "curl_slist_append", "returned NULL (out of memory?)");
  (void)list.release();  // `grown` is the same list with one more line (or a new one)
  list.reset(grown);
}

}  // namespace pc::io::curl
