/* The cost of a small results file, as a bare HDF5 program pays it: the map benchmark's
 * baseline for "its file" when it times a tiny `parcompute run` against `--version`.
 *
 *   h5_small none        loads the same HDF5 library and exits (no HDF5 call at all)
 *   h5_small write PATH  writes a file shaped like a tiny `run sumsq` file (23 string
 *                        attributes, a group of 8 one-element columns with 5 attributes),
 *                        under a temporary name, fsync, rename, fsync of the folder
 *
 * The difference of the two whole processes is HDF5's start-up plus that file's writing.
 */
#include <fcntl.h>
#include <hdf5.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void text_attr(hid_t where, const char* name, const char* value) {
  hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, strlen(value) + 1);
  hid_t space = H5Screate(H5S_SCALAR);
  hid_t attr = H5Acreate2(where, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  if (attr < 0 || H5Awrite(attr, type, value) < 0) exit(1);
  H5Aclose(attr);
  H5Sclose(space);
  H5Tclose(type);
}

static void column(hid_t group, const char* name, double value) {
  hsize_t one = 1;
  hid_t space = H5Screate_simple(1, &one, NULL);
  hid_t set = H5Dcreate2(group, name, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (set < 0 || H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value) < 0) exit(1);
  H5Dclose(set);
  H5Sclose(space);
}

static void sync_path(const char* path, int flags) {
  int fd = open(path, flags);
  if (fd < 0 || fsync(fd) != 0) exit(1);
  close(fd);
}

int main(int argc, char** argv) {
  if (argc == 2 && strcmp(argv[1], "none") == 0) return 0;
  if (argc != 3 || strcmp(argv[1], "write") != 0) {
    fprintf(stderr, "usage: h5_small none | write PATH\n");
    return 2;
  }
  char temp[4096];
  snprintf(temp, sizeof temp, "%s.%d.tmp", argv[2], (int)getpid());
  hid_t file = H5Fcreate(temp, H5F_ACC_EXCL, H5P_DEFAULT, H5P_DEFAULT);
  if (file < 0) return 1;
  char name[32];
  for (int i = 0; i < 23; ++i) {
    snprintf(name, sizeof name, "attribute_%02d", i);
    text_attr(file, name, "a provenance value of about forty characters");
  }
  hid_t group = H5Gcreate2(file, "sumsq", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  for (int i = 0; i < 5; ++i) {
    snprintf(name, sizeof name, "group_attribute_%d", i);
    text_attr(group, name, "a kernel parameter");
  }
  for (int i = 0; i < 8; ++i) {
    snprintf(name, sizeof name, "column_%d", i);
    column(group, name, i);
  }
  H5Gclose(group);
  if (H5Fclose(file) < 0) return 1;
  sync_path(temp, O_RDONLY);
  if (rename(temp, argv[2]) != 0) return 1;
  sync_path(dirname(argv[2]), O_RDONLY | O_DIRECTORY);
  return 0;
}
