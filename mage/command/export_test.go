package command

import (
	"context"
	"io"

	"portwave/mage/config"
)

// NewSessionEnv is NewSession with the environment and the output given.
func NewSessionEnv(ctx context.Context, getenv config.Getenv, out, log io.Writer) (*Session, error) {
	return newSession(ctx, getenv, out, log)
}
