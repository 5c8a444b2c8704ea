// Types of what scripts/mutation-score.ts reads from stryker.config.mjs.
export declare const guards: { file: string; from?: number; to?: number }[];
export declare const tested: string[];
declare const config: Record<string, unknown>;
export default config;
