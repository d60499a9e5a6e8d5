// The parcompute toolkit in one include: kernels with their OpenMP and MPI drivers, map over
// ranks and threads, the results file and the journal, and the fetch layer. Installed as <parcompute/parcompute.hpp>.
// Not jobs/ (the CLI's kernel registry, options and reports): it brings CLI11 and
// nlohmann_json with it, so its headers are included by name, <parcompute/jobs/cli/parse.hpp>;
// nor farm/ (the task farm), which stands on jobs/: <parcompute/farm/farm.hpp>.
#pragma once

#include "core/build_info.hpp"
#include "core/error.hpp"
#include "core/int128.hpp"
#include "core/interrupt.hpp"
#include "core/ordered_sum.hpp"
#include "core/partition.hpp"

#include "kernels/dgemm.hpp"
#include "kernels/mandelbrot.hpp"
#include "kernels/nstream.hpp"
#include "kernels/stencil.hpp"
#include "kernels/sumsq.hpp"
#include "kernels/transpose.hpp"
#include "kernels/validation.hpp"

#include "omp/dgemm.hpp"
#include "omp/items.hpp"
#include "omp/mandelbrot.hpp"
#include "omp/nstream.hpp"
#include "omp/stencil.hpp"
#include "omp/sumsq.hpp"
#include "omp/threads.hpp"
#include "omp/transpose.hpp"

#include "mpi/comm.hpp"
#include "mpi/dgemm.hpp"
#include "mpi/env.hpp"
#include "mpi/field.hpp"
#include "mpi/launch.hpp"
#include "mpi/mandelbrot.hpp"
#include "mpi/map.hpp"
#include "mpi/nstream.hpp"
#include "mpi/stencil.hpp"
#include "mpi/sumsq.hpp"
#include "mpi/transpose.hpp"

#include "fetch/curl_info.hpp"
#include "fetch/fetch.hpp"
#include "fetch/url_list.hpp"
#include "fetch/url_text.hpp"
#include "io/h5.hpp"
#include "io/journal.hpp"
#include "io/result_file.hpp"
