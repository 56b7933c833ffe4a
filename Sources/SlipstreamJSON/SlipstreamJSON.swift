// Module SlipstreamJSON.
