// esbuild's binary loader hands a .wasm import over as its bytes (browser-inline.ts).
declare module "*.wasm" {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
