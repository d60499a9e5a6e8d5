// Task files and templates into one arena of canonical texts: shell-like word splitting with
// no expansion, RFC 4180 argument tables, and the stable 64-bit identity of every task.
#include "farm/task_list.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>

#include "core/error.hpp"
#include "core/printable.hpp"
#include "fetch/sha256.hpp"
#include "jobs/cli/parse.hpp"

namespace pc::farm {

namespace {

// ---- errors ---------------------------------------------------------------------------

[[noreturn]] void fail(std::string_view where, std::string_view what) {
  std::string message(where);
  message.append(": ").append(what);
  throw core::UsageError(message);
}

[[noreturn]] void fail_at(const std::string& source, std::uint64_t line, std::string_view what) {
  std::string where(source);
  where.append(":").append(std::to_string(line));
  fail(where, what);
}

// A word from the user inside a message, so that no control byte reaches the terminal.
std::string quoted(std::string_view word) {
  std::string out("'");
  out.append(core::printable(word)).append("'");
  return out;
}

// ---- the identity hash ----------------------------------------------------------------
// Every constant and step here is part of the ids in users' journals: changing any of them
// makes --resume rerun everything, so they are frozen.

constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ULL;
constexpr std::uint64_t kMixA = 0xBF58476D1CE4E5B9ULL;
constexpr std::uint64_t kMixB = 0x94D049BB133111EBULL;
constexpr std::uint64_t kSeed = 0x70617263'6F6D7075ULL;  // "parcompu"

// Byte by byte rather than memcpy, so the value is the same on a big-endian machine; GCC
// turns the loop into one load on a little-endian one.
std::uint64_t load_le(const unsigned char* p, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v |= std::uint64_t{p[i]} << (8 * i);
  return v;
}

// splitmix64's finalizer: a bijection in which every input bit reaches every output bit.
std::uint64_t finalize(std::uint64_t x) {
  x ^= x >> 30;
  x *= kMixA;
  x ^= x >> 27;
  x *= kMixB;
  x ^= x >> 31;
  return x;
}

std::uint64_t absorb(std::uint64_t h, std::uint64_t block) {
  block *= kMixA;
  block ^= block >> 32;
  h = (h ^ block) * kGolden;
  return h ^ (h >> 29);
}

std::uint64_t hash_text(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = text.size();
  // The length in the seed keeps texts that differ only by trailing zero bytes apart.
  std::uint64_t h = kSeed ^ (std::uint64_t{n} * kGolden);
  for (; n >= 8; p += 8, n -= 8) h = absorb(h, load_le(p, 8));
  if (n > 0) h = absorb(h, load_le(p, n));
  return finalize(h);
}

// Adding occurrence * an odd constant is injective for a given text and finalize is a
// bijection, so equal texts with different occurrences can never share an id.
std::uint64_t combine(std::uint64_t text_hash, std::uint32_t occurrence) {
  return finalize(text_hash + std::uint64_t{occurrence} * kGolden);
}

// ---- word splitting -------------------------------------------------------------------

enum CharClass : unsigned char { kPlain = 0, kBlank, kSpecial };

struct CharTable {
  unsigned char of[256] = {};
  CharTable() {
    of[static_cast<unsigned char>(' ')] = kBlank;
    of[static_cast<unsigned char>('\t')] = kBlank;
    of[static_cast<unsigned char>('\n')] = kBlank;
    for (char c : {'\'', '"', '\\', '\0'}) of[static_cast<unsigned char>(c)] = kSpecial;
  }
};
const CharTable kChars;

unsigned char class_of(char c) { return kChars.of[static_cast<unsigned char>(c)]; }

[[noreturn]] void nul_byte() { throw core::UsageError("a NUL byte (task lines are text)"); }

// Appends each word of `line` followed by '\0' to `out` and returns how many there were.
// Words go straight into the caller's arena: a million-line file then costs no allocation
// per line. Throws the plain message; the caller knows the place.
std::size_t split_into(std::string_view line, std::string& out) {
  const std::size_t n = line.size();
  std::size_t i = 0, count = 0;
  for (;;) {
    while (i < n && class_of(line[i]) == kBlank) ++i;
    if (i == n || line[i] == '#') return count;
    // A quote makes a word even when it adds no byte (''); a backslash-newline alone does not.
    bool started = false;
    while (i < n) {
      const char c = line[i];
      const unsigned char cls = class_of(c);
      if (cls == kBlank) break;
      if (cls == kPlain) {
        std::size_t j = i + 1;
        while (j < n && class_of(line[j]) == kPlain) ++j;
        out.append(line.data() + i, j - i);
        started = true;
        i = j;
      } else if (c == '\'') {
        const std::size_t close = line.find('\'', i + 1);
        if (close == std::string_view::npos) throw core::UsageError("unbalanced single quote");
        const std::string_view inside = line.substr(i + 1, close - i - 1);
        if (inside.find('\0') != std::string_view::npos) nul_byte();
        out.append(inside);
        started = true;
        i = close + 1;
      } else if (c == '"') {
        started = true;
        for (++i;; ++i) {
          if (i >= n) throw core::UsageError("unbalanced double quote");
          const char d = line[i];
          if (d == '"') break;
          if (d == '\0') nul_byte();
          if (d == '\\' && i + 1 < n) {
            const char e = line[i + 1];
            if (e == '"' || e == '\\' || e == '$' || e == '`') {
              out += e;
              ++i;
              continue;
            }
            if (e == '\n') {
              ++i;
              continue;
            }
          }
          out += d;
        }
        ++i;
      } else if (c == '\\') {
        if (i + 1 >= n) throw core::UsageError("trailing backslash");
        const char e = line[i + 1];
        if (e == '\0') nul_byte();
        if (e != '\n') {  // a backslash-newline joins lines, as in a shell
          out += e;
          started = true;
        }
        i += 2;
      } else {
        nul_byte();
      }
    }
    if (started) {
      out += '\0';
      ++count;
    }
  }
}

// ---- task kinds -----------------------------------------------------------------------

constexpr std::string_view kExecUsage = " (exec -- PROGRAM ARGS...)";

// The i-th '\0'-terminated word of `words`, which has more than i of them.
std::string_view word_at(std::string_view words, std::size_t i) {
  std::size_t start = 0;
  for (; i > 0; --i) start = words.find('\0', start) + 1;
  return words.substr(start, words.find('\0', start) - start);
}

// The kind of the task whose `count` words (each followed by '\0') are `words`, still
// with exec's "--"; throws the plain message when the words make no task.
TaskKind check_kind(std::string_view words, std::size_t count) {
  const std::string_view kind = word_at(words, 0);
  if (kind == "run") {
    if (count < 2) throw core::UsageError("run needs a kernel (run KERNEL [FLAGS...])");
    return TaskKind::run;
  }
  if (kind == "fetch") {
    if (count != 2) {
      std::string what("fetch takes exactly one URL, got ");
      what.append(std::to_string(count - 1)).append(" (fetch URL)");
      throw core::UsageError(what);
    }
    return TaskKind::fetch;
  }
  if (kind == "exec") {
    if (count < 2 || word_at(words, 1) != "--") {
      std::string what("exec needs '--' before the program");
      what.append(kExecUsage);
      throw core::UsageError(what);
    }
    if (count < 3) {
      std::string what("exec needs a program after '--'");
      what.append(kExecUsage);
      throw core::UsageError(what);
    }
    return TaskKind::exec;
  }
  std::string what("unknown task kind ");
  what.append(quoted(kind)).append(" (accepted: run, fetch, exec)");
  throw core::UsageError(what);
}

// ---- tasks ----------------------------------------------------------------------------

// Makes the words appended to `list.arena` from `start` (`count` of them) the next task:
// checks them and drops exec's "--". Its id holds the text's hash until number_tasks()
// makes it the task's id. Throws the plain message of a line that makes no task.
void add_task(TaskList& list, std::size_t start, std::size_t count, std::uint32_t line) {
  const TaskKind kind = check_kind(std::string_view(list.arena).substr(start), count);
  if (kind == TaskKind::exec) list.arena.erase(start + 5, 3);  // "exec\0" then "--\0"
  const std::size_t length = list.arena.size() - start;
  if (length > std::numeric_limits<std::uint32_t>::max()) throw core::UsageError("a task of more than 4 GiB");
  Task task;
  task.id = hash_text(std::string_view(list.arena).substr(start, length));
  task.offset = start;
  task.length = static_cast<std::uint32_t>(length);
  task.line = line;
  task.kind = kind;
  list.tasks.push_back(task);
}

// Gives every task its occurrence and its id, once all are read. Open addressing over the
// distinct texts: a slot holds the high half of the text's hash (the low bits chose the
// slot) and the latest task with that text (index + 1, 0 for an empty slot), whose
// occurrence the next equal text counts on from. At most half full, so it never grows; one
// 8-byte load a probe, and gone when done. Probes land anywhere in the table, so the slot
// of a task a little ahead is prefetched: in a separate pass the misses overlap, where
// during the parse each one would stall.
void number_tasks(TaskList& list) {
  std::size_t size = 16;
  while (size < 2 * list.tasks.size()) size *= 2;
  std::vector<std::uint64_t> slots(size, 0);
  const std::size_t mask = size - 1;
  constexpr std::uint64_t kHigh = ~std::uint64_t{0xFFFFFFFF};
  constexpr std::size_t kAhead = 16;
  const std::string_view arena(list.arena);
  for (std::size_t index = 0; index < list.tasks.size(); ++index) {
    if (index + kAhead < list.tasks.size()) __builtin_prefetch(&slots[list.tasks[index + kAhead].id & mask]);
    Task& task = list.tasks[index];
    const std::uint64_t h = task.id;
    const std::uint64_t entry = (h & kHigh) | (index + 1);
    task.occurrence = 0;
    for (std::size_t slot = h & mask;; slot = (slot + 1) & mask) {
      const std::uint64_t held = slots[slot];
      if (held != 0 && (held & kHigh) != (h & kHigh)) continue;
      if (held != 0) {
        // Equal tags can still be different texts; only the text itself decides.
        const Task& before = list.tasks[(held & 0xFFFFFFFF) - 1];
        if (arena.substr(before.offset, before.length) != arena.substr(task.offset, task.length)) continue;
        task.occurrence = before.occurrence + 1;
      }
      slots[slot] = entry;
      break;
    }
    task.id = combine(h, task.occurrence);
  }
}

// Line numbers and task indices are 32-bit in Task and in the occurrence table.
std::uint32_t checked_line(std::uint64_t line, const std::string& source) {
  if (line > std::numeric_limits<std::uint32_t>::max() - 1) fail_at(source, line, "too many lines");
  return static_cast<std::uint32_t>(line);
}

// Reserved for the worst case (every line a task) and given back only when much of it went
// unused, since a shrink copies the whole list.
void shrink(TaskList& list) {
  if (list.arena.capacity() - list.arena.size() > list.arena.size() / 4) list.arena.shrink_to_fit();
  if (list.tasks.capacity() - list.tasks.size() > list.tasks.size() / 4) list.tasks.shrink_to_fit();
}

std::size_t count_lines(std::string_view text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
}

// ---- display --------------------------------------------------------------------------

std::string column_list(const std::vector<std::string>& columns) {
  std::string out("(columns: ");
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (c > 0) out.append(", ");
    out.append(core::shell_word(columns[c]));
  }
  out.append(")");
  return out;
}

// ---- argument tables ------------------------------------------------------------------

bool blank_line(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

// RFC 4180 records one at a time, each with the line it starts on.
class CsvReader {
 public:
  CsvReader(std::string_view text, const std::string& source) : text_(text), source_(source) {}

  bool next(std::vector<std::string>& fields, std::uint32_t& record_line) {
    const std::size_t n = text_.size();
    for (;;) {
      if (pos_ >= n) return false;
      const std::size_t eol = std::min(text_.find('\n', pos_), n);
      if (!blank_line(text_.substr(pos_, eol - pos_))) break;
      pos_ = eol + 1;
      ++line_;
    }
    record_line = checked_line(line_, source_);
    fields.clear();
    for (;;) {
      fields.emplace_back();
      std::string& field = fields.back();
      if (text_[pos_] == '"') {
        quoted_field(field, record_line);
        if (pos_ < n && text_[pos_] == '\r' && (pos_ + 1 == n || text_[pos_ + 1] == '\n')) ++pos_;
        if (pos_ >= n) return true;
        if (text_[pos_] == '\n') {
          ++pos_;
          ++line_;
          return true;
        }
        if (text_[pos_] != ',')
          fail_at(source_, line_, "text after a closing double quote (a quote inside a quoted field is written \"\")");
        ++pos_;
        if (pos_ >= n) {  // "a", at the very end: one more, empty field
          fields.emplace_back();
          return true;
        }
        continue;
      }
      const std::size_t end = std::min(text_.find_first_of(",\n", pos_), n);
      std::string_view value = text_.substr(pos_, end - pos_);
      if (value.find('\0') != std::string_view::npos) fail_at(source_, line_, "a NUL byte (tables are text)");
      const bool last = end == n || text_[end] == '\n';
      if (last && !value.empty() && value.back() == '\r') value.remove_suffix(1);
      field.assign(value);
      pos_ = end + 1;
      if (last) {
        ++line_;
        return true;
      }
      if (pos_ >= n) {
        fields.emplace_back();
        return true;
      }
    }
  }

 private:
  void quoted_field(std::string& field, std::uint32_t record_line) {
    const std::size_t n = text_.size();
    for (++pos_;; ++pos_) {
      if (pos_ >= n) fail_at(source_, record_line, "unbalanced double quote");
      const char c = text_[pos_];
      if (c == '"') {
        if (pos_ + 1 < n && text_[pos_ + 1] == '"') {
          field += '"';
          ++pos_;
          continue;
        }
        ++pos_;
        return;
      }
      if (c == '\0') fail_at(source_, line_, "a NUL byte (tables are text)");
      if (c == '\n') ++line_;
      field += c;
    }
  }

  std::string_view text_;
  const std::string& source_;
  std::size_t pos_ = 0;
  std::uint64_t line_ = 1;
};

// One piece of a template word: literal text, or the value of a column.
struct Piece {
  std::string text;
  std::size_t column = kLiteral;
  static constexpr std::size_t kLiteral = std::numeric_limits<std::size_t>::max();
};
using Word = std::vector<Piece>;

constexpr std::string_view kTemplate = "--template";

std::size_t resolve(std::string_view name, const std::vector<std::string>& columns) {
  const auto braced = [&] {
    std::string out("{");
    out.append(core::printable(name)).append("}");
    return out;
  };
  if (name.empty()) {
    std::string what("empty placeholder {} ");
    what.append(column_list(columns));
    fail(kTemplate, what);
  }
  if (name.find_first_not_of("0123456789") == std::string_view::npos) {
    // Digits are always a position, counted without overflow.
    std::size_t position = 0;
    for (char c : name) position = std::min<std::size_t>(position * 10 + static_cast<std::size_t>(c - '0'), 1u << 30);
    if (position < 1 || position > columns.size()) {
      std::string what("placeholder ");
      what.append(braced()).append(" is not a column: the table has ").append(std::to_string(columns.size()));
      what.append(columns.size() == 1 ? " column " : " columns ").append(column_list(columns));
      fail(kTemplate, what);
    }
    return position - 1;
  }
  for (std::size_t c = 0; c < columns.size(); ++c)
    if (columns[c] == name) return c;
  std::string what("unknown placeholder ");
  what.append(braced()).append(" ").append(column_list(columns));
  fail(kTemplate, what);
}

// A template word into literal pieces and placeholders; {{ and }} are literal braces.
Word parse_word(std::string_view word, const std::vector<std::string>& columns) {
  Word pieces(1);
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    if ((c == '{' || c == '}') && i + 1 < word.size() && word[i + 1] == c) {
      pieces.back().text += c;
      ++i;
    } else if (c == '{') {
      const std::size_t close = word.find_first_of("{}", i + 1);
      if (close == std::string_view::npos || word[close] != '}')
        fail(kTemplate, "'{' without a closing '}' (a literal brace is written {{)");
      pieces.push_back(Piece{"", resolve(word.substr(i + 1, close - i - 1), columns)});
      pieces.emplace_back();
      i = close;
    } else if (c == '}') {
      fail(kTemplate, "'}' without an opening '{' (a literal brace is written }})");
    } else {
      pieces.back().text += c;
    }
  }
  return pieces;
}

bool has_placeholder(const Word& word) { return word.size() > 1; }

void read_header(CsvReader& reader, TaskList& list, const std::string& source) {
  std::uint32_t line = 0;
  if (!reader.next(list.columns, line)) fail(source, "no header row (the first line names the columns)");
  for (std::size_t c = 0; c < list.columns.size(); ++c) {
    if (list.columns[c].empty()) {
      std::string what("column ");
      what.append(std::to_string(c + 1)).append(" of the header has no name");
      fail_at(source, line, what);
    }
    for (std::size_t d = 0; d < c; ++d) {
      if (list.columns[d] != list.columns[c]) continue;
      std::string what("column ");
      what.append(quoted(list.columns[c])).append(" is named twice in the header");
      fail_at(source, line, what);
    }
  }
}

}  // namespace

// ---- the public functions -------------------------------------------------------------

const char* kind_name(TaskKind kind) {
  switch (kind) {
    case TaskKind::run: return "run";
    case TaskKind::fetch: return "fetch";
    case TaskKind::exec: return "exec";
  }
  return "unknown";
}

std::uint64_t task_id(std::string_view canonical, std::uint32_t occurrence) {
  return combine(hash_text(canonical), occurrence);
}

std::vector<std::string> split_words(std::string_view line) {
  std::string joined;
  const std::size_t count = split_into(line, joined);
  std::vector<std::string> words;
  words.reserve(count);
  for (std::size_t start = 0; start < joined.size();) {
    const std::size_t end = joined.find('\0', start);
    words.emplace_back(joined, start, end - start);
    start = end + 1;
  }
  return words;
}

std::vector<std::string> TaskList::words(const Task& task) const {
  std::vector<std::string> out;
  const std::string_view text = std::string_view(arena).substr(task.offset, task.length);
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = text.find('\0', start);
    out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string TaskList::display(const Task& task) const {
  std::string out;
  const std::vector<std::string> all = words(task);
  for (std::size_t w = 0; w < all.size(); ++w) {
    if (w > 0) out += ' ';
    out.append(core::posix_word(all[w]));
    if (w == 0 && task.kind == TaskKind::exec) out.append(" --");
  }
  return out;
}

std::vector<std::string> TaskList::environment(std::size_t index) const {
  std::vector<std::string> out;
  if (columns.empty()) return out;
  out.reserve(columns.size());
  std::size_t at = value_offsets[index];
  for (const std::string& column : columns) {
    std::string entry("PARCOMPUTE_ARG_");
    for (char c : column) {
      const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      entry += keep ? c : '_';
    }
    const std::size_t end = values_arena.find('\0', at);
    entry.append("=").append(values_arena, at, end - at);
    out.push_back(std::move(entry));
    at = end + 1;
  }
  return out;
}

TaskList parse_task_file(std::string_view text, const std::string& source) {
  TaskList list;
  io::Sha256 digest;
  digest.update(text.data(), text.size());
  list.sha256 = digest.hex();

  // No task line is shorter than "run x" and its newline, which bounds a file of blank lines.
  list.tasks.reserve(std::min(count_lines(text), text.size() / 6 + 1));
  // The canonical text is never longer than the file plus the '\0' after its last word.
  list.arena.reserve(text.size() + 1);

  std::size_t pos = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;  // a byte-order mark some editors write
  for (std::uint64_t number = 1; pos <= text.size(); ++number) {
    const std::size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::uint32_t line_number = checked_line(number, source);
    const std::size_t start = list.arena.size();
    try {
      const std::size_t count = split_into(line, list.arena);
      if (count > 0) add_task(list, start, count, line_number);
    } catch (const core::UsageError& e) {
      fail_at(source, line_number, e.what());
    }
  }
  if (list.tasks.empty()) fail(source, "no tasks");
  number_tasks(list);
  shrink(list);
  return list;
}

TaskList expand_template(std::string_view templ, std::string_view table, const std::string& table_source) {
  TaskList list;
  io::Sha256 digest;
  digest.update(templ.data(), templ.size());
  digest.update("", 1);
  digest.update(table.data(), table.size());
  list.sha256 = digest.hex();

  // Split first, with the placeholders still in: a value then never meets the splitter.
  std::string template_words;
  std::size_t word_count = 0;
  try {
    word_count = split_into(templ, template_words);
  } catch (const core::UsageError& e) {
    fail(kTemplate, e.what());
  }
  if (word_count == 0) fail(kTemplate, "no task (a template is one task line, e.g. exec -- ./sim --seed {seed})");

  CsvReader reader(table, table_source);
  read_header(reader, list, table_source);

  std::vector<Word> words;
  words.reserve(word_count);
  for (std::size_t w = 0; w < word_count; ++w) words.push_back(parse_word(word_at(template_words, w), list.columns));
  // With the kind word and exec's "--" written out, the template alone decides whether its
  // tasks are well formed; otherwise every row has to be checked on its own.
  const bool fixed_shape = !has_placeholder(words[0]) &&
                           (word_at(template_words, 0) != "exec" || word_count < 2 || !has_placeholder(words[1]));
  if (fixed_shape) {
    try {
      check_kind(template_words, word_count);
    } catch (const core::UsageError& e) {
      fail(kTemplate, e.what());
    }
  }

  std::vector<std::string> fields;
  std::uint32_t line = 0;
  while (reader.next(fields, line)) {
    if (fields.size() != list.columns.size()) {
      std::string what(std::to_string(fields.size()));
      what.append(fields.size() == 1 ? " field" : " fields")
          .append(", the header has ")
          .append(std::to_string(list.columns.size()));
      fail_at(table_source, line, what);
    }
    list.value_offsets.push_back(list.values_arena.size());
    for (const std::string& value : fields) list.values_arena.append(value).append(1, '\0');
    const std::size_t start = list.arena.size();
    for (const Word& word : words) {
      for (const Piece& piece : word)
        list.arena.append(piece.column == Piece::kLiteral ? piece.text : fields[piece.column]);
      list.arena += '\0';
    }
    try {
      add_task(list, start, word_count, line);
    } catch (const core::UsageError& e) {
      fail_at(table_source, line, e.what());
    }
  }
  if (list.tasks.empty()) fail(table_source, "no rows after the header (each row makes one task)");
  number_tasks(list);
  shrink(list);
  list.values_arena.shrink_to_fit();
  list.value_offsets.shrink_to_fit();
  return list;
}

Part parse_part(const std::string& text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos)
    throw core::UsageError("--part: '" + text + "' is not K/N (the K-th of N parts, e.g. 2/8)");
  const std::uint64_t count = jobs::parse_whole("--part", text.substr(slash + 1), 1, 1'000'000);
  const std::uint64_t index = jobs::parse_whole("--part", text.substr(0, slash), 1, count, "K is at most N");
  return {static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(count)};
}

std::string part_text(Part part) { return std::to_string(part.index) + "/" + std::to_string(part.count); }

std::string part_name(Part part) {
  return part.count > 1 ? "part " + part_text(part) + " of the list" : "the whole list";
}

void keep_part(TaskList& list, Part part) {
  if (part.count <= 1) return;
  std::size_t kept = 0;
  for (std::size_t i = part.index - 1; i < list.tasks.size(); i += part.count, ++kept) {
    list.tasks[kept] = list.tasks[i];
    if (!list.value_offsets.empty()) list.value_offsets[kept] = list.value_offsets[i];
  }
  list.tasks.resize(kept);
  if (!list.value_offsets.empty()) list.value_offsets.resize(kept);
}

}  // namespace pc::farm
