// The script is put together from the pieces below; values from the user go in only through
// core::shell_word (a command's words, the script's own name) or as checked #SBATCH words.
#include "jobs/slurm/script.hpp"

#include "core/error.hpp"
#include "core/printable.hpp"
#include "jobs/slurm/values.hpp"

namespace pc::jobs::slurm {

namespace {

bool is_farm(const JobCommand& c) { return c.command == "farm"; }

std::string job_name(const JobOptions& o, const JobCommand& c) {
  if (!o.job_name.empty()) return o.job_name;
  return "pc-" + (c.command == "run" ? c.kernel : c.command);
}

// The words of the command, quoted; a farm's -o is left out (the script passes -o or
// --resume itself, so the first run and the resumed ones name the same file).
std::string command_words(const JobCommand& c) {
  std::string out;
  for (std::size_t i = 0; i < c.words.size(); ++i) {
    const std::string& w = c.words[i];
    if (is_farm(c) && !c.output.empty()) {
      if (w == "-o" || w == "--output") {
        ++i;
        continue;
      }
      if (w.rfind("--output=", 0) == 0 || (w.rfind("-o", 0) == 0 && w.size() > 2 && w[2] != '-')) continue;
    }
    out.append(out.empty() ? "" : " ").append(core::shell_word(w));
  }
  return out;
}

// The generator's command line that gives this script, in one spelling whatever was typed.
std::string made_with(const JobOptions& o, const JobCommand& c) {
  std::string out = "parcompute slurm";
  const auto text = [&out](const char* flag, const std::string& v) {
    if (!v.empty()) out.append(" ").append(flag).append("=").append(core::shell_word(v));
  };
  const auto count = [&out](const char* flag, int v) {
    if (v > 0) out.append(" ").append(flag).append("=").append(std::to_string(v));
  };
  text("--job-name", o.job_name);
  text("--array", o.array);
  count("--nodes", o.nodes);
  count("--ntasks", o.ntasks);
  count("--ntasks-per-node", o.ntasks_per_node);
  count("--cpus-per-task", o.cpus_per_task);
  text("--time", o.time);
  text("--partition", o.partition);
  text("--account", o.account);
  text("--output", o.output);
  if (o.requeue) out.append(" --requeue");
  out.append(" --");
  for (const std::string& w : c.words) out.append(" ").append(core::shell_word(w));
  return out;
}

std::string about(const JobOptions& o, const JobCommand& c) {
  if (c.command == "run")
    return R"sh(# `parcompute run` as MPI ranks (--ntasks, over --nodes) of OpenMP threads (--cpus-per-task
# each, one a core, a rank's threads side by side). The results and the job's provenance (job
# id, nodes, ranks x threads) go to one HDF5 file: -o FILE, else
# parcompute-<kernel>-<UTC time>-<job id>.h5 in the working folder. Every rank must see that
# folder (a shared one, not node-local /tmp).
)sh";
  if (c.command == "fetch")
    return R"sh(# `parcompute fetch`: each rank drives one libcurl multi handle over its share of the URLs;
# one row per URL (status, bytes, seconds, error, attempts) in an HDF5 file, in input order. A
# URL that fails is a row with its error and makes the job exit 1 (state FAILED), so a
# dependent job (--dependency=afterok) does not start on incomplete data.
)sh";
  if (c.command == "info")
    return "# `parcompute info` on every rank: the MPI, OpenMP, HDF5 and libcurl the job sees.\n";
  std::string out = R"sh(# A task farm that survives its time limit: 120 s before the limit Slurm sends TERM to this
# script, which passes it on to the farm; the farm stops handing out tasks, lets the running
# ones end (within --grace, default 30 s), writes everything to its journal and exits 3.
)sh";
  out += o.requeue ? R"sh(# The script then requeues the job, and the next run resumes from the journal (Slurm holds
# a requeued job for about two minutes before it may start again).
)sh"
                   : R"sh(# Submit the same script again with the same results file, and it resumes from the journal.
)sh";
  out += R"sh(# Each finished task is kept exactly once, however many runs it takes. One rank per node fills
# it with --slots (default: the CPUs it may use / --threads-per-task); on more than one node
# an extra rank 0 hands out the tasks and keeps the journal, sharing the first node.
)sh";
  if (!o.array.empty())
    out += R"sh(# A job array: array task i runs the i-th part of the list (tasks i, i+N, ... of N parts, N
# the array's size) into its own file. Each task keeps its identity in the whole list, so
# `parcompute merge OUT.h5 PARTS.h5...` makes the parts one farm file again.
)sh";
  return out;
}

std::string usage(const JobOptions& o, const JobCommand& c) {
  if (!is_farm(c))
    return R"sh(#   sbatch SCRIPT                                  # results in the submit folder
#   sbatch --chdir=/shared/run SCRIPT -o out.h5    # sbatch options before SCRIPT, parcompute's after
)sh";
  const std::string tasks = c.task_file_given ? "" : " TASKFILE";
  if (o.array.empty())
    return "#   sbatch SCRIPT" + tasks + " [farm options]              # results: " +
           (c.output.empty() ? std::string("pc-farm-<job id>.h5") : core::shell_word(c.output)) +
           "\n#   PC_FARM_OUTPUT=/shared/sweep.h5 sbatch SCRIPT" + tasks +
           "   # the results file; every node must see it\n";
  return "#   sbatch SCRIPT" + tasks + " [farm options]   # files: " +
         (c.output.empty() ? std::string("pc-array-<array job id>") : core::shell_word(c.output)) +
         "_<index>.h5\n#   PC_ARRAY_OUTPUT=/shared/sweep sbatch SCRIPT" + tasks +
         "   # /shared/sweep_<index>.h5; submit again to resume\n";
}

std::string sbatch_lines(const JobOptions& o, const JobCommand& c) {
  std::string out;
  const auto line = [&out](const std::string& option) { out.append("#SBATCH ").append(option).append("\n"); };
  const auto count = [&line](const char* flag, int v) {
    if (v > 0) line(std::string(flag) + "=" + std::to_string(v));
  };
  const std::string name = job_name(o, c);
  line("--job-name=" + name);
  if (!o.array.empty()) line("--array=" + o.array);
  count("--nodes", is_farm(c) && o.nodes == 0 ? 1 : o.nodes);
  count("--ntasks", o.ntasks);
  count("--ntasks-per-node", is_farm(c) ? 1 : o.ntasks_per_node);
  count("--cpus-per-task", o.cpus_per_task);
  if (!o.time.empty()) line("--time=" + o.time);
  if (!o.partition.empty()) line("--partition=" + o.partition);
  if (!o.account.empty()) line("--account=" + o.account);
  if (is_farm(c)) line("--signal=B:TERM@120");
  if (o.requeue) line("--requeue");
  if (is_farm(c)) line("--open-mode=append");  // a requeued run adds to the same log
  line("--output=" + (!o.output.empty() ? o.output : name + (o.array.empty() ? "-%j.out" : "-%A_%a.out")));
  return out;
}

const char* const kPrologue = R"sh(set -euo pipefail

# parcompute from $PARCOMPUTE when set, else the one on PATH (after `module load`, say).
pc=${PARCOMPUTE:-parcompute}
command -v "$pc" >/dev/null || { echo "$name: '$pc' not found: put parcompute on PATH or set PARCOMPUTE" >&2; exit 2; }
)sh";

std::string ranks_body(const JobCommand& c) {
  std::string out = R"sh(
# One thread per CPU of the task. Since Slurm 22.05 srun no longer inherits --cpus-per-task
# from sbatch: without SRUN_CPUS_PER_TASK each rank would get one CPU and its threads would
# share it.
export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}
export SRUN_CPUS_PER_TASK=${SLURM_CPUS_PER_TASK:-1}
# Each thread on its own core, the threads of a rank next to each other (shared caches).
export OMP_PLACES=cores
export OMP_PROC_BIND=close

# --kill-on-bad-exit=1: a rank that dies ends the step, instead of the others waiting for it
# in a collective until the time limit. The script's own arguments are added at the end.
)sh";
  return out + "srun --kill-on-bad-exit=1 --mpi=pmix \"$pc\" " + command_words(c) + " \"$@\"\n";
}

std::string farm_body(const JobOptions& o, const JobCommand& c) {
  const bool array = !o.array.empty();
  std::string out = "\n# The script's arguments are more `parcompute farm` options";
  out += c.task_file_given ? ".\n" : ", the task file first.\n";
  if (!c.task_file_given)
    out += R"sh([ $# -ge 1 ] || { echo "$name: usage: sbatch SCRIPT TASKFILE [farm options]" >&2; exit 2; }
)sh";
  out += R"sh(for arg in "$@"; do
  case "$arg" in
    -o | -o?* | --output | --output=* | --resume | --resume=* | --retry-failed | --retry-failed=* | --part | --part=*)
)sh";
  out +=
      array
          ? R"sh(      echo "$name: $arg: each array task names its own file and part (the prefix is \$PC_ARRAY_OUTPUT)" >&2
)sh"
          : R"sh(      echo "$name: $arg: the results file is \$PC_FARM_OUTPUT (the script resumes it itself)" >&2
)sh";
  out += R"sh(      exit 2 ;;
  esac
done
)sh";
  if (array) {
    out += "default_prefix=" +
           (c.output.empty() ? std::string("pc-array-$SLURM_ARRAY_JOB_ID")
                             : core::shell_word(c.output.size() > 3 && c.output.ends_with(".h5")
                                                    ? c.output.substr(0, c.output.size() - 3)
                                                    : c.output)) +
           "\n";
    out += R"sh(
# The part of this index among the array's consecutive indices.
[ -n "${SLURM_ARRAY_TASK_ID:-}" ] || { echo "$name: not an array job: submit with sbatch --array=A-B" >&2; exit 2; }
count=$SLURM_ARRAY_TASK_COUNT
if [ $((SLURM_ARRAY_TASK_MAX - SLURM_ARRAY_TASK_MIN + 1)) -ne "$count" ]; then
  echo "$name: array indices $SLURM_ARRAY_TASK_MIN-$SLURM_ARRAY_TASK_MAX are not consecutive ($count tasks)" >&2
  exit 2
fi
part="$((SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN + 1))/$count"
out=${PC_ARRAY_OUTPUT:-$default_prefix}_$SLURM_ARRAY_TASK_ID.h5
resume="submit the array again with PC_ARRAY_OUTPUT=${PC_ARRAY_OUTPUT:-$default_prefix}"
)sh";
  } else {
    out += "default_out=" + (c.output.empty() ? std::string("pc-farm-$SLURM_JOB_ID.h5") : core::shell_word(c.output)) +
           "\n";
    out += R"sh(out=${PC_FARM_OUTPUT:-$default_out}
resume="submit again with PC_FARM_OUTPUT=$out"
)sh";
  }
  out += R"sh(
# A first run starts the farm; a requeued one resumes its journal; a finished one is done.
if [ -e "$out.journal" ]; then
  what=(--resume "$out")
elif [ -e "$out" ]; then
  echo "$name: $out is complete; nothing to do"
  exit 0
else
  what=(-o "$out")
fi
)sh";
  if (array) out += "what+=(--part \"$part\")\n";
  out += R"sh(echo "$name: run $((${SLURM_RESTART_COUNT:-0} + 1)) of job $SLURM_JOB_ID: ${what[*]}"

# Each rank's slots fill the CPUs it was given (--cpus-per-task; srun since Slurm 22.05 needs
# SRUN_CPUS_PER_TASK for that).
if [ -n "${SLURM_CPUS_PER_TASK:-}" ]; then export SRUN_CPUS_PER_TASK=$SLURM_CPUS_PER_TASK; fi
ranks=$SLURM_NNODES
if [ "$ranks" -gt 1 ]; then ranks=$((ranks + 1)); fi

# srun in the background, so that the TERM this shell gets (--signal=B:) runs the trap at
# once instead of after srun ends. The trap passes it to the ranks through Slurm: scancel
# --signal to step 0, the one step each run of this script starts (a requeued run numbers
# its steps from 0 again). A TERM to srun itself would make it cancel the step, and the
# ranks would get KILL after the cluster's KillWait.
stopping=0
trap 'stopping=1; scancel --signal=TERM "$SLURM_JOB_ID.0" || kill -TERM "$step"' TERM
)sh";
  out += "srun --kill-on-bad-exit=1 --mpi=pmix --overcommit --ntasks=\"$ranks\" \"$pc\" " + command_words(c) +
         " \"${what[@]}\" \"$@\" &\n";
  out += R"sh(step=$!
status=0
wait "$step" || status=$?
# The trapped signal ends the first `wait` before the step has ended: wait for the step.
if [ "$stopping" -eq 1 ]; then
  status=0
  wait "$step" || status=$?
fi

if [ "$status" -eq 3 ] || [ "$stopping" -eq 1 ]; then
)sh";
  out += o.requeue ? R"sh(  # Stopped (exit 3: the journal holds every finished task): run again later, from it.
  echo "$name: stopped before the end; requeueing job $SLURM_JOB_ID to resume $out"
  scontrol requeue "$SLURM_JOB_ID" || {
    echo "$name: could not requeue; $resume" >&2
    exit 3
  }
  exit 0
fi
exit "$status"
)sh"
                   : R"sh(  # Stopped (exit 3): the journal holds every finished task.
  echo "$name: stopped before the end; to resume, $resume" >&2
  exit 3
fi
exit "$status"
)sh";
  return out;
}

}  // namespace

void check_job(const JobOptions& o, const JobCommand& c) {
  if (c.command != "run" && c.command != "fetch" && c.command != "farm" && c.command != "info")
    throw core::UsageError("slurm: '" + core::printable(c.command) +
                           "' does not run as a job (accepted: run, fetch, farm, info; merge and inspect run where "
                           "the files are, without srun)");
  if (!o.time.empty()) time_limit_seconds(o.time);
  for (const auto& [flag, value] : {std::pair{"--job-name", &o.job_name},
                                    {"--partition", &o.partition},
                                    {"--account", &o.account},
                                    {"--output", &o.output}})
    if (!value->empty()) check_sbatch_word(flag, *value);
  if (is_farm(c)) {
    if (o.ntasks > 0 || o.ntasks_per_node > 0)
      throw core::UsageError(std::string(o.ntasks > 0 ? "--ntasks" : "--ntasks-per-node") +
                             ": a farm runs one rank per node, which fills its node with slots: set --nodes and "
                             "--cpus-per-task instead");
    for (const std::string& w : c.words)
      if (w == "--resume" || w.rfind("--resume=", 0) == 0 || w == "--retry-failed" ||
          w.rfind("--retry-failed=", 0) == 0 || w == "--part" || w.rfind("--part=", 0) == 0)
        throw core::UsageError("slurm: farm " + w.substr(0, w.find('=')) + ": the script resumes its own results file" +
                               (o.array.empty() ? "" : " and gives each array task its part"));
    if (!o.array.empty()) array_range(o.array);
  } else if (!o.array.empty()) {
    throw core::UsageError("--array: only for farm (each array task runs its part of the task list)");
  }
}

std::string sbatch_script(const JobOptions& o, const JobCommand& c) {
  std::string out = "#!/bin/bash\n";
  out += "# Made by `parcompute slurm` (docs/slurm.md): make it again with other values, or edit the\n";
  out += "# #SBATCH lines; sbatch's own options override them. Made with:\n";
  out += "#   " + made_with(o, c) + "\n#\n";
  out += about(o, c) + "#\n" + usage(o, c);
  out += sbatch_lines(o, c);
  out += "name=" + core::shell_word(job_name(o, c)) + "\n";
  out += kPrologue;
  out += is_farm(c) ? farm_body(o, c) : ranks_body(c);
  return out;
}

}  // namespace pc::jobs::slurm
