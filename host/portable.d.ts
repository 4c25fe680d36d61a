// The AssemblyScript integer type names that assembly/shared/ files use, for tsc:
// those files are compiled both by asc (into the model) and by tsc (into the host).
declare type u32 = number;
