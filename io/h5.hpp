// Thin RAII wrappers over the HDF5 C API: every handle closes itself, every call is checked
// and a failure throws core::LibraryError naming the call and HDF5's innermost message.
#pragma once
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace pc::io::h5 {

herr_t check(herr_t rc, const char* call);
hid_t check_id(hid_t id, const char* call);
// The HDF5 library version, e.g. "1.10.8", and whether it was built with MPI-IO.
std::string library_version();
bool library_is_parallel();

// One owned hid_t and the function that closes it.
class Handle {
 public:
  Handle() = default;
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  Handle(Handle&& o) noexcept : id_(std::exchange(o.id_, H5I_INVALID_HID)), close_(o.close_) {}
  Handle& operator=(Handle&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = std::exchange(o.id_, H5I_INVALID_HID);
      close_ = o.close_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }
  hid_t id() const { return id_; }
  void close();  // checked; the destructor closes unchecked

 private:
  void reset() noexcept;
  hid_t id_ = H5I_INVALID_HID;
  herr_t (*close_)(hid_t) = nullptr;
};

class Type : public Handle {
 public:
  using Handle::Handle;
  static Type copy_of(hid_t predefined);
  static Type utf8_string();                        // variable length
  static Type utf8_string(std::size_t fixed_size);  // NUL-padded, `fixed_size` bytes
};

class Space : public Handle {
 public:
  using Handle::Handle;
  static Space scalar();
  static Space simple(const std::vector<hsize_t>& dims);
  std::vector<hsize_t> dims() const;
  std::size_t elements() const;  // 0 for a null dataspace (no elements, not a scalar)
};

class PropList : public Handle {
 public:
  using Handle::Handle;
  static PropList create(hid_t cls);
};

// Numeric element types the wrappers map to HDF5 native types.
template <class T> hid_t native();
template <> inline hid_t native<std::int32_t>() { return H5T_NATIVE_INT32; }
template <> inline hid_t native<std::int64_t>() { return H5T_NATIVE_INT64; }
template <> inline hid_t native<std::uint8_t>() { return H5T_NATIVE_UINT8; }
template <> inline hid_t native<std::uint64_t>() { return H5T_NATIVE_UINT64; }
template <> inline hid_t native<double>() { return H5T_NATIVE_DOUBLE; }

// An attribute value: integer (unsigned ones as uint64, so that 2**64-1 reads back), real,
// text or a list of texts. An attribute with no elements, of any type, reads as an empty list.
using Value = std::variant<std::int64_t, std::uint64_t, double, std::string, std::vector<std::string>>;
std::string to_text(const Value& v);

class Dataset : public Handle {
 public:
  using Handle::Handle;
  Space space() const;
  std::vector<hsize_t> dims() const;
  std::string type_name() const;  // "uint64", "float64", "string", ...
  // The first `limit` elements of a 1-D dataset, each as text (numbers, strings); empty for
  // other ranks.
  std::vector<std::string> head_as_text(std::size_t limit) const;
};

// A link as stored, not followed: soft and external links may point nowhere.
struct Link {
  enum class Kind { hard, soft, external, other };
  std::string name;
  Kind kind = Kind::hard;
  std::string target;  // soft: the path; external: "FILE:PATH"; otherwise empty
};

// What a hard link leads to, and where the object lives: two links with the same `file` and
// `address` are the same object (how a group that contains itself is recognised).
struct ObjectInfo {
  H5O_type_t type = H5O_TYPE_UNKNOWN;
  unsigned long file = 0;
  haddr_t address = HADDR_UNDEF;
};

// A file or a group: where attributes, datasets and groups live.
class Location : public Handle {
 public:
  using Handle::Handle;
  class Group create_group(const std::string& name) const;
  class Group open_group(const std::string& name) const;
  Dataset open_dataset(const std::string& name) const;
  bool has(const std::string& name) const;
  std::vector<std::string> children() const;  // link names, in creation order where tracked
  std::vector<Link> links() const;            // the same order
  // The object a hard link `name` leads to ("." for this location itself).
  ObjectInfo object_info(const std::string& name) const;

  // Text attributes are stored as valid UTF-8, each invalid byte as \xFF.
  void set_attr(const std::string& name, const Value& value) const;
  Value attr(const std::string& name) const;
  std::vector<std::string> attr_names() const;
  bool has_attr(const std::string& name) const;

  // A 1-D dataset of the values (a Column written at once).
  template <class T> void write(const std::string& name, const std::vector<T>& values) const;
  // UTF-8 strings, stored as StringLayout says.
  void write(const std::string& name, const std::vector<std::string_view>& values) const;
  void write(const std::string& name, const std::vector<std::string>& values) const;

  template <class T> std::vector<T> read(const std::string& name) const {
    Dataset d = open_dataset(name);
    std::vector<T> out(element_count(d));
    read_raw(d, native<T>(), out.data());
    return out;
  }
  std::vector<std::string> read_strings(const std::string& name) const;

 private:
  static std::size_t element_count(const Dataset& d);
  static void read_raw(const Dataset& d, hid_t type, void* out);
};

// How a dataset of strings is stored, learned from every string it will hold, before it is
// made: fixed length (NUL-padded to the longest) when that takes at most twice the space
// variable-length storage would (about 32 bytes a string more than its text), else variable
// length. Fixed-length strings are written several times faster; h5py's `.asstr()` and
// read_strings read both. Text that is not valid UTF-8 is stored with each invalid byte as
// \xFF (as by set_attr), so that every reader can decode it; add() counts it so.
class StringLayout {
 public:
  void add(std::string_view s);
  bool fixed() const;
  std::size_t width() const { return width_; }  // of a fixed-length string

 private:
  std::size_t count_ = 0, width_ = 1, text_ = 0;
};

// A 1-D dataset made at its full length and then written in consecutive blocks: a table too
// big to hold at once is written a block of rows at a time. close() checks that every
// element was written.
class Column {
 public:
  template <class T> static Column of(const Location& at, const std::string& name, std::size_t length) {
    return Column(at, name, length, Type::copy_of(native<T>()), false, 0);
  }
  static Column strings(const Location& at, const std::string& name, std::size_t length, const StringLayout& layout);
  template <class T> void append(const std::vector<T>& values) {
    append_raw(native<T>(), values.size(), values.data());
  }
  void append(const std::vector<std::string_view>& values);
  void close();

 private:
  Column(const Location& at, const std::string& name, std::size_t length, Type type, bool fixed, std::size_t width);
  void append_raw(hid_t type, std::size_t n, const void* data);
  Type type_;
  Dataset d_;
  std::string name_;
  std::size_t length_ = 0, written_ = 0, width_ = 0;
  bool fixed_ = false;
};

template <class T> void Location::write(const std::string& name, const std::vector<T>& values) const {
  Column c = Column::of<T>(*this, name, values.size());
  c.append(values);
  c.close();
}

class Group : public Location {
 public:
  using Location::Location;
};

class File : public Location {
 public:
  using Location::Location;
  // Exclusively: fails if anything, even a dangling link, has the name.
  static File create(const std::string& path);
  static File open_readonly(const std::string& path);
  // Datasets, groups, named types and attributes of this file open through this handle.
  std::size_t open_objects() const;
  static bool is_hdf5(const std::string& path);  // whether it starts like one
};

}  // namespace pc::io::h5
