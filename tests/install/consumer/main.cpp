// Links the installed pc_omp library and prints the sum of i*i below 1000000 exactly.
#include <iostream>

#include "core/build_info.hpp"
#include "omp/sumsq.hpp"

int main() {
  std::cout << pc::core::kVersion << " " << pc::core::to_string(pc::omp::sumsq::run(1000000)) << "\n";
}
