module github.com/go-netrpc/go-netrpc/gen-helper

go 1.22.0

require golang.org/x/tools v0.30.0

require (
	golang.org/x/mod v0.23.0 // indirect
	golang.org/x/sync v0.11.0 // indirect
)
