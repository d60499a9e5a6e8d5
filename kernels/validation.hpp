// A kernel's verdict on its own answer: the value, the analytic reference, and whether they
// agree within a stated relative epsilon.
#pragma once
#include <cmath>
#include <string>

namespace pc::kernels {

struct Validation {
  double value = 0;
  double reference = 0;
  double epsilon = 0;  // relative
  bool ok = false;
};

inline Validation relative(double value, double reference, double epsilon) {
  const double scale = std::fabs(reference) > 0 ? std::fabs(reference) : 1.0;
  return {value, reference, epsilon, std::fabs(value - reference) / scale <= epsilon};
}

}  // namespace pc::kernels
