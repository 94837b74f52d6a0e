package fetchbench

// DrainTime is how long Get reads the rest of a body it does not need.
const DrainTime = drainTime

// WriteByteTimeout is how long a client from NewClient waits to write a
// byte to an HTTP/2 connection before it closes the connection.
const WriteByteTimeout = writeByteTimeout
