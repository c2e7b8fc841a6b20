// The functions each source file of the native helper contributes to its exports (native/addon.c).
#ifndef TOCSIN_ADDON_H
#define TOCSIN_ADDON_H

#include <node_api.h>

#ifdef __cplusplus
extern "C" {
#endif

napi_value ReleaseFreedMemory(napi_env env, napi_callback_info info);
napi_value ReleaseSupported(napi_env env, napi_callback_info info);
napi_value CountJsonMembers(napi_env env, napi_callback_info info);
napi_value StartMemoryReducingCollection(napi_env env, napi_callback_info info);

#ifdef __cplusplus
}
#endif

#endif
