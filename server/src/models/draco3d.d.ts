/** Minimal types for Google's draco3d (npm draco3d ships none): the decoder module glTF-Transform needs. */
declare module 'draco3d' {
  const draco3d: {
    createDecoderModule(options?: Record<string, unknown>): Promise<unknown>;
    createEncoderModule(options?: Record<string, unknown>): Promise<unknown>;
  };
  export default draco3d;
}
