// Gives freed C heap memory back to the system. glibc returns only the free space at the top of
// its heaps; memory freed below a live block (request and response buffers, V8's own bookkeeping)
// stays resident until malloc_trim releases those pages. Elsewhere there is nothing to do.
#include <stdbool.h>

#include "addon.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

napi_value ReleaseFreedMemory(napi_env env, napi_callback_info info) {
  (void)info;
  bool released = false;
#if defined(__GLIBC__)
  released = malloc_trim(0) == 1;
#endif
  napi_value result;
  napi_get_boolean(env, released, &result);
  return result;
}

napi_value ReleaseSupported(napi_env env, napi_callback_info info) {
  (void)info;
#if defined(__GLIBC__)
  const bool supported = true;
#else
  const bool supported = false;
#endif
  napi_value result;
  napi_get_boolean(env, supported, &result);
  return result;
}
