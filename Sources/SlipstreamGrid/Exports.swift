// Grid maps place keys with the engine's partitioning, so their users need these two names.
@_exported import protocol SlipstreamEngine.PartitionKey
@_exported import struct SlipstreamEngine.Partitioner
