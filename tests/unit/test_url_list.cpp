// URL lists, URL checks and credential stripping: what is kept, skipped, refused and recorded.
#include <catch2/catch.hpp>

#include <curl/curl.h>

#include <cstdio>
#include <fstream>

#include "core/error.hpp"
#include "fetch/curl_handles.hpp"
#include "fetch/url_list.hpp"
#include "fetch/url_text.hpp"

using pc::io::parse_url_lines;
using Urls = std::vector<std::string>;

TEST_CASE("URL lines: comments, blanks, CRLF, BOM, duplicates", "[fetch]") {
  CHECK(parse_url_lines("").empty());
  CHECK(parse_url_lines("\n\n  \t\r\n# only a comment\n").empty());
  CHECK(parse_url_lines("http://a/1\nhttp://b/2") == Urls{"http://a/1", "http://b/2"});
  CHECK(parse_url_lines("\xEF\xBB\xBFhttp://a/1\r\nhttp://a/1\r\n") == Urls{"http://a/1", "http://a/1"});
  CHECK(parse_url_lines("  http://a/x#frag \t\n   # indented comment\nhttp://c/") ==
        Urls{"http://a/x#frag", "http://c/"});
  // Only a leading BOM is special; one later is part of a (malformed) URL.
  CHECK(parse_url_lines("x\n\xEF\xBB\xBFy").back() == "\xEF\xBB\xBFy");
  CHECK(parse_url_lines("not a url\n").front() == "not a url");
  const std::string nul_inside("http://h/a\0b\nhttp://h/c", 23);
  const Urls with_nul = parse_url_lines(nul_inside);
  CHECK(with_nul == Urls{"http://h/a\x01"
                         "b",
                         "http://h/c"});
  CHECK(pc::io::check_url(with_nul[0]).curl_code == CURLE_URL_MALFORMAT);
}

TEST_CASE("URL list files: read, and refused with a usage error", "[fetch]") {
  const std::string path = "pc_test_urls.txt";
  {
    std::ofstream out(path, std::ios::binary);
    out << "\xEF\xBB\xBF# list\r\nhttp://h/1\r\n\r\nhttps://h/2\r\n";
  }
  CHECK(pc::io::read_url_list(path) == Urls{"http://h/1", "https://h/2"});
  std::remove(path.c_str());
  CHECK_THROWS_AS(pc::io::read_url_list(path), pc::core::UsageError);
  CHECK_THROWS_WITH(pc::io::read_url_list("."), Catch::Contains("is a directory"));
}

TEST_CASE("credentials never survive", "[fetch]") {
  using pc::io::without_credentials;
  CHECK(without_credentials("http://user:secret@h:8080/p?q=a@b") == "http://h:8080/p?q=a@b");
  CHECK(without_credentials("https://tok@h/") == "https://h/");
  CHECK(without_credentials("http://a:b@c@h") == "http://h");
  CHECK(without_credentials("http://h/path@x") == "http://h/path@x");
  CHECK(without_credentials("no scheme@h") == "no scheme@h");
  // One slash is enough for libcurl, which then sends the login: it must go all the same.
  CHECK(without_credentials("http:/user:secret@127.0.0.1:8080/ok") == "http://127.0.0.1:8080/ok");
  // A password holding '#', '/' or '?' makes the URL malformed, but it is recorded all the same.
  for (const char* url : {"http://user:se#cret@h/x", "http://user:se/cret@h/x", "http://user:se?cret@h/x"})
    CHECK(without_credentials(url) == "http://h/x");
  CHECK(without_credentials("ftp://user:secret@h/file") == "ftp://h/file");
  CHECK(without_credentials("results@2026.h5") == "results@2026.h5");  // no scheme: no URL
  // Text in front makes a URL unreadable to libcurl; the login goes all the same.
  CHECK(without_credentials(" http://user:secret@h/x") == " http://h/x");
  CHECK(without_credentials("\"http://user:secret@h/x\"") == "\"http://h/x\"");
  CHECK(without_credentials("user:secret@h/x") == "h/x");
}

TEST_CASE("only http and https are fetched", "[fetch]") {
  using pc::io::check_url;
  CHECK(check_url("http://127.0.0.1:1/x").curl_code == 0);
  CHECK(check_url("HTTPS://example.org").curl_code == 0);
  CHECK(check_url("file:///etc/passwd").curl_code == CURLE_UNSUPPORTED_PROTOCOL);
  CHECK(check_url("gopher://h/").error == "scheme 'gopher' refused (accepted: http, https)");
  CHECK(check_url("ftp://h/f").curl_code == CURLE_UNSUPPORTED_PROTOCOL);
  CHECK(check_url("example.org/x").curl_code == CURLE_URL_MALFORMAT);
  CHECK(check_url("http://exa mple.org").curl_code == CURLE_URL_MALFORMAT);
  CHECK(check_url("http://").curl_code == CURLE_URL_MALFORMAT);
  // Checks share one parser per thread: a relative URL is never resolved against the last one.
  CHECK(check_url("http://h/a/b").curl_code == 0);
  CHECK(check_url("/c").curl_code == CURLE_URL_MALFORMAT);
  CHECK(check_url("c?q=1").curl_code == CURLE_URL_MALFORMAT);
  CHECK(pc::io::origin_of("/c") == "");
  CHECK(check_url("Http://h/").curl_code == 0);
  CHECK(check_url("http:/h/").curl_code == 0);  // libcurl accepts one slash; the scheme is still http
  CHECK(pc::io::origin_of("http://u:p@Example.ORG:81/x") == "http://example.org:81");
  CHECK(pc::io::origin_of("HTTPS://h/x?q") == "https://h:443");
  CHECK(pc::io::origin_of("http://exa mple") == "");
}

TEST_CASE("the plain-URL shortcut accepts only what libcurl's parser accepts", "[fetch]") {
  using pc::io::plainly_http;
  CHECK(plainly_http("http://127.0.0.1:8080/1k.bin"));
  CHECK(plainly_http("HTTPS://Example.org"));
  CHECK(plainly_http("https://h.example.org/a/b?q=1&r=%20#frag"));
  CHECK_FALSE(plainly_http("ftp://h/"));
  CHECK_FALSE(plainly_http("http://u:p@h/"));  // credentials: libcurl decides
  CHECK_FALSE(plainly_http("http://[::1]/"));
  CHECK_FALSE(plainly_http("http://h:65536/"));
  CHECK_FALSE(plainly_http("http://"));
  // Every combination of these pieces: where the shortcut says yes, libcurl must too.
  const char* schemes[] = {"http://", "HTTPS://", "https://", "ftp://", "http:/", "http:", "htp://"};
  const char* hosts[] = {"h",     "127.0.0.1", "a..b", "-a",    "h.-",          "",
                         "[::1]", "u:p@h",     "h_x",  "ex%41", "\xc3\xa9.org", "h:"};
  const char* ports[] = {"", ":", ":0", ":80", ":65535", ":65536", ":00080", ":999999", ":8a", "::"};
  const char* tails[] = {"", "/", "/x?q=1#f", "?q", "#f", "/\xc3\xa9", "/\\x", "/{}", "x", "/%zz", "@h"};
  int shortcut = 0;
  for (const char* scheme : schemes)
    for (const char* host : hosts)
      for (const char* port : ports)
        for (const char* tail : tails) {
          const std::string url = std::string(scheme) + host + port + tail;
          if (!plainly_http(url)) continue;
          ++shortcut;
          pc::io::curl::UrlPtr u = pc::io::curl::make_url();
          INFO(url);
          CHECK(curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) == CURLUE_OK);
        }
  CHECK(shortcut > 100);  // the shortcut is taken for the plain shapes, not only refused
}

TEST_CASE("a URL is recorded as valid UTF-8: its invalid bytes percent-encoded, its credentials gone", "[fetch]") {
  const std::pair<const char*, const char*> given_and_recorded[] = {
      {"http://h/caf\xC3\xA9", "http://h/caf\xC3\xA9"},  // valid UTF-8 is kept
      {"http://h/caf\xE9/\xFF\xFE", "http://h/caf%E9/%FF%FE"},
      {"http://u:pw@h/\xFF", "http://h/%FF"},
      {"not a url \x80", "not a url %80"},
  };
  for (const auto& [given, recorded] : given_and_recorded) CHECK(pc::io::recorded_url(given) == recorded);
}
