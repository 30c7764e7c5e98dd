// Types of compose-tool.mjs, for the TypeScript tests.
import type { Engine } from './container-engine.mjs';

export interface ComposeTool {
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}
export const composeFile: string;
export function composeTool(engine?: Engine): ComposeTool;
export function composeValidator(): ComposeTool | undefined;
export function compose(tool: ComposeTool, args: string[]): number;
