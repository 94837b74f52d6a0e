package fetchbench

// DrainTime is how long Get reads the rest of a body it does not need.
const DrainTime = drainTime
