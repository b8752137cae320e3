module github.com/go-netrpc/go-testbed/packer-legacy

go 1.24

require (
	github.com/go-netrpc/go-testbed/packer-zoo v0.0.0
	// The ugorji version pinned by github.com/hashicorp/packer@v1.6.6's go.mod: what legacy
	// third-party Packer plugins were built with (the 2015 msgpack dialect).
	github.com/ugorji/go v0.0.0-20151218193438-646ae4a518c1
)

replace github.com/go-netrpc/go-testbed/packer-zoo => ../packer-zoo
