// A fresh folder under /tmp for one test, removed with everything in it afterwards.
#pragma once
#include <stdlib.h>

#include <cstdlib>
#include <string>

namespace pc_test {

struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/pc-unit-test-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { std::system(("rm -rf '" + path + "'").c_str()); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return path + "/" + name; }
};

}  // namespace pc_test
