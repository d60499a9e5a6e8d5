// UTF-8 validity and the two escaped forms of text that is not: \xFF for stored text, %FF
// for URLs.
#include <catch2/catch.hpp>

#include "core/utf8.hpp"

using pc::core::escape_invalid_utf8;
using pc::core::is_utf8;
using pc::core::utf8_sequence;

TEST_CASE("valid UTF-8 sequences are measured by their lead byte") {
  CHECK(utf8_sequence("a") == 1);
  CHECK(utf8_sequence(std::string_view("\0", 1)) == 1);
  CHECK(utf8_sequence("\xC3\xA9") == 2);           // é
  CHECK(utf8_sequence("\xE2\x82\xAC") == 3);       // €
  CHECK(utf8_sequence("\xF0\x9F\x98\x80x") == 4);  // U+1F600, then more text
  CHECK(utf8_sequence("\xF4\x8F\xBF\xBF") == 4);   // U+10FFFF, the last code point
  CHECK(utf8_sequence("") == 0);
}

TEST_CASE("invalid UTF-8: stray, overlong, surrogate, too large, cut short") {
  for (const char* bad : {"\x80", "\xBF", "\xC0\x80", "\xC1\xBF", "\xE0\x9F\xBF", "\xED\xA0\x80", "\xF0\x8F\xBF\xBF",
                          "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF", "\xC3", "\xE2\x82", "\xE2\x28\xA1"}) {
    INFO(bad);
    CHECK(utf8_sequence(bad) == 0);
    CHECK_FALSE(is_utf8(bad));
  }
  CHECK(is_utf8(""));
  CHECK(is_utf8("plain ascii, caf\xC3\xA9, \xE2\x82\xAC"));
}

TEST_CASE("each invalid byte becomes 0xFF, valid text is kept as it is") {
  CHECK(escape_invalid_utf8("caf\xC3\xA9") == "caf\xC3\xA9");
  CHECK(escape_invalid_utf8("caf\xE9") == "caf\\xE9");
  CHECK(escape_invalid_utf8("/a\xFF\xFE/b") == "/a\\xFF\\xFE/b");
  CHECK(escape_invalid_utf8("\xE2\x82") == "\\xE2\\x82");                 // cut short: each byte
  CHECK(escape_invalid_utf8("\xC0\xAF") == "\\xC0\\xAF");                 // overlong '/'
  CHECK(escape_invalid_utf8("\xE2\x82\xAC\x80") == "\xE2\x82\xAC\\x80");  // a valid € kept
  CHECK(is_utf8(escape_invalid_utf8("\x80\xC3\xA9\xFF")));
}

TEST_CASE("the percent form of invalid bytes") {
  CHECK(pc::core::replace_invalid_utf8("http://h/caf\xE9?q=\xC3\xA9", pc::core::append_percent_escape) ==
        "http://h/caf%E9?q=\xC3\xA9");
}
