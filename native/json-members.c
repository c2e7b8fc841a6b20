// Counts the object members written in a JSON text: in valid JSON, every colon outside a string
// separates a member's key from its value. The ingest decoder compares this count with the
// members JSON.parse kept, which drops all but the last of duplicate keys where Go's decoder
// would not. Only valid JSON is passed in (JSON.parse accepted it), so nothing else is checked.
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include "addon.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Where a scan stopped: inside a string or not, and right after a backslash in one.
struct scan_state {
  int in_string;
  int after_backslash;
};

// One byte at a time, for blocks holding a backslash and for the tail shorter than a block.
static uint64_t count_bytewise(const uint8_t *p, const uint8_t *end, struct scan_state *s) {
  uint64_t colons = 0;
  for (; p < end; p++) {
    const uint8_t c = *p;
    if (s->in_string) {
      if (s->after_backslash) s->after_backslash = 0;
      else if (c == '\\') s->after_backslash = 1;
      else if (c == '"') s->in_string = 0;
    } else if (c == '"') {
      s->in_string = 1;
    } else if (c == ':') {
      colons++;
    }
  }
  return colons;
}

#if defined(__SSE2__)
#define BLOCK 64

// Bit i is set where byte i of the 64-byte block equals `byte`.
static inline uint64_t block_mask(const uint8_t *p, __m128i byte) {
  uint64_t mask = 0;
  for (int i = 0; i < BLOCK; i += 16) {
    const __m128i chunk = _mm_loadu_si128((const __m128i *)(p + i));
    mask |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, byte)) << i;
  }
  return mask;
}

// A block without backslashes: every quote opens or closes a string, so the bytes inside strings
// are those after an odd number of quotes, a running parity of the quote mask.
static uint64_t count_block(const uint8_t *p, __m128i quote, __m128i colon, struct scan_state *s) {
  uint64_t inside = block_mask(p, quote);
  inside ^= inside << 1;
  inside ^= inside << 2;
  inside ^= inside << 4;
  inside ^= inside << 8;
  inside ^= inside << 16;
  inside ^= inside << 32;
  if (s->in_string) inside = ~inside;
  s->in_string = (int)(inside >> 63);
  return (uint64_t)__builtin_popcountll(block_mask(p, colon) & ~inside);
}
#endif

static uint64_t count_members(const uint8_t *p, size_t length) {
  const uint8_t *end = p + length;
  struct scan_state s = {0, 0};
  uint64_t members = 0;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), colon = _mm_set1_epi8(':');
  for (; end - p >= BLOCK; p += BLOCK) {
    if (s.after_backslash || block_mask(p, backslash) != 0) members += count_bytewise(p, p + BLOCK, &s);
    else members += count_block(p, quote, colon, &s);
  }
#endif
  return members + count_bytewise(p, end, &s);
}

napi_value CountJsonMembers(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_typedarray_type type;
  size_t length = 0;
  void *data = NULL;
  bool is_typed_array = false;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (argc < 1 || napi_is_typedarray(env, argv[0], &is_typed_array) != napi_ok || !is_typed_array ||
      napi_get_typedarray_info(env, argv[0], &type, &length, &data, NULL, NULL) != napi_ok || type != napi_uint8_array) {
    napi_throw_type_error(env, NULL, "countJsonMembers expects a Uint8Array");
    return NULL;
  }
  napi_value result;
  napi_create_double(env, (double)count_members(data, length), &result);
  return result;
}
