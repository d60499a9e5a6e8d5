// The one checked place for every HDF5 C call parcompute makes.
#include "io/h5.hpp"

#include <algorithm>
#include <cstring>
#include <deque>

#include "core/error.hpp"
#include "core/utf8.hpp"

namespace pc::io::h5 {

namespace {

// HDF5 prints its error stack to stderr by default; parcompute reports errors itself. Its
// clean-up at exit closes every file still open; after a close that failed (a full disk)
// that clean-up crashes (SIGSEGV in H5F__close_cb), so it is turned off: parcompute closes
// its files itself, checked, and removes what it could not finish.
const bool kSilenced = [] {
  H5dont_atexit();
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  return true;
}();

// HDF5's innermost message, made one line. A failed system call is described as
// "what: name = ..., errno = 28, error message = 'No space left on device', ...": that
// becomes "what: No space left on device".
std::string one_line(std::string desc) {
  const std::string key = "error message = '";
  if (const auto at = desc.find(key); at != std::string::npos) {
    const auto end = desc.find('\'', at + key.size());
    const auto colon = desc.find(':');
    desc =
        (colon < at ? desc.substr(0, colon + 2) : std::string()) + desc.substr(at + key.size(), end - at - key.size());
  }
  for (char& c : desc)
    if (c == '\n' || c == '\r') c = ' ';
  return desc;
}

herr_t innermost(unsigned n, const H5E_error2_t* e, void* out) {
  if (n == 0 && e->desc) *static_cast<std::string*>(out) = one_line(e->desc);
  return 0;
}

[[noreturn]] void fail(const char* call) {
  std::string message = "no message from HDF5";
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, innermost, &message);
  H5Eclear2(H5E_DEFAULT);
  throw core::LibraryError("HDF5", call, message);
}

}  // namespace

herr_t check(herr_t rc, const char* call) {
  if (rc < 0) fail(call);
  return rc;
}

hid_t check_id(hid_t id, const char* call) {
  if (id < 0) fail(call);
  return id;
}

std::string library_version() {
  unsigned major = 0, minor = 0, release = 0;
  check(H5get_libversion(&major, &minor, &release), "H5get_libversion");
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release);
}

bool library_is_parallel() {
#ifdef H5_HAVE_PARALLEL
  return true;
#else
  return false;
#endif
}

void Handle::close() {
  if (id_ < 0 || !close_) return;
  const char* call = "H5Oclose";
  switch (H5Iget_type(id_)) {
    case H5I_FILE: call = "H5Fclose"; break;
    case H5I_GROUP: call = "H5Gclose"; break;
    case H5I_DATASET: call = "H5Dclose"; break;
    case H5I_DATASPACE: call = "H5Sclose"; break;
    case H5I_DATATYPE: call = "H5Tclose"; break;
    case H5I_ATTR: call = "H5Aclose"; break;
    case H5I_GENPROP_LST: call = "H5Pclose"; break;
    default: break;
  }
  check(close_(std::exchange(id_, H5I_INVALID_HID)), call);
}

void Handle::reset() noexcept {
  if (id_ >= 0 && close_) close_(id_);
  id_ = H5I_INVALID_HID;
}

Type Type::copy_of(hid_t predefined) { return {check_id(H5Tcopy(predefined), "H5Tcopy"), H5Tclose}; }

Type Type::utf8_string() {
  Type t = copy_of(H5T_C_S1);
  check(H5Tset_size(t.id(), H5T_VARIABLE), "H5Tset_size");
  check(H5Tset_cset(t.id(), H5T_CSET_UTF8), "H5Tset_cset");
  return t;
}

Type Type::utf8_string(std::size_t fixed_size) {
  Type t = copy_of(H5T_C_S1);
  check(H5Tset_size(t.id(), std::max<std::size_t>(fixed_size, 1)), "H5Tset_size");
  check(H5Tset_strpad(t.id(), H5T_STR_NULLPAD), "H5Tset_strpad");
  check(H5Tset_cset(t.id(), H5T_CSET_UTF8), "H5Tset_cset");
  return t;
}

Space Space::scalar() { return {check_id(H5Screate(H5S_SCALAR), "H5Screate"), H5Sclose}; }

Space Space::simple(const std::vector<hsize_t>& dims) {
  return {check_id(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), "H5Screate_simple"),
          H5Sclose};
}

std::size_t Space::elements() const {
  const H5S_class_t cls = H5Sget_simple_extent_type(id());
  check(cls == H5S_NO_CLASS ? -1 : 0, "H5Sget_simple_extent_type");
  if (cls == H5S_NULL) return 0;
  return static_cast<std::size_t>(check_id(H5Sget_simple_extent_npoints(id()), "H5Sget_simple_extent_npoints"));
}

std::vector<hsize_t> Space::dims() const {
  const int rank = check(H5Sget_simple_extent_ndims(id()), "H5Sget_simple_extent_ndims");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(id(), dims.data(), nullptr), "H5Sget_simple_extent_dims");
  return dims;
}

PropList PropList::create(hid_t cls) { return {check_id(H5Pcreate(cls), "H5Pcreate"), H5Pclose}; }

std::string to_text(const Value& v) {
  struct Visitor {
    std::string operator()(std::int64_t x) const { return std::to_string(x); }
    std::string operator()(std::uint64_t x) const { return std::to_string(x); }
    std::string operator()(double x) const {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.9g", x);
      return buf;
    }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(const std::vector<std::string>& list) const {
      std::string out;
      for (const auto& s : list) out += (out.empty() ? "" : ", ") + s;
      return "[" + out + "]";
    }
  };
  return std::visit(Visitor{}, v);
}

namespace {

// A damaged file can claim any size for an element or any count of elements; what parcompute
// reads at once (attributes, table heads, link values) stays below this.
constexpr std::size_t kMaxReadBytes = std::size_t{256} << 20;

std::size_t bytes_for(std::size_t n, std::size_t size, const char* call) {
  if (size != 0 && n > kMaxReadBytes / size)
    throw core::LibraryError("HDF5", call,
                             std::to_string(n) + " elements of " + std::to_string(size) + " bytes claimed, more than " +
                                 std::to_string(kMaxReadBytes >> 20) + " MiB");
  return n * size;
}

// Strings of an attribute or dataset of string type (variable or fixed length); for a
// dataset, optionally a selection of `n` elements.
std::vector<std::string> read_string_data(hid_t obj, bool is_attr, hid_t file_type, std::size_t n,
                                          hid_t mem_space = H5S_ALL, hid_t file_space = H5S_ALL) {
  auto read = [&](hid_t mem_type, void* buf) {
    if (is_attr) check(H5Aread(obj, mem_type, buf), "H5Aread");
    else check(H5Dread(obj, mem_type, mem_space, file_space, H5P_DEFAULT, buf), "H5Dread");
  };
  const char* call = is_attr ? "H5Aread" : "H5Dread";
  std::vector<std::string> out;
  if (n == 0) return out;
  if (H5Tis_variable_str(file_type) > 0) {
    // The file's character set: HDF5 converts no string between ASCII and UTF-8.
    Type mem{check_id(H5Tget_native_type(file_type, H5T_DIR_DEFAULT), "H5Tget_native_type"), H5Tclose};
    std::vector<char*> ptrs(bytes_for(n, sizeof(char*), call) / sizeof(char*), nullptr);
    read(mem.id(), ptrs.data());
    for (char* p : ptrs) out.emplace_back(p ? p : "");
    const Space read_space = Space::simple({n});
    check(H5Dvlen_reclaim(mem.id(), read_space.id(), H5P_DEFAULT, ptrs.data()), "H5Dvlen_reclaim");
    return out;
  }
  const std::size_t len = H5Tget_size(file_type);
  std::vector<char> buf(bytes_for(n, len, call) + 1, '\0');
  read(file_type, buf.data());
  for (std::size_t i = 0; i < n; ++i) out.emplace_back(buf.data() + i * len, strnlen(buf.data() + i * len, len));
  return out;
}

// One number, as int64, uint64 or double by its class and sign in the file.
Value read_number(const Handle& a, const Type& t) {
  const auto read = [&](auto v, hid_t mem_type) -> Value {
    check(H5Aread(a.id(), mem_type, &v), "H5Aread");
    return v;
  };
  if (H5Tget_class(t.id()) == H5T_FLOAT) return read(0.0, H5T_NATIVE_DOUBLE);
  if (H5Tget_sign(t.id()) == H5T_SGN_NONE) return read(std::uint64_t{0}, H5T_NATIVE_UINT64);
  return read(std::int64_t{0}, H5T_NATIVE_INT64);
}

}  // namespace

Space Dataset::space() const { return {check_id(H5Dget_space(id()), "H5Dget_space"), H5Sclose}; }

std::vector<hsize_t> Dataset::dims() const { return space().dims(); }

std::string Dataset::type_name() const {
  Type t{check_id(H5Dget_type(id()), "H5Dget_type"), H5Tclose};
  const std::size_t bits = H5Tget_size(t.id()) * 8;
  switch (H5Tget_class(t.id())) {
    case H5T_INTEGER: return (H5Tget_sign(t.id()) == H5T_SGN_NONE ? "uint" : "int") + std::to_string(bits);
    case H5T_FLOAT: return "float" + std::to_string(bits);
    case H5T_STRING: return "string";
    default: return "other";
  }
}

std::vector<std::string> Dataset::head_as_text(std::size_t limit) const {
  Type t{check_id(H5Dget_type(id()), "H5Dget_type"), H5Tclose};
  const std::vector<hsize_t> shape = dims();
  if (shape.size() != 1) return {};
  // Read only the first `limit` elements: a dataset may hold gigabytes.
  const hsize_t n = std::min<hsize_t>(shape[0], limit);
  if (n == 0) return {};
  Space file_space = space();
  const hsize_t start = 0;
  check(H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, &start, nullptr, &n, nullptr), "H5Sselect_hyperslab");
  Space mem_space = Space::simple({n});
  auto read = [&](hid_t mem_type, void* buf) {
    check(H5Dread(id(), mem_type, mem_space.id(), file_space.id(), H5P_DEFAULT, buf), "H5Dread");
  };
  std::vector<std::string> out;
  const H5T_class_t cls = H5Tget_class(t.id());
  if (cls == H5T_STRING) {
    out = read_string_data(id(), false, t.id(), n, mem_space.id(), file_space.id());
  } else if (cls == H5T_INTEGER || cls == H5T_FLOAT) {
    auto numbers = [&](auto zero, hid_t mem_type) {
      std::vector<decltype(zero)> v(n);
      read(mem_type, v.data());
      for (auto x : v) out.push_back(std::is_integral_v<decltype(zero)> ? std::to_string(x) : to_text(double(x)));
    };
    if (cls == H5T_FLOAT) numbers(0.0, H5T_NATIVE_DOUBLE);
    else if (H5Tget_sign(t.id()) == H5T_SGN_NONE) numbers(std::uint64_t{0}, H5T_NATIVE_UINT64);
    else numbers(std::int64_t{0}, H5T_NATIVE_INT64);
  }
  return out;
}

Group Location::create_group(const std::string& name) const {
  // Tracking creation order lets readers list datasets in the order they were written.
  PropList gcpl = PropList::create(H5P_GROUP_CREATE);
  check(H5Pset_link_creation_order(gcpl.id(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "H5Pset_link_creation_order");
  return {check_id(H5Gcreate2(id(), name.c_str(), H5P_DEFAULT, gcpl.id(), H5P_DEFAULT), "H5Gcreate2"), H5Gclose};
}

Group Location::open_group(const std::string& name) const {
  return {check_id(H5Gopen2(id(), name.c_str(), H5P_DEFAULT), "H5Gopen2"), H5Gclose};
}

Dataset Location::open_dataset(const std::string& name) const {
  return {check_id(H5Dopen2(id(), name.c_str(), H5P_DEFAULT), "H5Dopen2"), H5Dclose};
}

bool Location::has(const std::string& name) const {
  return check(H5Lexists(id(), name.c_str(), H5P_DEFAULT), "H5Lexists") > 0;
}

namespace {
struct StoredLink {
  std::string name;
  Link::Kind kind;
  std::size_t value_size;  // of a soft or external link's value
};

Link::Kind kind_of(H5L_type_t type) {
  switch (type) {
    case H5L_TYPE_HARD: return Link::Kind::hard;
    case H5L_TYPE_SOFT: return Link::Kind::soft;
    case H5L_TYPE_EXTERNAL: return Link::Kind::external;
    default: return Link::Kind::other;
  }
}

// HDF5 calls these from C: an exception must not cross it, so a failure stops the iteration.
herr_t collect_link(hid_t, const char* name, const H5L_info_t* info, void* out) try {
  const Link::Kind kind = kind_of(info->type);
  static_cast<std::vector<StoredLink>*>(out)->push_back({name, kind, kind == Link::Kind::hard ? 0 : info->u.val_size});
  return 0;
} catch (...) {
  return -1;
}

herr_t collect_attr(hid_t, const char* name, const H5A_info_t*, void* out) try {
  static_cast<std::vector<std::string>*>(out)->emplace_back(name);
  return 0;
} catch (...) {
  return -1;
}

std::string external_target(const std::vector<char>& value, std::size_t size) {
  unsigned flags = 0;
  const char* file = nullptr;
  const char* object = nullptr;
  check(H5Lunpack_elink_val(value.data(), size, &flags, &file, &object), "H5Lunpack_elink_val");
  return std::string(file ? file : "") + ":" + (object ? object : "");
}
}  // namespace

std::vector<std::string> Location::children() const {
  std::vector<std::string> names;
  for (Link& l : links()) names.push_back(std::move(l.name));
  return names;
}

std::vector<Link> Location::links() const {
  std::vector<StoredLink> stored;
  hsize_t idx = 0;
  if (H5Literate(id(), H5_INDEX_CRT_ORDER, H5_ITER_INC, &idx, collect_link, &stored) < 0) {
    H5Eclear2(H5E_DEFAULT);  // no creation-order index: fall back to names
    stored.clear();
    idx = 0;
    check(H5Literate(id(), H5_INDEX_NAME, H5_ITER_INC, &idx, collect_link, &stored), "H5Literate");
  }
  std::vector<Link> out;
  for (const StoredLink& s : stored) {
    Link l{.name = s.name, .kind = s.kind, .target = ""};
    if (l.kind == Link::Kind::soft || l.kind == Link::Kind::external) {
      std::vector<char> value(bytes_for(s.value_size, 1, "H5Lget_val") + 1, '\0');
      check(H5Lget_val(id(), s.name.c_str(), value.data(), s.value_size, H5P_DEFAULT), "H5Lget_val");
      l.target = l.kind == Link::Kind::soft ? std::string(value.data()) : external_target(value, s.value_size);
    }
    out.push_back(std::move(l));
  }
  return out;
}

ObjectInfo Location::object_info(const std::string& name) const {
  H5O_info_t info{};
  check(H5Oget_info_by_name2(id(), name.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT), "H5Oget_info_by_name2");
  return {.type = info.type, .file = info.fileno, .address = info.addr};
}

namespace {

// Text as it is stored: the datatypes say UTF-8 and h5py's .asstr() decodes strictly, so a
// string that is not valid UTF-8 is stored with its invalid bytes escaped (\xFF), into
// `escaped`, whose elements do not move. The view is NUL-terminated when `s` views all of a
// std::string.
std::string_view stored_text(std::string_view s, std::deque<std::string>& escaped) {
  if (core::is_utf8(s)) return s;
  return escaped.emplace_back(core::escape_invalid_utf8(s));
}

}  // namespace

void Location::set_attr(const std::string& name, const Value& value) const {
  // `data` is null for an empty list: HDF5 refuses a null buffer even for no elements.
  auto write = [&](hid_t type, const Space& space, const void* data) {
    if (check(H5Aexists(id(), name.c_str()), "H5Aexists") > 0) check(H5Adelete(id(), name.c_str()), "H5Adelete");
    Handle a{check_id(H5Acreate2(id(), name.c_str(), type, space.id(), H5P_DEFAULT, H5P_DEFAULT), "H5Acreate2"),
             H5Aclose};
    if (data) check(H5Awrite(a.id(), type, data), "H5Awrite");
  };
  if (auto* i = std::get_if<std::int64_t>(&value)) return write(H5T_NATIVE_INT64, Space::scalar(), i);
  if (auto* u = std::get_if<std::uint64_t>(&value)) return write(H5T_NATIVE_UINT64, Space::scalar(), u);
  if (auto* d = std::get_if<double>(&value)) return write(H5T_NATIVE_DOUBLE, Space::scalar(), d);
  const Type str = Type::utf8_string();
  std::deque<std::string> escaped;
  if (auto* s = std::get_if<std::string>(&value)) {
    const char* p = stored_text(*s, escaped).data();
    return write(str.id(), Space::scalar(), &p);
  }
  const auto& list = std::get<std::vector<std::string>>(value);
  std::vector<const char*> ptrs;
  for (const auto& s : list) ptrs.push_back(stored_text(s, escaped).data());
  write(str.id(), Space::simple({list.size()}), list.empty() ? nullptr : ptrs.data());
}

Value Location::attr(const std::string& name) const {
  Handle a{check_id(H5Aopen(id(), name.c_str(), H5P_DEFAULT), "H5Aopen"), H5Aclose};
  Type t{check_id(H5Aget_type(a.id()), "H5Aget_type"), H5Tclose};
  Space space{check_id(H5Aget_space(a.id()), "H5Aget_space"), H5Sclose};
  const std::size_t n = space.elements();
  if (n == 0) return std::vector<std::string>{};
  const H5T_class_t cls = H5Tget_class(t.id());
  if ((cls == H5T_INTEGER || cls == H5T_FLOAT) && n == 1) return read_number(a, t);
  if (cls != H5T_STRING) return std::string("(unsupported attribute type)");
  std::vector<std::string> list = read_string_data(a.id(), true, t.id(), n);
  if (space.dims().empty()) return list.at(0);
  return list;
}

bool Location::has_attr(const std::string& name) const { return check(H5Aexists(id(), name.c_str()), "H5Aexists") > 0; }

std::vector<std::string> Location::attr_names() const {
  std::vector<std::string> names;
  hsize_t idx = 0;
  check(H5Aiterate2(id(), H5_INDEX_NAME, H5_ITER_INC, &idx, collect_attr, &names), "H5Aiterate2");
  return names;
}

void StringLayout::add(std::string_view s) {
  const std::size_t n = core::is_utf8(s) ? s.size() : core::escape_invalid_utf8(s).size();  // as stored_text
  ++count_;
  width_ = std::max(width_, n);
  text_ += n;
}

bool StringLayout::fixed() const {
  constexpr std::size_t kVariableOverhead = 32;  // heap object header and reference, per string
  return count_ * width_ <= 2 * (text_ + kVariableOverhead * count_);
}

Column::Column(const Location& at, const std::string& name, std::size_t length, Type type, bool fixed,
               std::size_t width)
    : type_(std::move(type)), name_(name), length_(length), width_(width), fixed_(fixed) {
  const Space space = Space::simple({length});
  d_ =
      Dataset{check_id(H5Dcreate2(at.id(), name.c_str(), type_.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                       "H5Dcreate2"),
              H5Dclose};
}

Column Column::strings(const Location& at, const std::string& name, std::size_t length, const StringLayout& layout) {
  if (layout.fixed()) return Column(at, name, length, Type::utf8_string(layout.width()), true, layout.width());
  return Column(at, name, length, Type::utf8_string(), false, 0);
}

void Column::append_raw(hid_t type, std::size_t n, const void* data) {
  if (n == 0) return;
  if (n > length_ - written_)
    throw core::Error("HDF5 dataset " + name_ + ": " + std::to_string(written_ + n) + " elements written to " +
                      std::to_string(length_));
  const Space file = d_.space();
  const hsize_t start = written_, count = n;
  check(H5Sselect_hyperslab(file.id(), H5S_SELECT_SET, &start, nullptr, &count, nullptr), "H5Sselect_hyperslab");
  const Space memory = Space::simple({n});
  // A conversion (variable-length strings) would otherwise calloc HDF5's default 1 MiB
  // conversion and background buffers at every write: most of the cost of a small table.
  const std::size_t element = std::max<std::size_t>(H5Tget_size(type), 16);
  const std::size_t buffer = std::clamp<std::size_t>(n * element, 4096, std::size_t{1} << 20);
  const PropList xfer = PropList::create(H5P_DATASET_XFER);
  check(H5Pset_buffer(xfer.id(), buffer, nullptr, nullptr), "H5Pset_buffer");
  check(H5Dwrite(d_.id(), type, memory.id(), file.id(), xfer.id(), data), "H5Dwrite");
  written_ += n;
}

void Column::append(const std::vector<std::string_view>& given) {
  std::deque<std::string> escaped;
  std::vector<std::string_view> values;
  values.reserve(given.size());
  for (std::string_view s : given) values.push_back(stored_text(s, escaped));
  if (fixed_) {
    std::vector<char> padded(values.size() * width_, '\0');
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (values[i].size() > width_)
        throw core::Error("HDF5 dataset " + name_ + ": a string of " + std::to_string(values[i].size()) +
                          " bytes, longer than its layout's " + std::to_string(width_));
      values[i].copy(padded.data() + i * width_, width_);
    }
    append_raw(type_.id(), values.size(), padded.data());
    return;
  }
  std::size_t text = 0;
  for (std::string_view s : values) text += s.size();
  std::string terminated;  // every string followed by its NUL, for HDF5's char* elements
  terminated.reserve(text + values.size());
  std::vector<std::size_t> starts;
  starts.reserve(values.size());
  for (std::string_view s : values) {
    starts.push_back(terminated.size());
    terminated.append(s).push_back('\0');
  }
  std::vector<const char*> ptrs;
  ptrs.reserve(values.size());
  for (std::size_t at : starts) ptrs.push_back(terminated.data() + at);
  append_raw(type_.id(), ptrs.size(), ptrs.data());
}

void Column::close() {
  if (written_ != length_)
    throw core::Error("HDF5 dataset " + name_ + ": " + std::to_string(written_) + " of " + std::to_string(length_) +
                      " elements written");
  d_.close();
}

void Location::write(const std::string& name, const std::vector<std::string_view>& values) const {
  StringLayout layout;
  for (std::string_view s : values) layout.add(s);
  Column c = Column::strings(*this, name, values.size(), layout);
  c.append(values);
  c.close();
}

void Location::write(const std::string& name, const std::vector<std::string>& values) const {
  write(name, std::vector<std::string_view>(values.begin(), values.end()));
}

std::size_t Location::element_count(const Dataset& d) { return d.space().elements(); }

void Location::read_raw(const Dataset& d, hid_t type, void* out) {
  if (element_count(d) == 0) return;
  check(H5Dread(d.id(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out), "H5Dread");
}

std::vector<std::string> Location::read_strings(const std::string& name) const {
  Dataset d = open_dataset(name);
  Type t{check_id(H5Dget_type(d.id()), "H5Dget_type"), H5Tclose};
  const std::size_t n = element_count(d);
  if (n == 0) return {};
  return read_string_data(d.id(), false, t.id(), n);
}

File File::create(const std::string& path) {
  (void)kSilenced;
  // A close with objects still open then fails instead of deferring the real close (and
  // its writes) until the last object goes.
  const PropList fapl = PropList::create(H5P_FILE_ACCESS);
  check(H5Pset_fclose_degree(fapl.id(), H5F_CLOSE_SEMI), "H5Pset_fclose_degree");
  return {check_id(H5Fcreate(path.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, fapl.id()), "H5Fcreate"), H5Fclose};
}

std::size_t File::open_objects() const {
  const ssize_t n =
      H5Fget_obj_count(id(), H5F_OBJ_DATASET | H5F_OBJ_GROUP | H5F_OBJ_DATATYPE | H5F_OBJ_ATTR | H5F_OBJ_LOCAL);
  if (n < 0) fail("H5Fget_obj_count");
  return static_cast<std::size_t>(n);
}

bool File::is_hdf5(const std::string& path) {
  (void)kSilenced;
  return check(H5Fis_hdf5(path.c_str()), "H5Fis_hdf5") > 0;
}

File File::open_readonly(const std::string& path) {
  (void)kSilenced;
  return {check_id(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "H5Fopen"), H5Fclose};
}

}  // namespace pc::io::h5
