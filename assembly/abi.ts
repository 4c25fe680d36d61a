// The ABI layout lives in shared/layout.ts (compiled for both the model and the host).
export * from "./shared/layout";
