package proc_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"portwave/mage/proc"
)

func ExampleRun() {
	_, err := proc.Run(context.Background(), proc.Spec{
		Name:    "sh",
		Args:    []string{"-c", "echo building; exit 2"},
		Stdout:  os.Stdout,
		Timeout: time.Minute,
	})
	var exit *proc.ExitError
	switch {
	case errors.Is(err, proc.ErrNotFound):
		fmt.Println("did not start")
	case errors.Is(err, proc.ErrTimeout):
		fmt.Println("ran out of time")
	case errors.As(err, &exit):
		fmt.Println("ran and failed with code", exit.Code)
	}
	// Output:
	// building
	// ran and failed with code 2
}
