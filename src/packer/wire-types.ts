/**
 * Packer's RPC argument and reply types as msgpack descriptors (packer-plugin-sdk rpc/*.go as
 * shipped in hashicorp/packer v1.6.6; field order is Go's declaration order). Every Packer
 * wire type lives here once.
 */
import * as mp from '../msgpack/index.js';

/** rpc.BasicError: how an `error` crosses the wire. */
export const BasicError = mp.struct('BasicError', { Message: mp.string });
/** A nullable `*BasicError` / `error` holding one. */
export const ErrorValue = mp.ptr(BasicError);

/** `new(interface{})`: the argument of argument-less methods and the reply of void ones. */
export const Nothing = mp.any;

/** rpc.BuilderPrepareArgs. */
export const BuilderPrepareArgs = mp.struct('BuilderPrepareArgs', { Configs: mp.slice(mp.any) });
/** rpc.BuilderPrepareResponse. */
export const BuilderPrepareResponse = mp.struct('BuilderPrepareResponse', {
  GeneratedVars: mp.slice(mp.string),
  Warnings: mp.slice(mp.string),
  Error: ErrorValue,
});
/** Broker stream ids travel as Go `uint32`. */
export const StreamId = mp.uint32;

/** rpc.ConfigSpecResponse: a gob-encoded hcldec.ObjectSpec. */
export const ConfigSpecResponse = mp.struct('ConfigSpecResponse', { ConfigSpec: mp.bytes });

/** rpc.UiMachineArgs. */
export const UiMachineArgs = mp.struct('UiMachineArgs', { Category: mp.string, Args: mp.slice(mp.string) });
/** rpc.TrackProgressParameters. */
export const TrackProgressParameters = mp.struct('TrackProgressParameters', { Src: mp.string, TotalSize: mp.int64, CurrentSize: mp.int64 });

/** rpc.HookRunArgs. */
export const HookRunArgs = mp.struct('HookRunArgs', { Name: mp.string, Data: mp.any, StreamId: mp.uint32 });

/** rpc.PostProcessorProcessResponse. */
export const PostProcessorProcessResponse = mp.struct('PostProcessorProcessResponse', {
  Err: ErrorValue,
  Keep: mp.bool,
  ForceOverride: mp.bool,
  StreamId: mp.uint32,
});
/** rpc.PostProcessorConfigureArgs. */
export const PostProcessorConfigureArgs = mp.struct('PostProcessorConfigureArgs', { Configs: mp.slice(mp.any) });

/** rpc.ProvisionerPrepareArgs. */
export const ProvisionerPrepareArgs = mp.struct('ProvisionerPrepareArgs', { Configs: mp.slice(mp.any) });
/** rpc.ProvisionerProvisionArgs (note Go's spelling `StreamID`). */
export const ProvisionerProvisionArgs = mp.struct('ProvisionerProvisionArgs', { GeneratedData: mp.map(mp.any), StreamID: mp.uint32 });

/** rpc.DatasourceConfigureArgs. */
export const DatasourceConfigureArgs = mp.struct('DatasourceConfigureArgs', { Configs: mp.slice(mp.any) });
/** rpc.DatasourceConfigureResponse. */
export const DatasourceConfigureResponse = mp.struct('DatasourceConfigureResponse', { Error: ErrorValue });
/** rpc.OutputSpecResponse: a gob-encoded hcldec.ObjectSpec. */
export const OutputSpecResponse = mp.struct('OutputSpecResponse', { OutputSpec: mp.bytes });
/** rpc.ExecuteResponse: a gob-encoded cty.Value. */
export const ExecuteResponse = mp.struct('ExecuteResponse', { Value: mp.bytes, Error: ErrorValue });
