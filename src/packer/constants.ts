/**
 * Constants of Packer's plugin protocol (packer-plugin-sdk plugin/server.go, rpc/server.go as
 * shipped in hashicorp/packer v1.6.6, and the SDK ≥ 0.0.1 for the 4-field handshake).
 */

/** Environment variable that marks a process as started by Packer. */
export const MAGIC_COOKIE_KEY = 'PACKER_PLUGIN_MAGIC_COOKIE';
/** Its value (the same as Terraform's). */
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
/** What a Go Packer plugin prints (to stderr, exit 1) when run by hand. */
export const MANUALLY_STARTED_TEXT = 'Please do not execute plugins directly. Packer will execute these for you.';
/** Packer's plugin API version: the first field of the handshake line. */
export const API_VERSION = '5';
/** The SDK handshake's minor version (`5|0|unix|…`). */
export const API_MINOR_VERSION = '0';

/**
 * The packer-plugin-sdk release whose plugin protocol go-netrpc/packer speaks (the one Packer
 * 1.11.2 is built with: gob HCL specs and values, no protobuf), reported as `sdk_version`.
 */
export const SDK_PROTOCOL_VERSION = '0.5.4';

/** Service names ("endpoints") of packer rpc/server.go. */
export const Endpoint = {
  Artifact: 'Artifact',
  Builder: 'Builder',
  Communicator: 'Communicator',
  Datasource: 'Datasource',
  Hook: 'Hook',
  PostProcessor: 'PostProcessor',
  Provisioner: 'Provisioner',
  Ui: 'Ui',
} as const;

/** Hook names Packer runs (packer-plugin-sdk packer/hook.go). */
export const HOOK_PROVISION = 'packer_provision';
