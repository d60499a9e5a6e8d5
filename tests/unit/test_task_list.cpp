// Task files and templates: word splitting, task kinds, errors with their lines, stable ids,
// display round trips, and argument tables substituted one value per word.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "farm/task_list.hpp"
#include "fetch/sha256.hpp"

using pc::farm::expand_template;
using pc::farm::parse_task_file;
using pc::farm::split_words;
using pc::farm::Task;
using pc::farm::TaskKind;
using pc::farm::TaskList;
using Words = std::vector<std::string>;

namespace {

std::vector<Words> all_words(const TaskList& list) {
  std::vector<Words> out;
  for (const Task& t : list.tasks) out.push_back(list.words(t));
  return out;
}

std::vector<std::uint64_t> ids(const TaskList& list) {
  std::vector<std::uint64_t> out;
  for (const Task& t : list.tasks) out.push_back(t.id);
  return out;
}

// The message of the UsageError that `f` throws, or "" when it throws none.
template <class F> std::string usage_error(F&& f) {
  try {
    f();
  } catch (const pc::core::UsageError& e) {
    return e.what();
  }
  return "";
}

std::string file_error(std::string_view text) {
  return usage_error([&] { parse_task_file(text, "tasks.txt"); });
}

std::string template_error(std::string_view templ, std::string_view table) {
  return usage_error([&] { expand_template(templ, table, "params.csv"); });
}

}  // namespace

TEST_CASE("words split like a shell's, with nothing expanded", "[task_list]") {
  CHECK(split_words("") == Words{});
  CHECK(split_words(" \t  ") == Words{});
  CHECK(split_words("run stencil --size 2000") == Words{"run", "stencil", "--size", "2000"});
  CHECK(split_words("\ta\t\tb ") == Words{"a", "b"});
  CHECK(split_words("--out \"run 3.dat\"") == Words{"--out", "run 3.dat"});
  CHECK(split_words("'it''s'") == Words{"its"});
  CHECK(split_words("a'b c'\"d e\"f") == Words{"ab cd ef"});
  CHECK(split_words("'' \"\" x") == Words{"", "", "x"});
  CHECK(split_words("a '' b") == Words{"a", "", "b"});
  CHECK(split_words("$HOME `id` $(rm -rf /) *.txt ~ a;b a|b") ==
        Words{"$HOME", "`id`", "$(rm", "-rf", "/)", "*.txt", "~", "a;b", "a|b"});
  CHECK(split_words("'$HOME \\n \"'") == Words{"$HOME \\n \""});
}

TEST_CASE("a '#' starts a comment only at the start of a word", "[task_list]") {
  CHECK(split_words("run stencil --size 2000 # c") == Words{"run", "stencil", "--size", "2000"});
  CHECK(split_words("run stencil --size 2000 #c 'unbalanced") == Words{"run", "stencil", "--size", "2000"});
  CHECK(split_words("a#b c#") == Words{"a#b", "c#"});
  CHECK(split_words("# all comment") == Words{});
  CHECK(split_words("x '#' \"#\" \\#") == Words{"x", "#", "#", "#"});
}

TEST_CASE(
    "backslashes escape outside quotes, and inside double quotes only before a quote, backslash, dollar or backtick",
    "[task_list]") {
  CHECK(split_words("a\\ b") == Words{"a b"});
  CHECK(split_words("\\'x\\\"") == Words{"'x\""});
  CHECK(split_words("\\\\") == Words{"\\"});
  CHECK(split_words("\"\\\" \\\\ \\$ \\`\"") == Words{"\" \\ $ `"});
  CHECK(split_words("\"\\n \\a\"") == Words{"\\n \\a"});
  CHECK(split_words("'\\'") == Words{"\\"});
  // Backslash-newline joins, in and out of double quotes; a newline is otherwise a blank.
  CHECK(split_words("ab\\\ncd \"e\\\nf\"") == Words{"abcd", "ef"});
  CHECK(split_words("a\nb") == Words{"a", "b"});
  CHECK(split_words("a \\\n b") == Words{"a", "b"});
}

TEST_CASE("bad quoting is a usage error with a short message", "[task_list]") {
  CHECK(usage_error([] { split_words("a 'b"); }) == "unbalanced single quote");
  CHECK(usage_error([] { split_words("a \"b'"); }) == "unbalanced double quote");
  CHECK(usage_error([] { split_words("\"a\\\""); }) == "unbalanced double quote");
  CHECK(usage_error([] { split_words("a b\\"); }) == "trailing backslash");
  CHECK(usage_error([] { split_words(std::string_view("a\0b", 3)); }) == "a NUL byte (task lines are text)");
}

TEST_CASE("a task file: the three kinds, comments, blanks and CRLF", "[task_list]") {
  const TaskList list = parse_task_file(
      "run stencil --size 2000 --iterations 5      # a built-in kernel\n"
      "\n"
      "   # a comment line\r\n"
      "fetch https://example.org/data/1.csv\r\n"
      "exec -- python3 simulate.py --seed 3 --out \"run 3.dat\"   # a program\n"
      "\t\r\n"
      "run noop",
      "tasks.txt");
  REQUIRE(list.tasks.size() == 4);
  CHECK(all_words(list) == std::vector<Words>{{"run", "stencil", "--size", "2000", "--iterations", "5"},
                                              {"fetch", "https://example.org/data/1.csv"},
                                              {"exec", "python3", "simulate.py", "--seed", "3", "--out", "run 3.dat"},
                                              {"run", "noop"}});
  CHECK(list.tasks[0].kind == TaskKind::run);
  CHECK(list.tasks[1].kind == TaskKind::fetch);
  CHECK(list.tasks[2].kind == TaskKind::exec);
  CHECK(list.tasks[0].line == 1);
  CHECK(list.tasks[1].line == 4);
  CHECK(list.tasks[2].line == 5);
  CHECK(list.tasks[3].line == 7);
  // The arena holds the canonical texts: words each followed by '\0', exec without "--".
  const Task& exec = list.tasks[2];
  CHECK(list.arena.substr(exec.offset, exec.length) ==
        std::string("exec\0python3\0simulate.py\0--seed\0003\0--out\0run 3.dat\0", 50));
  CHECK(list.arena.substr(list.tasks[3].offset, list.tasks[3].length) == std::string("run\0noop\0", 9));
  CHECK(list.columns.empty());
  CHECK(list.environment(0).empty());
  CHECK(std::string(pc::farm::kind_name(TaskKind::run)) == "run");
  CHECK(std::string(pc::farm::kind_name(TaskKind::fetch)) == "fetch");
  CHECK(std::string(pc::farm::kind_name(TaskKind::exec)) == "exec");
}

TEST_CASE("a quoted kind word is the kind, and a byte-order mark is skipped", "[task_list]") {
  const TaskList list = parse_task_file("\xEF\xBB\xBF'run' noop\nr\"un\" x\n", "t");
  CHECK(all_words(list) == std::vector<Words>{{"run", "noop"}, {"run", "x"}});
}

TEST_CASE("the file's SHA-256 is of all its bytes, comments included", "[task_list]") {
  CHECK(parse_task_file("run noop\n", "t").sha256 ==
        "0a98d53640c6c3983382ba977477d5c1ceec0cea5c7be4ae40cb311320b9b3ad");
  CHECK(parse_task_file("run noop\n", "t").sha256 != parse_task_file("run noop # c\n", "t").sha256);
}

TEST_CASE("every problem of a task file names the file and the line", "[task_list]") {
  CHECK(file_error("run a\n\n\n\n\n\nexec -- x \"y\n") == "tasks.txt:7: unbalanced double quote");
  CHECK(file_error("# c\nrun a\nrn stencil\n") == "tasks.txt:3: unknown task kind 'rn' (accepted: run, fetch, exec)");
  CHECK(file_error("\n\n\nexec python3 x.py\n") ==
        "tasks.txt:4: exec needs '--' before the program (exec -- PROGRAM ARGS...)");
  CHECK(file_error("exec\n") == "tasks.txt:1: exec needs '--' before the program (exec -- PROGRAM ARGS...)");
  CHECK(file_error("run a\nexec --   # nothing\n") ==
        "tasks.txt:2: exec needs a program after '--' (exec -- PROGRAM ARGS...)");
  CHECK(file_error("run\n") == "tasks.txt:1: run needs a kernel (run KERNEL [FLAGS...])");
  CHECK(file_error("run a\r\nrun b\r\nfetch\r\n") == "tasks.txt:3: fetch takes exactly one URL, got 0 (fetch URL)");
  CHECK(file_error("fetch http://a/ http://b/\n") == "tasks.txt:1: fetch takes exactly one URL, got 2 (fetch URL)");
  CHECK(file_error("run a\nrun b 'c\n") == "tasks.txt:2: unbalanced single quote");
  CHECK(file_error("run a\nrun b\\\r\n") == "tasks.txt:2: trailing backslash");
  CHECK(file_error(std::string_view("run a\nrun b\0c\n", 14)) == "tasks.txt:2: a NUL byte (task lines are text)");
  CHECK(file_error("'' x\n") == "tasks.txt:1: unknown task kind '' (accepted: run, fetch, exec)");
  CHECK(file_error("\x1b[2J x\n") == "tasks.txt:1: unknown task kind '\\x1b[2J' (accepted: run, fetch, exec)");
  // Whatever comes first in the file is what is reported.
  CHECK(file_error("bad\nrun 'x\n") == "tasks.txt:1: unknown task kind 'bad' (accepted: run, fetch, exec)");
}

TEST_CASE("a file without tasks is an error", "[task_list]") {
  CHECK(file_error("") == "tasks.txt: no tasks");
  CHECK(file_error("\n\r\n  # only comments\n\t\n") == "tasks.txt: no tasks");
}

TEST_CASE("kernel names and flags are not checked here", "[task_list]") {
  const TaskList list = parse_task_file("run no-such-kernel --no-such-flag\nfetch not-a-url\nexec -- ''\n", "t");
  CHECK(all_words(list) ==
        std::vector<Words>{{"run", "no-such-kernel", "--no-such-flag"}, {"fetch", "not-a-url"}, {"exec", ""}});
}

TEST_CASE("ten identical lines are ten tasks with ten ids", "[task_list]") {
  std::string text;
  for (int i = 0; i < 10; ++i) text.append("run noop\n");
  const TaskList list = parse_task_file(text, "t");
  REQUIRE(list.tasks.size() == 10);
  std::vector<std::uint64_t> sorted = ids(list);
  std::sort(sorted.begin(), sorted.end());
  CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
  for (std::uint32_t i = 0; i < 10; ++i) {
    CHECK(list.tasks[i].occurrence == i);
    CHECK(list.tasks[i].id == pc::farm::task_id(std::string("run\0noop\0", 9), i));
  }
}

TEST_CASE("occurrences count per text, however the texts interleave", "[task_list]") {
  std::string text;
  for (int i = 0; i < 7000; ++i) text.append("run k ").append(std::to_string(i % 7)).append(i % 2 ? "\n" : " # c\n");
  const TaskList list = parse_task_file(text, "t");
  REQUIRE(list.tasks.size() == 7000);
  bool all_right = true;
  for (std::uint32_t i = 0; i < 7000; ++i) all_right = all_right && list.tasks[i].occurrence == i / 7;
  CHECK(all_right);
  std::vector<std::uint64_t> sorted = ids(list);
  std::sort(sorted.begin(), sorted.end());
  CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
}

TEST_CASE("ids follow the words, not the position, the comments or the spacing", "[task_list]") {
  const TaskList before = parse_task_file("run a --n 1\nrun b\nrun a --n 1\nexec -- ./x 'y z'\n", "t");
  const TaskList after = parse_task_file(
      "# reordered and commented\r\n"
      "exec   --\t./x \"y z\"   # same words\r\n"
      "\r\n"
      "'run' a --n 1\r\n"
      "run b # b\r\n"
      "run a   --n '1'\r\n",
      "t");
  std::vector<std::uint64_t> a = ids(before), b = ids(after);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  CHECK(a == b);
  // The first "run a --n 1" is occurrence 0 in both, wherever it stands.
  CHECK(after.tasks[1].id == before.tasks[0].id);
  CHECK(after.tasks[3].occurrence == 1);
  CHECK(after.tasks[3].id == before.tasks[2].id);

  const TaskList changed = parse_task_file("run a --n 2\nrun b\nrun a --n 1\nexec -- ./x 'y  z'\n", "t");
  CHECK(changed.tasks[0].id != before.tasks[0].id);
  CHECK(changed.tasks[1].id == before.tasks[1].id);
  // Now the only "run a --n 1", so occurrence 0: the id of the first one before.
  CHECK(changed.tasks[2].id == before.tasks[0].id);
  CHECK(changed.tasks[3].id != before.tasks[3].id);
}

TEST_CASE("word boundaries are part of the identity", "[task_list]") {
  const TaskList list = parse_task_file("run 'a b'\nrun a b\nrun ab\nrun a '' b\nexec -- a b\n", "t");
  std::vector<std::uint64_t> sorted = ids(list);
  std::sort(sorted.begin(), sorted.end());
  CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
  // exec's "--" is not in the canonical text: "exec -- x" and "exec x" could not both parse,
  // and the text of an exec task never starts with "exec\0--\0".
  const Task& exec = list.tasks[4];
  CHECK(list.arena.substr(exec.offset, exec.length) == std::string("exec\0a\0b\0", 9));
}

TEST_CASE("task ids are pinned: they must never change", "[task_list]") {
  // Computed once, when task_id was written: journals on users' disks hold these, and
  // --resume matches on them, so a different value here is a broken release.
  using pc::farm::task_id;
  CHECK(task_id("", 0) == 0x0D4B4E2B3BD98889ULL);
  CHECK(task_id(std::string("run\0noop\0", 9), 0) == 0x0F7A0E557133927DULL);
  CHECK(task_id(std::string("run\0noop\0", 9), 1) == 0x1F5B94DC442A552CULL);
  CHECK(task_id(std::string("fetch\0https://example.org/data/1.csv\0", 37), 0) == 0xAC075F6F0210CF77ULL);
  CHECK(task_id(std::string("exec\0python3\0simulate.py\0--seed\0003\0--out\0run 3.dat\0", 50), 0) ==
        0x4C61132C9D257369ULL);
  CHECK(task_id("abcdefgh", 7) == 0x30EB71A3A1E4D39DULL);
}

TEST_CASE("a million different texts get a million different ids", "[task_list]") {
  std::vector<std::uint64_t> all;
  all.reserve(1'000'000);
  std::string text;
  for (std::uint32_t i = 0; i < 1'000'000; ++i) {
    // Texts that differ in few bits and at every place: a number, its length, a suffix.
    text.assign("exec\0./sim\0--seed\0", 18).append(std::to_string(i)).append(1, '\0');
    if (i % 3 == 1) text.append(std::string(i % 17, 'x')).append(1, '\0');
    all.push_back(pc::farm::task_id(text, i % 5 == 0 ? 0 : i % 4));
  }
  std::sort(all.begin(), all.end());
  CHECK(std::adjacent_find(all.begin(), all.end()) == all.end());
}

TEST_CASE("display quotes what a shell would read otherwise, and splits back", "[task_list]") {
  const TaskList list = parse_task_file(
      "run stencil --size 2000\n"
      "exec -- ./sim --out \"run 3.dat\" '' \"it's\" '$(rm -rf /)' a\\;b '#x' x#y '*' ~ '\\' tab\\\tx\n"
      "fetch 'https://h/a?b=1&c=2'\n"
      "exec -- -- --\n",
      "t");
  CHECK(list.display(list.tasks[0]) == "run stencil --size 2000");
  CHECK(list.display(list.tasks[1]) ==
        "exec -- ./sim --out 'run 3.dat' '' 'it'\\''s' '$(rm -rf /)' 'a;b' '#x' 'x#y' '*' '~' '\\' 'tab\tx'");
  CHECK(list.display(list.tasks[2]) == "fetch 'https://h/a?b=1&c=2'");
  CHECK(list.display(list.tasks[3]) == "exec -- -- --");
  for (const Task& t : list.tasks) {
    Words expected = list.words(t);
    if (t.kind == TaskKind::exec) expected.insert(expected.begin() + 1, "--");
    CHECK(split_words(list.display(t)) == expected);
  }
}

TEST_CASE("display round-trips every byte", "[task_list]") {
  std::string value, field;
  for (int c = 1; c < 256; ++c) {
    value += static_cast<char>(c);
    field.append(c == '"' ? 2 : 1, static_cast<char>(c));  // RFC 4180 doubles a quote
  }
  const TaskList list = expand_template("exec -- {1} {1}x", std::string("w\n\"").append(field).append("\"\n"), "t");
  CHECK(list.words(list.tasks[0]) == Words{"exec", value, value + "x"});
  CHECK(split_words(list.display(list.tasks[0])) == Words{"exec", "--", value, value + "x"});
}

TEST_CASE("a template makes one task per row, by name and by position", "[task_list]") {
  const TaskList list = expand_template("exec -- ./sim --seed {seed} --n {n} --tag s{1}-n{2}.out",
                                        "seed,n\n1,100\r\n\r\n2,200\n", "params.csv");
  REQUIRE(list.tasks.size() == 2);
  CHECK(all_words(list) == std::vector<Words>{{"exec", "./sim", "--seed", "1", "--n", "100", "--tag", "s1-n100.out"},
                                              {"exec", "./sim", "--seed", "2", "--n", "200", "--tag", "s2-n200.out"}});
  CHECK(list.tasks[0].line == 2);
  CHECK(list.tasks[1].line == 4);
  CHECK(list.columns == Words{"seed", "n"});
  CHECK(list.environment(1) == Words{"PARCOMPUTE_ARG_seed=2", "PARCOMPUTE_ARG_n=200"});
  // The same task from a file has the same id: identity is the canonical text.
  CHECK(list.tasks[0].id == parse_task_file("exec -- ./sim --seed 1 --n 100 --tag s1-n100.out", "t").tasks[0].id);
}

TEST_CASE("a value is one word, never split or interpreted", "[task_list]") {
  const TaskList list = expand_template("exec -- ./sim --v {v} \"pre {v} post\" '{v}'",
                                        "v\n"
                                        "\"a b\"\n"
                                        "\"it's \"\"q\"\"\"\n"
                                        "$(rm -rf /);echo `id` | x\n"
                                        "\"line1\nline2\"\n"
                                        "# not a comment\n"
                                        "\"\"\n"
                                        "\\ \\\n"
                                        "{v}\n",
                                        "params.csv");
  const std::vector<std::string> values = {
      "a b", "it's \"q\"", "$(rm -rf /);echo `id` | x", "line1\nline2", "# not a comment", "", "\\ \\", "{v}"};
  REQUIRE(list.tasks.size() == values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string& v = values[i];
    CHECK(list.words(list.tasks[i]) == Words{"exec", "./sim", "--v", v, "pre " + v + " post", v});
    CHECK(list.environment(i) == Words{"PARCOMPUTE_ARG_v=" + v});
  }
  CHECK(list.tasks[3].line == 5);
  CHECK(list.tasks[4].line == 7);  // the quoted newline counted
}

TEST_CASE("template braces: {{ and }} are literal, the rest must be placeholders", "[task_list]") {
  const TaskList list = expand_template("exec -- echo {{a}} {{{a}}} }}{{", "a\nx\n", "p.csv");
  CHECK(list.words(list.tasks[0]) == Words{"exec", "echo", "{a}", "{x}", "}{"});
  CHECK(template_error("exec -- echo {sed} {n}", "seed,n\n1,2\n") ==
        "--template: unknown placeholder {sed} (columns: seed, n)");
  CHECK(template_error("exec -- echo {3}", "seed,n\n1,2\n") ==
        "--template: placeholder {3} is not a column: the table has 2 columns (columns: seed, n)");
  CHECK(template_error("exec -- echo {0}", "seed\n1\n") ==
        "--template: placeholder {0} is not a column: the table has 1 column (columns: seed)");
  CHECK(template_error("exec -- echo {99999999999999999999999}", "a\n1\n") ==
        "--template: placeholder {99999999999999999999999} is not a column: the table has 1 column (columns: a)");
  CHECK(template_error("exec -- echo {}", "a b,c\n1,2\n") == "--template: empty placeholder {} (columns: 'a b', c)");
  CHECK(template_error("exec -- echo {a", "a\n1\n") ==
        "--template: '{' without a closing '}' (a literal brace is written {{)");
  CHECK(template_error("exec -- echo {a{b}", "a\n1\n") ==
        "--template: '{' without a closing '}' (a literal brace is written {{)");
  CHECK(template_error("exec -- echo a}", "a\n1\n") ==
        "--template: '}' without an opening '{' (a literal brace is written }})");
  // Braces are ordinary to the splitter: a placeholder cut by a blank is unclosed.
  CHECK(template_error("exec -- echo {a b}", "a b\n1\n") ==
        "--template: '{' without a closing '}' (a literal brace is written {{)");
  const TaskList quoted = expand_template("exec -- echo '{a b}'", "a b\n1\n", "p");
  CHECK(quoted.words(quoted.tasks[0]) == Words{"exec", "echo", "1"});
}

TEST_CASE("a digits-only column can be named only by position", "[task_list]") {
  const TaskList list = expand_template("run k --n {2} --m {1}", "2,x\na,b\n", "p");
  CHECK(list.words(list.tasks[0]) == Words{"run", "k", "--n", "b", "--m", "a"});
}

TEST_CASE("the template's own errors come before the table's rows", "[task_list]") {
  CHECK(template_error("exec -- echo 'x", "a\n1\n") == "--template: unbalanced single quote");
  CHECK(template_error("rn {a}", "a\n1\n") == "--template: unknown task kind 'rn' (accepted: run, fetch, exec)");
  CHECK(template_error("exec ./sim {a}", "a\n1\n1,2\n") ==
        "--template: exec needs '--' before the program (exec -- PROGRAM ARGS...)");
  CHECK(template_error("fetch {a} {a}", "a\n1\n") == "--template: fetch takes exactly one URL, got 2 (fetch URL)");
  CHECK(template_error("   # nothing", "a\n1\n") ==
        "--template: no task (a template is one task line, e.g. exec -- ./sim --seed {seed})");
  CHECK(template_error("exec -- echo {b}", "a\n1\n1,2,3\n") == "--template: unknown placeholder {b} (columns: a)");
}

TEST_CASE("a placeholder as the kind word is checked row by row", "[task_list]") {
  const TaskList list = expand_template("{kind} {what}", "kind,what\nrun,noop\nfetch,http://h/\n", "p.csv");
  CHECK(list.tasks[0].kind == TaskKind::run);
  CHECK(list.tasks[1].kind == TaskKind::fetch);
  CHECK(template_error("{kind} {what}", "kind,what\nrun,noop\nexec,x\n") ==
        "params.csv:3: exec needs '--' before the program (exec -- PROGRAM ARGS...)");
  CHECK(template_error("{kind} {what}", "kind,what\n\nrn,x\n") ==
        "params.csv:3: unknown task kind 'rn' (accepted: run, fetch, exec)");
}

TEST_CASE("table rows: RFC 4180 quoting, field counts and line numbers", "[task_list]") {
  const TaskList list = expand_template(
      "exec -- e {1} {2}", "a,b\r\n\"x,y\",\"\"\"\"\r\n,\r\n\"multi\r\nline\",2\r\n   \r\nlast,\"q\"", "p.csv");
  CHECK(all_words(list) == std::vector<Words>{{"exec", "e", "x,y", "\""},
                                              {"exec", "e", "", ""},
                                              {"exec", "e", "multi\r\nline", "2"},
                                              {"exec", "e", "last", "q"}});
  CHECK(list.tasks[3].line == 7);
  CHECK(list.environment(0) == Words{"PARCOMPUTE_ARG_a=x,y", "PARCOMPUTE_ARG_b=\""});

  CHECK(template_error("run k {1}", "seed,n\n1,2\n\n\n1,2,3\n") == "params.csv:5: 3 fields, the header has 2");
  CHECK(template_error("run k {1}", "seed,n\n1\n") == "params.csv:2: 1 field, the header has 2");
  CHECK(template_error("run k {1}", "seed,n\n1,2,\n") == "params.csv:2: 3 fields, the header has 2");
  CHECK(template_error("run k {1}", "seed\n\"a\nb\",1\n") == "params.csv:2: 2 fields, the header has 1");
  CHECK(template_error("run k {1}", "a\n1\n\"open\nstill\n") == "params.csv:3: unbalanced double quote");
  CHECK(template_error("run k {1}", "a\n\"x\"y\n") ==
        "params.csv:2: text after a closing double quote (a quote inside a quoted field is written \"\")");
  CHECK(template_error("run k {1}", std::string_view("a\nx\0y\n", 6)) == "params.csv:2: a NUL byte (tables are text)");
}

TEST_CASE("the header names the columns: non-empty and unique", "[task_list]") {
  CHECK(template_error("run k {1}", "") == "params.csv: no header row (the first line names the columns)");
  CHECK(template_error("run k {1}", "\n \r\n\t\n") == "params.csv: no header row (the first line names the columns)");
  CHECK(template_error("run k {1}", "seed,n\n") == "params.csv: no rows after the header (each row makes one task)");
  CHECK(template_error("run k {1}", "\n\nseed,,n\n1,2,3\n") == "params.csv:3: column 2 of the header has no name");
  CHECK(template_error("run k {1}", "seed,n,seed\n1,2,3\n") ==
        "params.csv:1: column 'seed' is named twice in the header");
}

TEST_CASE("template tasks: occurrences, environment names, values and digest", "[task_list]") {
  const TaskList list = expand_template("run k --s {1}", "my col,x-y.z,ok_1\n1,a,b\n2,a,b\n1,c,d\n", "p.csv");
  REQUIRE(list.tasks.size() == 3);
  CHECK(list.tasks[0].occurrence == 0);
  CHECK(list.tasks[1].occurrence == 0);
  CHECK(list.tasks[2].occurrence == 1);  // the same words as the first row
  CHECK(list.tasks[2].id != list.tasks[0].id);
  CHECK(list.environment(2) == Words{"PARCOMPUTE_ARG_my_col=1", "PARCOMPUTE_ARG_x_y_z=c", "PARCOMPUTE_ARG_ok_1=d"});
  CHECK(list.value_offsets.size() == 3);
  CHECK(list.values_arena == std::string("1\0a\0b\0"
                                         "2\0a\0b\0"
                                         "1\0c\0d\0",
                                         18));
  CHECK(list.sha256 == expand_template("run k --s {1}", "my col,x-y.z,ok_1\n1,a,b\n2,a,b\n1,c,d\n", "q").sha256);
  CHECK(list.sha256 != expand_template("run k --s {2}", "my col,x-y.z,ok_1\n1,a,b\n2,a,b\n1,c,d\n", "p").sha256);
  pc::io::Sha256 digest;
  digest.update("run a\0b\n1\n", 10);
  CHECK(expand_template("run a", "b\n1\n", "p").sha256 == digest.hex());
}

TEST_CASE("a part K/N deals the list round-robin and keeps each task's identity", "[task_list]") {
  const TaskList whole = parse_task_file("exec -- a\nexec -- b\nexec -- a\nexec -- c\nexec -- a\n", "t");
  TaskList second = whole;
  pc::farm::keep_part(second, pc::farm::parse_part("2/2"));
  REQUIRE(second.tasks.size() == 2);
  CHECK(second.tasks[0].id == whole.tasks[1].id);
  CHECK(second.tasks[1].id == whole.tasks[3].id);
  TaskList first = whole;
  pc::farm::keep_part(first, pc::farm::parse_part("1/2"));
  REQUIRE(first.tasks.size() == 3);
  CHECK(first.tasks[2].id == whole.tasks[4].id);  // the third "a": occurrence 2 of the whole file
  CHECK(first.tasks[2].occurrence == 2);
  TaskList beyond = whole;
  pc::farm::keep_part(beyond, pc::farm::parse_part("7/7"));
  CHECK(beyond.tasks.empty());  // more parts than tasks: some parts are empty
  CHECK(pc::farm::part_text(pc::farm::parse_part("3/8")) == "3/8");
  CHECK_THROWS_WITH(pc::farm::parse_part("0/2"), Catch::Contains("--part"));
  CHECK_THROWS_WITH(pc::farm::parse_part("3/2"), Catch::Contains("K is at most N"));
  CHECK_THROWS_WITH(pc::farm::parse_part("2"), Catch::Contains("is not K/N"));
  CHECK_THROWS_WITH(pc::farm::parse_part("1/0"), Catch::Contains("--part"));
}

TEST_CASE("a part of a template list keeps each task's own values", "[task_list]") {
  TaskList list = expand_template("exec -- sim {n}", "n\n10\n20\n30\n", "p.csv");
  pc::farm::keep_part(list, pc::farm::parse_part("2/2"));
  REQUIRE(list.tasks.size() == 1);
  CHECK(list.words(list.tasks[0]) == Words{"exec", "sim", "20"});
  CHECK(list.environment(0) == std::vector<std::string>{"PARCOMPUTE_ARG_n=20"});
}
