// The engine of mpi::map on bytes: blocks scattered and gathered, or chunks handed out by
// rank 0 as workers report, on a duplicate of the caller's communicator so that its messages
// can never meet the caller's own.
#include "mpi/map.hpp"

#include <algorithm>
#include <utility>

#include "core/partition.hpp"

namespace pc::mpi {

namespace {

// Errors as bytes, for gathers and messages: per error its item, rank, length and text.
void append_errors(std::vector<std::byte>& out, const std::vector<ItemError>& errors) {
  for (const ItemError& e : errors) {
    const std::int64_t head[3] = {e.item, e.rank, static_cast<std::int64_t>(e.message.size())};
    const auto* h = reinterpret_cast<const std::byte*>(head);
    out.insert(out.end(), h, h + sizeof head);
    const auto* m = reinterpret_cast<const std::byte*>(e.message.data());
    out.insert(out.end(), m, m + e.message.size());
  }
}

void read_errors(const std::byte* at, const std::byte* end, std::vector<ItemError>& into) {
  while (at < end) {
    std::int64_t head[3];
    std::memcpy(head, at, sizeof head);
    at += sizeof head;
    into.push_back({head[0], static_cast<int>(head[1]),
                    std::string(reinterpret_cast<const char*>(at), static_cast<std::size_t>(head[2]))});
    at += head[2];
  }
}

std::vector<std::byte> as_bytes_of(const std::vector<ItemError>& errors) {
  std::vector<std::byte> out;
  append_errors(out, errors);
  return out;
}

class DupComm {
 public:
  explicit DupComm(const Comm& comm) : comm_(comm) { check(MPI_Comm_dup(comm.handle, &comm_.handle), "MPI_Comm_dup"); }
  ~DupComm() { MPI_Comm_free(&comm_.handle); }
  DupComm(const DupComm&) = delete;
  DupComm& operator=(const DupComm&) = delete;
  const Comm& get() const { return comm_; }

 private:
  Comm comm_;
};

MappedBytes run_alone(const std::byte* inputs, std::int64_t n, const ItemRunner& runner) {
  MappedBytes out;
  out.results.resize(static_cast<std::size_t>(n) * runner.out_size);
  out.errors = runner.run(0, n, inputs, out.results.data());
  return out;
}

MappedBytes run_blocks(const Comm& comm, const std::byte* inputs, std::int64_t n, const ItemRunner& runner) {
  const core::Layout layout = core::block_layout(n, comm.size);
  std::vector<int> counts(layout.counts.size()), displs(layout.displs.size());
  for (std::size_t r = 0; r < counts.size(); ++r) {
    counts[r] = message_count(layout.counts[r] * static_cast<std::int64_t>(runner.in_size));
    displs[r] = message_count(layout.displs[r] * static_cast<std::int64_t>(runner.in_size));
  }
  const auto me = static_cast<std::size_t>(comm.rank);
  std::vector<std::byte> mine(static_cast<std::size_t>(counts[me]));
  check(MPI_Scatterv(inputs, counts.data(), displs.data(), MPI_BYTE, mine.data(), counts[me], MPI_BYTE, 0, comm.handle),
        "MPI_Scatterv");
  const std::int64_t count = layout.counts[me];
  std::vector<std::byte> results(static_cast<std::size_t>(count) * runner.out_size);
  const std::vector<ItemError> errors = runner.run(layout.displs[me], count, mine.data(), results.data());
  MappedBytes out;
  message_count(static_cast<std::int64_t>(results.size()) * comm.size);  // the gather's displacements are ints
  out.results = gather_blocks(comm, results);
  const std::vector<std::byte> all_errors = gather_blocks(comm, as_bytes_of(errors));
  read_errors(all_errors.data(), all_errors.data() + all_errors.size(), out.errors);  // rank order is item order
  return out;
}

constexpr int kTag = 1;  // on the duplicate communicator, which carries nothing else

std::vector<std::byte> receive_any(const Comm& comm, int source, MPI_Status& status) {
  check(MPI_Probe(source, kTag, comm.handle, &status), "MPI_Probe");
  int bytes = 0;
  check(MPI_Get_count(&status, MPI_BYTE, &bytes), "MPI_Get_count");
  std::vector<std::byte> buf(static_cast<std::size_t>(bytes));
  check(MPI_Recv(buf.data(), bytes, MPI_BYTE, status.MPI_SOURCE, kTag, comm.handle, MPI_STATUS_IGNORE), "MPI_Recv");
  return buf;
}

void send(const Comm& comm, int to, const std::vector<std::byte>& buf) {
  check(MPI_Send(buf.data(), message_count(static_cast<std::int64_t>(buf.size())), MPI_BYTE, to, kTag, comm.handle),
        "MPI_Send");
}

constexpr std::size_t kHeadBytes = 2 * sizeof(std::int64_t);  // a message's {first, count}

// A message: {first, count} then the records (inputs to a worker, results back) and, from a
// worker, its errors.
std::vector<std::byte> message(std::int64_t first, std::int64_t count, const std::byte* records, std::size_t bytes) {
  const std::int64_t head[2] = {first, count};
  std::vector<std::byte> out(kHeadBytes + bytes);
  std::memcpy(out.data(), head, kHeadBytes);
  if (bytes > 0) std::memcpy(out.data() + kHeadBytes, records, bytes);
  return out;
}

void read_head(const std::vector<std::byte>& buf, std::int64_t& first, std::int64_t& count) {
  std::int64_t head[2];
  std::memcpy(head, buf.data(), kHeadBytes);
  first = head[0];
  count = head[1];
}

// Items in the next hand-out: a fixed chunk, or a share of what is left that shrinks as the
// work runs out (large chunks early for few messages, small ones late for balance).
std::int64_t next_chunk(std::int64_t left, int workers, std::int64_t chunk) {
  if (chunk > 0) return std::min(chunk, left);
  return std::clamp<std::int64_t>(left / (2 * std::int64_t{workers}), 1, left);
}

MappedBytes manage(const Comm& comm, const std::byte* inputs, std::int64_t n, const ItemRunner& runner,
                   std::int64_t chunk) {
  MappedBytes out;
  out.results.resize(static_cast<std::size_t>(n) * runner.out_size);
  std::int64_t next = 0;
  for (int working = comm.size - 1; working > 0;) {
    MPI_Status status;
    const std::vector<std::byte> report = receive_any(comm, MPI_ANY_SOURCE, status);
    std::int64_t first = 0, count = 0;
    read_head(report, first, count);
    const std::byte* records = report.data() + kHeadBytes;
    const std::size_t bytes = static_cast<std::size_t>(count) * runner.out_size;
    if (count > 0) std::memcpy(out.results.data() + static_cast<std::size_t>(first) * runner.out_size, records, bytes);
    read_errors(records + bytes, report.data() + report.size(), out.errors);
    const std::int64_t c = next < n ? next_chunk(n - next, comm.size - 1, chunk) : 0;
    send(comm, status.MPI_SOURCE,
         message(next, c, inputs + static_cast<std::size_t>(next) * runner.in_size,
                 static_cast<std::size_t>(c) * runner.in_size));
    next += c;
    if (c == 0) --working;
  }
  std::sort(out.errors.begin(), out.errors.end(),
            [](const ItemError& a, const ItemError& b) { return a.item < b.item; });
  return out;
}

void work(const Comm& comm, const ItemRunner& runner) {
  std::vector<std::byte> report = message(0, 0, nullptr, 0);  // "ready"
  for (;;) {
    send(comm, 0, report);
    MPI_Status status;
    const std::vector<std::byte> task = receive_any(comm, 0, status);
    std::int64_t first = 0, count = 0;
    read_head(task, first, count);
    if (count == 0) return;
    std::vector<std::byte> results(static_cast<std::size_t>(count) * runner.out_size);
    const std::vector<ItemError> errors = runner.run(first, count, task.data() + kHeadBytes, results.data());
    report = message(first, count, results.data(), results.size());
    append_errors(report, errors);
  }
}

void share_with_every_rank(const Comm& comm, MappedBytes& out) {
  std::vector<std::byte> errors = as_bytes_of(out.errors);
  broadcast_bytes(comm, out.results);
  broadcast_bytes(comm, errors);
  out.errors.clear();
  read_errors(errors.data(), errors.data() + errors.size(), out.errors);
}

}  // namespace

MappedBytes map_bytes(const Comm& comm, const std::byte* inputs, std::int64_t n, const ItemRunner& runner,
                      const MapOptions& options) {
  if (comm.size == 1) return run_alone(inputs, n, runner);
  const DupComm dup(comm);
  const Comm& c = dup.get();
  broadcast(c, n);
  MappedBytes out;
  if (options.schedule == Schedule::blocks) out = run_blocks(c, inputs, n, runner);
  else if (c.root()) out = manage(c, inputs, n, runner, options.chunk);
  else work(c, runner);
  if (options.results_on_every_rank) share_with_every_rank(c, out);
  return out;
}

}  // namespace pc::mpi
