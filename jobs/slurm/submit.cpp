#include "jobs/slurm/submit.hpp"

#include "core/command.hpp"
#include "core/error.hpp"
#include "core/printable.hpp"

namespace pc::jobs::slurm {

std::string submit(const std::string& script) {
  // sbatch only talks to the controller: a minute is a controller that does not answer.
  const core::CommandResult r = core::run_command({"sbatch", "--parsable"}, script, std::chrono::seconds(60));
  if (!r.started)
    throw core::UsageError("slurm --submit: " + r.error +
                           " (is Slurm on PATH here? without --submit the script is printed)");
  if (r.timed_out) throw core::UsageError("slurm --submit: sbatch did not answer within 60 s");
  if (r.status != 0)
    throw core::UsageError("slurm --submit: sbatch refused the job: " + core::printable(core::one_line(r.err)));
  std::string id = core::one_line(r.out);
  id = id.substr(0, id.find(';'));
  if (id.empty()) throw core::UsageError("slurm --submit: sbatch printed no job id");
  return id;
}

}  // namespace pc::jobs::slurm
