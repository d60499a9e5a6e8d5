// A fetch row's recorded columns, listed once, in the order every format shows them: the
// results file's datasets, the JSON rows and the records sent between ranks all walk this.
#pragma once
#include "fetch/fetch.hpp"

namespace pc::io {

// Calls visit(name, member pointer) for each recorded column of FetchRow.
template <class Visit> void for_each_fetch_column(Visit&& visit) {
  visit("url", &FetchRow::url);
  visit("final_url", &FetchRow::final_url);
  visit("status", &FetchRow::status);
  visit("curl_code", &FetchRow::curl_code);
  visit("error", &FetchRow::error);
  visit("bytes", &FetchRow::bytes);
  visit("seconds", &FetchRow::seconds);
  visit("ttfb", &FetchRow::ttfb);
  visit("attempts", &FetchRow::attempts);
  visit("sha256", &FetchRow::sha256);
  visit("http_version", &FetchRow::http_version);
  visit("connects", &FetchRow::connects);
  visit("rank", &FetchRow::rank);
}

}  // namespace pc::io
