/** The zoo models the browser test runs: small enough for SwiftShader in seconds. */
export const BROWSER_ZOO_MODELS = ['mobilenet_v2', 'transformer_encoder'] as const;
