// Plain records as bytes, for messages between ranks and for journal records: fixed-width
// integers and doubles little-endian, strings as a 32-bit length and their bytes.
#pragma once
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/error.hpp"

namespace pc::core {

static_assert(std::endian::native == std::endian::little,
              "records are written in the machine's byte order, which must be little-endian");

class ByteWriter {
 public:
  explicit ByteWriter(std::string& out) : out_(out) {}
  template <class T> ByteWriter& put(T value) {
    static_assert(std::is_arithmetic_v<T> || std::is_enum_v<T>);
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out_.append(bytes, sizeof(T));
    return *this;
  }
  ByteWriter& put(std::string_view text) {
    put(static_cast<std::uint32_t>(text.size()));
    out_.append(text);
    return *this;
  }

 private:
  std::string& out_;
};

// Reads what a ByteWriter wrote; a record that ends early is a core::Error (a damaged record
// that passed its checksum, or a bug), never a read past the end.
class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  template <class T> void get(T& value) {
    static_assert(std::is_arithmetic_v<T> || std::is_enum_v<T>);
    need(sizeof(T));
    std::memcpy(&value, in_.data() + at_, sizeof(T));
    at_ += sizeof(T);
  }
  void get(std::string& text) {
    std::uint32_t n = 0;
    get(n);
    need(n);
    text.assign(in_.data() + at_, n);
    at_ += n;
  }
  bool at_end() const { return at_ == in_.size(); }

 private:
  void need(std::size_t n) const {
    if (in_.size() - at_ < n) throw Error("a record ends before its fields do");
  }
  std::string_view in_;
  std::size_t at_ = 0;
};

}  // namespace pc::core
