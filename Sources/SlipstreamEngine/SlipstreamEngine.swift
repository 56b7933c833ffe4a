// Module SlipstreamEngine.
