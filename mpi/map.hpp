// map over ranks and threads: the C++ answer to multiprocessing.Pool.map. Inputs are given
// on rank 0; results come back on rank 0 (or every rank) in input order; an exception thrown
// by the function is a per-item error, never a hang.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

#include "mpi/comm.hpp"
#include "omp/items.hpp"

namespace pc::mpi {

enum class Schedule {
  blocks,   // static: rank r takes the r-th contiguous block of items (like Pool.map)
  dynamic,  // rank 0 hands out chunks as workers ask; it works itself only when alone
};

struct MapOptions {
  Schedule schedule = Schedule::blocks;
  bool results_on_every_rank = false;  // else only rank 0 gets them
  std::int64_t chunk = 0;              // dynamic: items a hand-out; 0: shrinking with the work left
};

// An item whose function threw: which item, on which rank, and what it said.
struct ItemError {
  std::int64_t item = 0;
  int rank = 0;
  std::string message;
};

template <class Out> struct Mapped {
  std::vector<Out> results;       // one per input, in input order; a failed item's is Out{}
  std::vector<ItemError> errors;  // in item order
  bool ok() const { return errors.empty(); }
};

// The byte-level engine under map(): items are fixed-size records.
struct ItemRunner {
  std::size_t in_size = 0, out_size = 0;
  // Runs `count` items starting at global index `first`: reads `in`, writes `out`, returns
  // the items that failed. Called on the main thread; spreads the items over threads.
  std::function<std::vector<ItemError>(std::int64_t first, std::int64_t count, const std::byte* in, std::byte* out)>
      run;
};
struct MappedBytes {
  std::vector<std::byte> results;
  std::vector<ItemError> errors;
};
// Collective over `comm`. `inputs` (n records of runner.in_size bytes) is read on rank 0 only.
MappedBytes map_bytes(const Comm& comm, const std::byte* inputs, std::int64_t n, const ItemRunner& runner,
                      const MapOptions& options);

// Collective over `comm`: every rank calls it, with the same options. `inputs` is read on
// rank 0 only (other ranks may pass an empty vector). Each rank runs its items on its OpenMP
// threads. Floating-point results combined with core::ordered_sum over `results` give the
// same bits for any number of ranks and threads: each item is computed alone, and the sum is
// taken in input order.
template <class In, class F>
auto map(const Comm& comm, const std::vector<In>& inputs, F&& f, const MapOptions& options = {})
    -> Mapped<std::invoke_result_t<F&, const In&>> {
  using Out = std::invoke_result_t<F&, const In&>;
  static_assert(std::is_trivially_copyable_v<In>,
                "mpi::map: inputs travel between ranks as bytes, so they must be trivially copyable "
                "(numbers or plain structs of numbers, no std::string or std::vector)");
  static_assert(std::is_trivially_copyable_v<Out> && std::is_default_constructible_v<Out>,
                "mpi::map: results travel between ranks as bytes, so they must be trivially copyable "
                "and default-constructible (numbers or plain structs of numbers)");
  ItemRunner runner;
  runner.in_size = sizeof(In);
  runner.out_size = sizeof(Out);
  runner.run = [&f, &comm](std::int64_t first, std::int64_t count, const std::byte* in, std::byte* out) {
    std::vector<std::string> failed(static_cast<std::size_t>(count));
    std::vector<char> threw(static_cast<std::size_t>(count), 0);
    omp::for_each_item(count, [&](std::int64_t i) {
      const auto k = static_cast<std::size_t>(i);
      In item;
      std::memcpy(&item, in + k * sizeof(In), sizeof(In));  // the bytes may not be aligned for In
      Out result{};
      try {
        result = f(item);
      } catch (const std::exception& e) {
        threw[k] = 1;
        failed[k] = e.what();
      } catch (...) {
        threw[k] = 1;
        failed[k] = "an exception that is not a std::exception";
      }
      std::memcpy(out + k * sizeof(Out), &result, sizeof(Out));
    });
    std::vector<ItemError> errors;
    for (std::size_t k = 0; k < threw.size(); ++k)
      if (threw[k]) errors.push_back({first + static_cast<std::int64_t>(k), comm.rank, std::move(failed[k])});
    return errors;
  };
  const auto n = static_cast<std::int64_t>(comm.root() ? inputs.size() : 0);
  MappedBytes bytes = map_bytes(comm, reinterpret_cast<const std::byte*>(inputs.data()), n, runner, options);
  Mapped<Out> out;
  out.results.resize(bytes.results.size() / sizeof(Out));
  if (!out.results.empty()) std::memcpy(out.results.data(), bytes.results.data(), bytes.results.size());
  out.errors = std::move(bytes.errors);
  return out;
}

}  // namespace pc::mpi
