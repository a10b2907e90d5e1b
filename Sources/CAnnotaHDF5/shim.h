#ifndef CANNOTAHDF5_SHIM_H
#define CANNOTAHDF5_SHIM_H
/* HDF5 for Swift: its "constants" are macros that call H5open(); evaluate them in C. */
#include <hdf5.h>

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
#endif
