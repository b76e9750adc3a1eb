package excerpt_test

import (
	"fmt"

	"portwave/mage/excerpt"
)

// An error's first line names file:line:col; the excerpt under it shows
// the line with a caret under the column.
func ExampleLine() {
	fmt.Println("portwave.yaml:2:7: jobs: want a whole number, got \"many\"")
	fmt.Println(excerpt.Line("jobs: many", 2, 7))
	// Output:
	// portwave.yaml:2:7: jobs: want a whole number, got "many"
	//    2 | jobs: many
	//      |       ^
}
