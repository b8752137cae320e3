module github.com/go-netrpc/go-testbed/packer-legacy

go 1.24

require (
	github.com/go-netrpc/go-testbed/packer-zoo v0.0.0
	// The ugorji version pinned by github.com/hashicorp/packer@v1.6.6's go.mod: what legacy
	// third-party Packer plugins were built with (the 2015 msgpack dialect).
	github.com/ugorji/go v0.0.0-20151218193438-646ae4a518c1
)

require (
	github.com/hashicorp/hcl/v2 v2.6.0
	github.com/hashicorp/packer v1.6.6
	github.com/zclconf/go-cty v1.4.0
)

require (
	github.com/agext/levenshtein v1.2.1 // indirect
	github.com/apparentlymart/go-textseg/v12 v12.0.0 // indirect
	github.com/bgentry/go-netrc v0.0.0-20140422174119-9fd32a8b3d3d // indirect
	github.com/hashicorp/errwrap v1.0.0 // indirect
	github.com/hashicorp/go-cleanhttp v0.5.1 // indirect
	github.com/hashicorp/go-getter/v2 v2.0.0-20200604122502-a6995fa1edad // indirect
	github.com/hashicorp/go-multierror v1.1.0 // indirect
	github.com/hashicorp/go-safetemp v1.0.0 // indirect
	github.com/hashicorp/go-version v1.2.0 // indirect
	github.com/hashicorp/yamux v0.0.0-20181012175058-2f1d1f20f75d // indirect
	github.com/mitchellh/go-homedir v1.1.0 // indirect
	github.com/mitchellh/go-testing-interface v1.0.3 // indirect
	github.com/mitchellh/go-wordwrap v1.0.0 // indirect
	github.com/mitchellh/iochan v1.0.0 // indirect
	github.com/ulikunitz/xz v0.5.5 // indirect
	golang.org/x/text v0.3.3 // indirect
)

replace github.com/go-netrpc/go-testbed/packer-zoo => ../packer-zoo
