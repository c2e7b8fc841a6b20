/**
 * A plain `Uint8Array` view of the same bytes (no copy). Buffers reach the decoders in two
 * shapes: a request body read in one piece is the socket's chunk, made in C++ and given
 * Buffer's prototype afterwards, while a body read in pieces is joined by `Buffer.concat`. V8
 * gives the two different hidden classes, so a decoder that met both was optimised for one,
 * thrown back when the other came, and kept the slower code for both; which of them a run met
 * depended on how TCP cut the bodies. One view type keeps the decoders' code for one shape.
 */
export function plainBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
