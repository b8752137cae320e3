module github.com/go-netrpc/go-testbed/packer-zoo

go 1.24
