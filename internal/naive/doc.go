// Package naive holds the first drafts that the fetchbench course takes
// apart. Each function here looks reasonable, compiles, and has the bugs its
// doc comment lists; the course explains each one next to the fetchbench
// style that avoids it. They live in a real package so that the course can
// quote real code, which cannot drift. Nothing calls them except the tests
// that demonstrate a bug. Never copy one into a program.
package naive
