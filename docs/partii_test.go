package docs

import (
	"fmt"
	"strings"
	"testing"
)

// partIIBudget is the most words Part II, the chapters numbered from 20,
// may hold in all, counted as wc -w counts them, code and tables included.
const partIIBudget = 5000

// TestPartIIBudget keeps Part II, the crawl, within its budget.
func TestPartIIBudget(t *testing.T) {
	total := 0
	var counts []string
	for _, ch := range chapters(t, "[2-9][0-9]-*.md") {
		n := len(strings.Fields(ch.src))
		total += n
		counts = append(counts, fmt.Sprintf("%6d %s", n, ch.file))
	}
	if total > partIIBudget {
		t.Errorf("Part II holds %d words, over its budget of %d by %d:\n%s",
			total, partIIBudget, total-partIIBudget, strings.Join(counts, "\n"))
	}
}
