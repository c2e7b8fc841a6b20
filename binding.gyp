{
  "targets": [
    {
      "target_name": "tocsin_native",
      "sources": ["native/memory.c"]
    }
  ]
}
