// Types for generated.mjs, so TypeScript generators can use it.
export const check: boolean;
export function emit(path: string, content: string): boolean;
