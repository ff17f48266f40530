/**
 * The situations every provider's fake can be put in, so that one contract suite
 * (tests/unit/contract/) holds each provider's `run` to the same promises.
 */
export type ContractMode =
  /** A normal answer with images. */
  | 'ok'
  | 'invalid-key'
  /** Out of credit or quota. */
  | 'quota'
  /** Too many requests, with a wait of 2 seconds in the provider's own way of saying so. */
  | 'rate-limit'
  /** A 5xx answer. */
  | 'server-error'
  /** A content-policy refusal as an error status. */
  | 'refused'
  /** A content-policy refusal as HTTP 200 without an image (Gemini, Ideogram). */
  | 'refused-200'
  /** HTTP 200 whose body is not what the documentation promises. */
  | 'malformed'
  /** Headers and part of the body, then the connection is cut. */
  | 'stall'
  /** A normal answer held back for 30 s (for Cancel). */
  | 'hold';
