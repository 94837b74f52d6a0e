package naive

import (
	"net/http"

	"fetchbench"
)

// Sequential is the first draft of the plain loop: the Python lesson's
// requests.get loop, line for line in Go. It works on a good day.
//
// Bug: there is no timeout anywhere. http.Get uses http.DefaultClient, whose
// Timeout is zero, and there is no context to cancel. One server that
// accepts the connection and then never answers stops the loop, and the
// program, forever.
func Sequential(urls []string) ([][]fetchbench.Script, error) {
	var all [][]fetchbench.Script
	for _, url := range urls {
		resp, err := http.Get(url) // no context, no timeout
		if err != nil {
			return nil, err
		}
		scripts, err := fetchbench.ParseScripts(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		all = append(all, scripts)
	}
	return all, nil
}
