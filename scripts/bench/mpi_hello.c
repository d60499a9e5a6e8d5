/* Start-up baseline for the sumsq benchmark: an MPI program that does nothing but start and stop,
   so mpirun -n 4 of it is the least any MPI run can cost on this machine. */
#include <mpi.h>

int main(int argc, char **argv) {
  if (MPI_Init(&argc, &argv) != MPI_SUCCESS) return 1;
  return MPI_Finalize() == MPI_SUCCESS ? 0 : 1;
}
