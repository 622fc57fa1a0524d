// Command ttx is a terminal tabletop-exercise simulator for security
// incident response. See README.md for a tour.
package main

import "os"

func main() {
	os.Exit(Main(os.Args[1:], &IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Getenv: os.Getenv}))
}
