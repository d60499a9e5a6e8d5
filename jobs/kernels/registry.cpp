// The kernel registry: one line per kernel.
#include "jobs/kernels/kernel.hpp"
#include "jobs/kernels/prk.hpp"
#include "jobs/kernels/sumsq.hpp"

namespace pc::jobs {

std::vector<std::unique_ptr<Kernel>> make_kernels() {
  std::vector<std::unique_ptr<Kernel>> out;
  out.push_back(std::make_unique<Sumsq>());
  out.push_back(std::make_unique<Nstream>());
  out.push_back(std::make_unique<Transpose>());
  out.push_back(std::make_unique<Stencil>());
  out.push_back(std::make_unique<Dgemm>());
  out.push_back(std::make_unique<Mandelbrot>());
  out.push_back(std::make_unique<Noop>());
  return out;
}

}  // namespace pc::jobs
