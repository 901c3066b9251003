// The runtime's version, and the check each generated module makes when it loads.
export { checkRuntime, runtimeVersion, type RuntimeRange } from "./version.js";
