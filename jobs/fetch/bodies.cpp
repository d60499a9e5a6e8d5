// Protocol, rank by rank (rank 0 first, from its own spool): each rank r > 0 sends its count
// of bodies, its BodyRefs, then every body cut into pieces of at most kPiece bytes, in order;
// rank 0 cuts the same way, so no piece needs a header.
#include "jobs/fetch/bodies.hpp"

#include <algorithm>
#include <string>

#include "core/error.hpp"
#include "io/h5_bytes.hpp"

namespace pc::jobs {

namespace {

constexpr std::int64_t kPiece = 4 * 1024 * 1024;
constexpr int kTagRefs = 51, kTagPiece = 52;

void send_bodies(const mpi::Comm& comm, io::BodySpool& spool, const std::vector<BodyRef>& mine) {
  std::int64_t count = static_cast<std::int64_t>(mine.size());
  mpi::check(MPI_Send(&count, 1, MPI_INT64_T, 0, kTagRefs, comm.handle), "MPI_Send");
  mpi::check(MPI_Send(mine.data(), static_cast<int>(mine.size() * sizeof(BodyRef)), MPI_BYTE, 0, kTagRefs, comm.handle),
             "MPI_Send");
  std::vector<char> piece(static_cast<std::size_t>(kPiece));
  for (const BodyRef& b : mine) {
    for (std::int64_t done = 0; done < b.length;) {
      const std::int64_t n = std::min(kPiece, b.length - done);
      spool.read(b.offset + done, static_cast<std::size_t>(n), piece.data());
      mpi::check(MPI_Send(piece.data(), static_cast<int>(n), MPI_BYTE, 0, kTagPiece, comm.handle), "MPI_Send");
      done += n;
    }
  }
}

}  // namespace

std::vector<BodyRef> body_refs(const std::vector<std::int64_t>& positions, const std::vector<io::FetchRow>& mine) {
  std::vector<BodyRef> refs;
  for (std::size_t i = 0; i < mine.size(); ++i)
    if (mine[i].spool_offset >= 0) refs.push_back({positions[i], mine[i].spool_offset, mine[i].bytes});
  return refs;
}

void store_bodies(const mpi::Comm& comm, io::BodySpool& spool, const std::vector<BodyRef>& mine,
                  const io::h5::Location* group, const std::vector<io::FetchRow>* rows) {
  if (!comm.root()) return send_bodies(comm, spool, mine);

  std::vector<std::int64_t> offsets, lengths;
  std::int64_t total = 0;
  for (const io::FetchRow& r : *rows) {
    offsets.push_back(total);
    lengths.push_back(r.bytes);
    total += r.bytes;
  }
  group->write("body_offset", offsets);
  group->write("body_length", lengths);
  const io::h5::ByteColumn bodies(*group, "bodies", static_cast<hsize_t>(total), 1024 * 1024);

  std::vector<char> piece(static_cast<std::size_t>(kPiece));
  auto place = [&](const BodyRef& b, auto&& fill) {
    const std::size_t i = static_cast<std::size_t>(b.index);
    if (i >= rows->size() || lengths[i] != b.length) throw core::Error("--store-bodies: a body does not match its row");
    for (std::int64_t done = 0; done < b.length;) {
      const std::int64_t n = std::min(kPiece, b.length - done);
      fill(b, done, n);
      bodies.write(static_cast<hsize_t>(offsets[i] + done), piece.data(), static_cast<std::size_t>(n));
      done += n;
    }
  };
  for (const BodyRef& b : mine)
    place(b, [&](const BodyRef& ref, std::int64_t done, std::int64_t n) {
      spool.read(ref.offset + done, static_cast<std::size_t>(n), piece.data());
    });
  for (int r = 1; r < comm.size; ++r) {
    std::int64_t count = 0;
    mpi::check(MPI_Recv(&count, 1, MPI_INT64_T, r, kTagRefs, comm.handle, MPI_STATUS_IGNORE), "MPI_Recv");
    std::vector<BodyRef> refs(static_cast<std::size_t>(count));
    mpi::check(MPI_Recv(refs.data(), static_cast<int>(refs.size() * sizeof(BodyRef)), MPI_BYTE, r, kTagRefs,
                        comm.handle, MPI_STATUS_IGNORE),
               "MPI_Recv");
    for (const BodyRef& b : refs)
      place(b, [&](const BodyRef&, std::int64_t, std::int64_t n) {
        mpi::check(MPI_Recv(piece.data(), static_cast<int>(n), MPI_BYTE, r, kTagPiece, comm.handle, MPI_STATUS_IGNORE),
                   "MPI_Recv");
      });
  }
}

}  // namespace pc::jobs
