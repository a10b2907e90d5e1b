#ifndef CANNOTAHDF5_SHIM_H
#define CANNOTAHDF5_SHIM_H
/* HDF5 for Swift: its "constants" are macros that call H5open(); evaluate them in C. */
#include <hdf5.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static inline hid_t cannotahdf5_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t cannotahdf5_native_uint16(void) { return H5T_NATIVE_UINT16; }
static inline hid_t cannotahdf5_native_uint32(void) { return H5T_NATIVE_UINT32; }
static inline hid_t cannotahdf5_native_uint64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t cannotahdf5_native_int8(void) { return H5T_NATIVE_INT8; }
static inline hid_t cannotahdf5_native_int16(void) { return H5T_NATIVE_INT16; }
static inline hid_t cannotahdf5_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t cannotahdf5_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t cannotahdf5_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t cannotahdf5_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t cannotahdf5_std_u16le(void) { return H5T_STD_U16LE; }
static inline hid_t cannotahdf5_c_s1(void) { return H5T_C_S1; }
static inline unsigned cannotahdf5_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned cannotahdf5_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned cannotahdf5_acc_rdwr(void) { return H5F_ACC_RDWR; }
static inline unsigned cannotahdf5_obj_all(void) { return H5F_OBJ_ALL; }
static inline size_t cannotahdf5_variable(void) { return H5T_VARIABLE; }
static inline hid_t cannotahdf5_p_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline unsigned cannotahdf5_o_info_basic(void) { return H5O_INFO_BASIC; }
static inline hid_t cannotahdf5_s_all(void) { return H5S_ALL; }
static inline hid_t cannotahdf5_p_default(void) { return H5P_DEFAULT; }
static inline hid_t cannotahdf5_p_link_create(void) { return H5P_LINK_CREATE; }
static inline hid_t cannotahdf5_p_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t cannotahdf5_std_u64le(void) { return H5T_STD_U64LE; }
static inline hid_t cannotahdf5_std_u8le(void) { return H5T_STD_U8LE; }
static inline hid_t cannotahdf5_ieee_f64le(void) { return H5T_IEEE_F64LE; }
static inline unsigned cannotahdf5_z_flag_optional(void) { return H5Z_FLAG_OPTIONAL; }

/* Preflight: a child process reads every object header and every attribute of a file (the metadata
 * paths where libhdf5 itself can loop forever or crash on a hostile file) before the caller's own
 * process touches it. In C, because the child of a multi-threaded process may only run code that
 * takes no lock another thread could have held at fork(): no Swift runtime, no Dispatch. The caller
 * forks from the one thread that makes HDF5 calls, between calls, so libhdf5's own lock is free. */

/* Present only in sanitizer builds (the fuzz targets): weak, so a normal build links without it. */
extern void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

static herr_t cannotahdf5_preflight_attribute(hid_t location, const char *name, const H5A_info_t *info, void *data) {
  (void)info; (void)data;
  hid_t attribute = H5Aopen(location, name, H5P_DEFAULT);
  if (attribute < 0) return 0;
  hid_t type = H5Aget_type(attribute);
  hid_t space = H5Aget_space(attribute);
  hssize_t count = space >= 0 ? H5Sget_simple_extent_npoints(space) : -1;
  if (type >= 0 && count >= 0 && count <= (1 << 20)) {
    size_t n = count > 0 ? (size_t)count : 1;
    H5T_class_t kind = H5Tget_class(type);
    if (kind == H5T_STRING && H5Tis_variable_str(type) > 0) {
      char **strings = calloc(n, sizeof(char *));
      hid_t memory = H5Tcopy(H5T_C_S1);
      H5Tset_size(memory, H5T_VARIABLE);
      if (strings && H5Aread(attribute, memory, strings) >= 0)
        for (size_t i = 0; i < n; i++) if (strings[i]) H5free_memory(strings[i]);
      H5Tclose(memory);
      free(strings);
    } else if (kind == H5T_INTEGER || kind == H5T_FLOAT) {
      double *values = calloc(n, sizeof(double));
      if (values) H5Aread(attribute, H5T_NATIVE_DOUBLE, values);
      free(values);
    } else if (kind == H5T_STRING) {
      size_t size = H5Tget_size(type);
      if (size > 0 && size <= (1 << 24) / n) {
        char *text = calloc(n, size);
        if (text) H5Aread(attribute, type, text);
        free(text);
      }
    }
  }
  if (space >= 0) H5Sclose(space);
  if (type >= 0) H5Tclose(type);
  H5Aclose(attribute);
  return 0;
}

static herr_t cannotahdf5_preflight_object(hid_t root, const char *name, const H5O_info_t *info, void *data) {
  (void)data;
  hid_t object = H5Oopen(root, name, H5P_DEFAULT);
  if (object < 0) return 0;
  hsize_t index = 0;
  H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_NATIVE, &index, cannotahdf5_preflight_attribute, NULL);
  if (info->type == H5O_TYPE_DATASET) {
    hid_t type = H5Dget_type(object), space = H5Dget_space(object), plist = H5Dget_create_plist(object);
    hssize_t count = space >= 0 ? H5Sget_simple_extent_npoints(space) : -1;
    /* Variable-length strings live in the global heap, as string attributes do (ilastik's axistags). */
    if (type >= 0 && H5Tget_class(type) == H5T_STRING && H5Tis_variable_str(type) > 0 && count > 0 && count <= (1 << 16)) {
      char **strings = calloc((size_t)count, sizeof(char *));
      hid_t memory = H5Tcopy(H5T_C_S1);
      H5Tset_size(memory, H5T_VARIABLE);
      if (strings && H5Dread(object, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, strings) >= 0)
        for (hssize_t i = 0; i < count; i++) if (strings[i]) H5free_memory(strings[i]);
      H5Tclose(memory);
      free(strings);
    }
    if (plist >= 0) H5Pclose(plist);
    if (space >= 0) H5Sclose(space);
    if (type >= 0) H5Tclose(type);
  }
  H5Oclose(object);
  return 0;
}

/* Returns 0 when the child read everything, 1 when it could not open the file (the caller's own open
 * says why), 2 when it did not finish within timeout_ms (killed), 3 when it ended otherwise than it
 * should (another exit status), 100 + N when it died of signal N, and -1 when no child could be
 * started. */
static inline int cannotahdf5_preflight(const char *path, int timeout_ms) {
  pid_t child = fork();
  if (child < 0) return -1;
  if (child == 0) {
    /* Die of the signal itself: handlers inherited from the parent (a sanitizer's, a fuzzer's) would
     * report the parent's state and exit with a status that looks like an orderly failure. */
    signal(SIGSEGV, SIG_DFL); signal(SIGBUS, SIG_DFL); signal(SIGFPE, SIG_DFL);
    signal(SIGILL, SIG_DFL); signal(SIGABRT, SIG_DFL);
    /* Under a sanitizer, a report in the child must not run the fuzzer's death callback (which would
     * record the parent's input as a crash): the child is there to absorb libhdf5's faults. */
    if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(NULL);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) _exit(3);
    H5Ovisit2(file, H5_INDEX_NAME, H5_ITER_NATIVE, cannotahdf5_preflight_object, NULL, H5O_INFO_BASIC);
    _exit(0);  /* no atexit handlers: libhdf5's would close what the parent still has open */
  }
  struct timespec pause = {0, 2 * 1000 * 1000};
  for (int waited = 0;; waited += 2) {
    int status = 0;
    pid_t done = waitpid(child, &status, WNOHANG);
    if (done == child) {
      if (WIFEXITED(status)) {
        if (WEXITSTATUS(status) == 0) return 0;
        return WEXITSTATUS(status) == 3 ? 1 : 3;
      }
      return WIFSIGNALED(status) ? 100 + WTERMSIG(status) : 3;
    }
    if (done < 0) return -1;
    if (waited >= timeout_ms) {
      kill(child, SIGKILL);
      waitpid(child, &status, 0);
      return 2;
    }
    nanosleep(&pause, NULL);
  }
}
#endif
