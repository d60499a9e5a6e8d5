// RAII owners of libcurl's C handles (easy, multi, header lists) and the one checking helper
// per result type: a failing call throws core::LibraryError naming the call.
#pragma once
#include <curl/curl.h>

#include <memory>
#include <string>

namespace pc::io::curl {

void check(CURLcode rc, const char* call);
void check(CURLMcode rc, const char* call);
void check(CURLUcode rc, const char* call);

// curl_global_init exactly once per process, before the first handle; never cleaned up
// because other libraries (OpenSSL) may still be in use at exit.
void ensure_global_init();

// Sets one option and checks the result; the option name is passed as text for the message.
#define PC_CURL_SETOPT(handle, option, value) \
  ::pc::io::curl::check(curl_easy_setopt((handle), option, (value)), "curl_easy_setopt(" #option ")")
#define PC_CURLM_SETOPT(handle, option, value) \
  ::pc::io::curl::check(curl_multi_setopt((handle), option, (value)), "curl_multi_setopt(" #option ")")

struct EasyCleanup {
  void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};
struct MultiCleanup {
  void operator()(CURLM* h) const noexcept { curl_multi_cleanup(h); }
};
struct SlistFree {
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};
struct UrlCleanup {
  void operator()(CURLU* u) const noexcept { curl_url_cleanup(u); }
};

using EasyPtr = std::unique_ptr<CURL, EasyCleanup>;
using MultiPtr = std::unique_ptr<CURLM, MultiCleanup>;
using SlistPtr = std::unique_ptr<curl_slist, SlistFree>;
using UrlPtr = std::unique_ptr<CURLU, UrlCleanup>;

EasyPtr make_easy();
MultiPtr make_multi();
UrlPtr make_url();
// Appends a header line; the list owns every line appended.
void append(SlistPtr& list, const std::string& line);

}  // namespace pc::io::curl
