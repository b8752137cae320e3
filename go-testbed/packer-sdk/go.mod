module github.com/go-netrpc/go-testbed/packer-sdk

go 1.24

require (
	github.com/go-netrpc/go-testbed/packer-zoo v0.0.0
	github.com/ugorji/go/codec v1.2.6
)

replace github.com/go-netrpc/go-testbed/packer-zoo => ../packer-zoo
