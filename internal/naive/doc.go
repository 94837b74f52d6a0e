// Package naive holds the first drafts that the fetchbench course takes
// apart. Each function here looks reasonable and has the bugs its doc
// comment lists; the course explains each one next to the fetchbench style
// that avoids it. They live in a real package so that the course can quote
// real code, which cannot drift. Nothing calls them except the tests that
// demonstrate a bug. Never copy one into a program.
//
// Every draft but one is built with the package. goroutines.go has a
// //go:build ignore line that leaves it out of every build: its code is
// valid Go, but go vet ./... rejects its first bug, wg.Add called inside
// the goroutine, and vet must pass on the module. The course quotes it
// like the others.
package naive
