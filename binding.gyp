{
  "targets": [
    {
      "target_name": "tocsin_native",
      "sources": ["native/addon.c", "native/memory.c", "native/json-members.c", "native/collection.cc"],
      "cflags": ["-Wall", "-Wextra"]
    }
  ]
}
