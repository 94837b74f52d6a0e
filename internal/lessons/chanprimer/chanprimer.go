// Package chanprimer holds the code of chapter 6 of the fetchbench course:
// what a channel does when it is full, empty, closed or nil.
package chanprimer

// Merge receives from a and b until both are closed, and returns the values
// in the order they arrived. A closed channel is set to nil, which disables
// its case: a receive from a nil channel never happens.
func Merge(a, b <-chan int) []int {
	var out []int
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			out = append(out, v)
		case v, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			out = append(out, v)
		}
	}
	return out
}
