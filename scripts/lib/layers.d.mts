export interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
}
export const MAY_IMPORT: Record<string, string[]>;
export function importEdges(root: string): ImportEdge[];
export function edgesOf(file: string, text: string): ImportEdge[];
export function layerOf(path: string): string;
export function violations(edges: ImportEdge[]): string[];
export function folderCycles(edges: ImportEdge[], depth?: number): string[][];
export function hostKindTests(file: string, text: string): string[];
