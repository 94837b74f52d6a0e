// Package fetchtest is a simulated website and a conformance suite for
// fetchbench styles, in the spirit of net/http/httptest and testing/fstest.
//
// The simulated web lives in package [fetchbench/fetchtest/sim], which a
// program may import without linking the testing package; fetchtest gives
// its names again, so that a test needs one import. See package sim for the
// site, its fault pages and its counters.
//
// [Run] is the conformance suite that every style passes. It is public so
// that a reader can check a style of their own.
package fetchtest

import "fetchbench/fetchtest/sim"

// Config describes a Site: see [sim.Config].
type Config = sim.Config

// A Site is a simulated website: see [sim.Site].
type Site = sim.Site

// A Fault names a misbehaving page: see [sim.Fault].
type Fault = sim.Fault

// The fault pages: see [sim.NotFound] and the rest.
const (
	NotFound     = sim.NotFound
	ServerError  = sim.ServerError
	NotHTML      = sim.NotHTML
	WrongType    = sim.WrongType
	NoType       = sim.NoType
	Oversized    = sim.Oversized
	Stall        = sim.Stall
	SlowHeaders  = sim.SlowHeaders
	Trickle      = sim.Trickle
	Endless      = sim.Endless
	Redirect     = sim.Redirect
	RedirectLoop = sim.RedirectLoop
	Gzip         = sim.Gzip
	Latin1       = sim.Latin1
	Reset        = sim.Reset
)

// Faults lists every fault, for tests that try them all.
var Faults = sim.Faults

// NewServer starts a Site on loopback: see [sim.NewServer].
func NewServer(cfg Config) *Site { return sim.NewServer(cfg) }

// NewInMemory returns a Site that opens no sockets: see [sim.NewInMemory].
func NewInMemory(cfg Config) *Site { return sim.NewInMemory(cfg) }

// WantScripts returns how many <script> elements page i holds: 1 to 4.
func WantScripts(i int) int { return sim.WantScripts(i) }

// WantTotal returns the scripts on pages 0 to n-1 together.
func WantTotal(n int) int { return sim.WantTotal(n) }

// A Web is a small internet of hosts behind one link model: see [sim.Web].
type Web = sim.Web

// WebConfig describes a Web: see [sim.WebConfig].
type WebConfig = sim.WebConfig

// A Link is the network between the client and every host: see [sim.Link].
type Link = sim.Link

// Stats are what a site or a web saw from the server's side: see
// [sim.Stats].
type Stats = sim.Stats

// WebStats are a Web's Stats across all hosts and per host: see
// [sim.WebStats].
type WebStats = sim.WebStats

// NewWeb starts a Web on loopback sockets, in real time: see [sim.NewWeb].
func NewWeb(cfg WebConfig) *Web { return sim.NewWeb(cfg) }

// NewWebInMemory starts a Web with no sockets, for a testing/synctest
// bubble: see [sim.NewWebInMemory].
func NewWebInMemory(cfg WebConfig) *Web { return sim.NewWebInMemory(cfg) }
