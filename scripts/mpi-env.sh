# Sourced by the scripts: Open MPI settings for running here (as root, on few cores).
# Values the caller already set win.
if [ "$(id -u)" -eq 0 ]; then
  export OMPI_ALLOW_RUN_AS_ROOT=${OMPI_ALLOW_RUN_AS_ROOT:-1}
  export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=${OMPI_ALLOW_RUN_AS_ROOT_CONFIRM:-1}
fi
# Allow more ranks than cores (mpirun -n 4 on a 2-core machine).
export OMPI_MCA_rmaps_base_oversubscribe=${OMPI_MCA_rmaps_base_oversubscribe:-1}
# The ob1 point-to-point layer starts faster on one node.
export OMPI_MCA_pml=${OMPI_MCA_pml:-ob1}
