export function servicePoolSize(cores: number): number;
export function poolFlag(execArgv?: readonly string[], cores?: number): string | null;
export function rerunWithServicePool(): boolean;
