// The native helper's exports. Each is optional to Tocsin: the JavaScript side falls back to its
// own code when the helper was not built.
#include "addon.h"

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor methods[] = {
      {"releaseFreedMemory", NULL, ReleaseFreedMemory, NULL, NULL, NULL, napi_default, NULL},
      {"supported", NULL, ReleaseSupported, NULL, NULL, NULL, napi_default, NULL},
      {"countJsonMembers", NULL, CountJsonMembers, NULL, NULL, NULL, napi_default, NULL},
      {"startMemoryReducingCollection", NULL, StartMemoryReducingCollection, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof(methods) / sizeof(methods[0]), methods);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
