// A journal file holding given records, for the tests of what reads journals.
#pragma once
#include <string>
#include <vector>

#include "io/journal.hpp"
#include "temp_dir.hpp"

namespace pc_test {

// A new journal of `records`, in a folder that lasts as long as the test program.
inline std::string journal_of(const std::vector<std::string>& records) {
  static TempDir dir;
  static int made = 0;
  const std::string path = dir.file("journal-" + std::to_string(made++));
  pc::io::Journal j = pc::io::Journal::create(path);
  for (const std::string& r : records) j.append(r);
  j.close();
  return path;
}

}  // namespace pc_test
