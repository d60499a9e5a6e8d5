// core::printable: what a terminal would act on is escaped, other UTF-8 is left alone.
#include <catch2/catch.hpp>

#include "core/printable.hpp"

using pc::core::printable;

TEST_CASE("plain text and well-formed UTF-8 pass through unchanged") {
  CHECK(printable("") == "");
  CHECK(printable("sumsq result_lo 332833500") == "sumsq result_lo 332833500");
  CHECK(printable("ünïcode ∑ 😀 \u00a0") == "ünïcode ∑ 😀 \u00a0");
}

TEST_CASE("control characters, DEL, C1 controls and the backslash are escaped") {
  CHECK(printable("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m");
  CHECK(printable("a\nb\tc\rd") == "a\\nb\\tc\\rd");
  CHECK(printable(std::string("nul\0end", 7)) == "nul\\x00end");
  CHECK(printable("\x7f \x07") == "\\x7f \\x07");
  CHECK(printable("\u009b2J \u0085") == "\\u009b2J \\u0085");
  CHECK(printable("C:\\path") == "C:\\\\path");
}

TEST_CASE("bytes that are not well-formed UTF-8 are escaped one by one") {
  CHECK(printable("ok\xff\xfe") == "ok\\xff\\xfe");
  CHECK(printable("\xc3") == "\\xc3");                             // truncated sequence at the end
  CHECK(printable("\xc3(") == "\\xc3(");                           // bad continuation byte
  CHECK(printable("\xc0\xaf") == "\\xc0\\xaf");                    // overlong '/'
  CHECK(printable("\xe0\x80\xaf") == "\\xe0\\x80\\xaf");           // overlong, three bytes
  CHECK(printable("\xed\xa0\x80") == "\\xed\\xa0\\x80");           // a UTF-16 surrogate
  CHECK(printable("\xf4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
  CHECK(printable("\xf0\x9f\x98") == "\\xf0\\x9f\\x98");           // four-byte sequence cut short
}

TEST_CASE("a shell word is bare, single-quoted, or in $'...' when it holds control bytes") {
  using pc::core::shell_word;
  CHECK(shell_word("run-1/a.h5") == "run-1/a.h5");
  CHECK(shell_word("") == "''");
  CHECK(shell_word("$(rm -rf ~) `id` ; *") == "'$(rm -rf ~) `id` ; *'");
  CHECK(shell_word("it's") == "'it'\\''s'");
  CHECK(shell_word("a\\b \xc3\xa9") == "'a\\b \xc3\xa9'");  // backslash and UTF-8 are plain in quotes
  CHECK(shell_word("a\nb's\\") == "$'a\\nb\\'s\\\\'");
  CHECK(shell_word("\x1b[2J\t\xff") == "$'\\x1b[2J\\t\\xff'");
  CHECK(shell_word("\xc2\x85") == "$'\\xc2\\x85'");  // a C1 control as its bytes, whatever bash's locale
}
