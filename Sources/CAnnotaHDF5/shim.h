#ifndef CANNOTAHDF5_SHIM_H
#define CANNOTAHDF5_SHIM_H
/* HDF5 for Swift: its "constants" are macros that call H5open(); evaluate them in C. */
#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

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

/* Opens and reads every attribute of `object` the way HDF5File.readAttributes does: by creation
 * order, else by name, for each index. */
static void cannotahdf5_preflight_attributes(hid_t object) {
  int count = H5Aget_num_attrs(object);
  for (int index = 0; index < count && index < 256; index++) {
    hid_t attribute = H5Aopen_by_idx(object, ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, (hsize_t)index, H5P_DEFAULT, H5P_DEFAULT);
    if (attribute < 0)
      attribute = H5Aopen_by_idx(object, ".", H5_INDEX_NAME, H5_ITER_INC, (hsize_t)index, H5P_DEFAULT, H5P_DEFAULT);
    if (attribute < 0) continue;
    char name[256];
    H5Aget_name(attribute, sizeof name, name);
    H5Aclose(attribute);
  }
  hsize_t position = 0;
  H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_NATIVE, &position, cannotahdf5_preflight_attribute, NULL);
}

static void cannotahdf5_preflight_object(hid_t object) {
  /* Attributes are read twice: alone, and again with the dataset's type, space and creation list
   * open, the order HDF5File.dataset uses. A damaged attribute table can pass the first and crash
   * libhdf5 in the second (a fuzzed DeepLabCut file did). */
  cannotahdf5_preflight_attributes(object);
  if (H5Iget_type(object) != H5I_DATASET) return;
  hid_t type = H5Dget_type(object), space = H5Dget_space(object), plist = H5Dget_create_plist(object);
  cannotahdf5_preflight_attributes(object);
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

/* The walk's state: how deep, and how many links may still be visited (hard links can make cycles). */
typedef struct {
  int depth;
  long *budget;
} cannotahdf5_walk;

static void cannotahdf5_preflight_group(hid_t group, int depth, long *budget);

static herr_t cannotahdf5_preflight_link(hid_t group, const char *name, const H5L_info_t *info, void *data) {
  cannotahdf5_walk *walk = data;
  if (--*walk->budget < 0) return 1;
  if (info->type != H5L_TYPE_HARD) return 0;
  hid_t object = H5Oopen(group, name, H5P_DEFAULT);
  if (object < 0) return 0;
  cannotahdf5_preflight_object(object);
  if (H5Iget_type(object) == H5I_GROUP && walk->depth < 32)
    cannotahdf5_preflight_group(object, walk->depth + 1, walk->budget);
  H5Oclose(object);
  return 0;
}

/* Visits a group's members by hand rather than with H5Ovisit, which stops at the first damaged
 * object: a damaged member must not hide its siblings (it hid a crashing one). When the links
 * cannot all be listed in name order, they are listed again from the other end. */
static void cannotahdf5_preflight_group(hid_t group, int depth, long *budget) {
  cannotahdf5_walk walk = {depth, budget};
  hsize_t position = 0;
  if (H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &position, cannotahdf5_preflight_link, &walk) < 0 && *budget > 0) {
    position = 0;
    H5Literate(group, H5_INDEX_NAME, H5_ITER_DEC, &position, cannotahdf5_preflight_link, &walk);
  }
}

/* The preflight worker: one child process, forked once and reused, that preflights one file per
 * request (a path in, one status byte out). Forking per file cost a page-table copy of the whole
 * parent every time (milliseconds for a large process); the worker keeps the isolation — the files
 * are still read in another process, with a time limit — at the cost of one fork per run, plus one
 * after each file that kills it. The caller holds the state and serialises requests (the HDF5 queue). */
typedef struct {
  pid_t pid;           /* 0: no worker running */
  int requests;        /* parent's write end */
  int replies;         /* parent's read end */
} cannotahdf5_worker;

static int cannotahdf5_full_read(int fd, void *buffer, size_t count) {
  size_t done = 0;
  while (done < count) {
    ssize_t got = read(fd, (char *)buffer + done, count - done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return -1;
    done += (size_t)got;
  }
  return 0;
}

static int cannotahdf5_full_write(int fd, const void *buffer, size_t count) {
  size_t done = 0;
  while (done < count) {
    ssize_t put = write(fd, (const char *)buffer + done, count - done);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return -1;
    done += (size_t)put;
  }
  return 0;
}

static void cannotahdf5_worker_loop(int requests, int replies) {
  /* Die of the signal itself: handlers inherited from the parent (a sanitizer's, a fuzzer's) would
   * report the parent's state and exit with a status that looks like an orderly failure. */
  signal(SIGSEGV, SIG_DFL); signal(SIGBUS, SIG_DFL); signal(SIGFPE, SIG_DFL);
  signal(SIGILL, SIG_DFL); signal(SIGABRT, SIG_DFL); signal(SIGPIPE, SIG_DFL);
  /* Under a sanitizer, a report in the child must not run the fuzzer's death callback (which would
   * record the parent's input as a crash): the child is there to absorb libhdf5's faults. */
  if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(NULL);
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
  char path[4097];
  for (;;) {
    uint32_t length = 0;
    if (cannotahdf5_full_read(requests, &length, sizeof length) < 0 || length == 0 || length > 4096) break;
    if (cannotahdf5_full_read(requests, path, length) < 0) break;
    path[length] = 0;
    unsigned char status = 0;
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) {
      status = 3;
    } else {
      long budget = 1L << 16;
      cannotahdf5_preflight_object(file);
      cannotahdf5_preflight_group(file, 0, &budget);
      H5Fclose(file);
    }
    H5Eclear2(H5E_DEFAULT);
    if (cannotahdf5_full_write(replies, &status, 1) < 0) break;
  }
  _exit(0);  /* no atexit handlers: libhdf5's would close what the parent still has open */
}

static void cannotahdf5_worker_stop(cannotahdf5_worker *worker, int *status) {
  if (worker->pid > 0) {
    kill(worker->pid, SIGKILL);
    while (waitpid(worker->pid, status, 0) < 0 && errno == EINTR) {}
  }
  if (worker->requests >= 0) close(worker->requests);
  if (worker->replies >= 0) close(worker->replies);
  worker->pid = 0;
  worker->requests = worker->replies = -1;
}

/* Closes every descriptor from 3 up except `a` and `b` (async-signal-safe: close_range, else close). */
static void cannotahdf5_close_except(int a, int b) {
  unsigned int low = (unsigned int)(a < b ? a : b), high = (unsigned int)(a < b ? b : a);
  unsigned int ranges[3][2] = {{3, low - 1}, {low + 1, high - 1}, {high + 1, ~0U}};
  for (int i = 0; i < 3; i++) {
    if (ranges[i][0] > ranges[i][1]) continue;
#ifdef SYS_close_range
    if (syscall(SYS_close_range, ranges[i][0], ranges[i][1], 0) == 0) continue;
#endif
    unsigned int end = ranges[i][1] < 65536 ? ranges[i][1] : 65535;
    for (unsigned int fd = ranges[i][0]; fd <= end; fd++) close((int)fd);
  }
}

static int cannotahdf5_worker_start(cannotahdf5_worker *worker) {
  int down[2], up[2];
  if (pipe2(down, O_CLOEXEC) < 0) return -1;
  if (pipe2(up, O_CLOEXEC) < 0) { close(down[0]); close(down[1]); return -1; }
  pid_t child = fork();
  if (child < 0) { close(down[0]); close(down[1]); close(up[0]); close(up[1]); return -1; }
  if (child == 0) {
    close(down[1]);
    close(up[0]);
    /* The worker lives on, unexec'd: every descriptor it inherited from the parent's other threads
       (a pipe to another child process, say) would stay open here, and that pipe's reader would
       never see its end. Keep only the worker's own two. */
    cannotahdf5_close_except(down[0], up[1]);
    cannotahdf5_worker_loop(down[0], up[1]);
  }
  close(down[0]);
  close(up[1]);
  worker->pid = child;
  worker->requests = down[1];
  worker->replies = up[0];
  return 0;
}

/* Returns 0 when the worker read everything, 1 when it could not open the file (the caller's own
 * open says why), 2 when it did not finish within timeout_ms (killed), 3 when it ended otherwise than
 * it should, 100 + N when it died of signal N, and -1 when no worker could be started. A worker that
 * failed is stopped; the next request starts a new one. */
static inline int cannotahdf5_preflight(cannotahdf5_worker *worker, const char *path, int timeout_ms) {
  size_t size = strlen(path);
  if (size == 0 || size > 4096) return 1;
  if (worker->pid <= 0 && cannotahdf5_worker_start(worker) < 0) return -1;
  uint32_t length = (uint32_t)size;
  void (*previous)(int) = signal(SIGPIPE, SIG_IGN);
  int sent = cannotahdf5_full_write(worker->requests, &length, sizeof length) == 0
    && cannotahdf5_full_write(worker->requests, path, size) == 0;
  signal(SIGPIPE, previous);
  int outcome = 3;
  if (sent) {
    struct pollfd reply = {worker->replies, POLLIN, 0};
    int ready;
    do { ready = poll(&reply, 1, timeout_ms); } while (ready < 0 && errno == EINTR);
    if (ready == 0) {
      int status = 0;
      cannotahdf5_worker_stop(worker, &status);
      return 2;
    }
    unsigned char byte = 0;
    if (ready > 0 && cannotahdf5_full_read(worker->replies, &byte, 1) == 0) {
      return byte == 0 ? 0 : 1;
    }
  }
  /* The worker is gone (it died reading this file): why. */
  int status = 0;
  pid_t pid = worker->pid;
  if (worker->requests >= 0) close(worker->requests);
  if (worker->replies >= 0) close(worker->replies);
  worker->requests = worker->replies = -1;
  worker->pid = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  if (WIFSIGNALED(status)) outcome = 100 + WTERMSIG(status);
  return outcome;
}
#endif
