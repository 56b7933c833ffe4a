// `import Slipstream` is all a pipeline author needs: the DSL's signatures use the engine's (watermarks,
// processors, counters), Kafka's (clusters, options), JSON's (decoder options) and the grid's types.
@_exported import SlipstreamEngine
@_exported import SlipstreamGrid
@_exported import SlipstreamJSON
@_exported import SlipstreamKafka
