// Submitting a script with sbatch, which reads it from standard input.
#pragma once
#include <string>

namespace pc::jobs::slurm {

// Runs `sbatch --parsable` with `script` on its stdin; returns the job id it prints (an
// array's or a cluster's suffix after ';' dropped). sbatch's refusal (a bad partition, no
// controller) throws core::UsageError with sbatch's own message; no sbatch on PATH too.
std::string submit(const std::string& script);

}  // namespace pc::jobs::slurm
