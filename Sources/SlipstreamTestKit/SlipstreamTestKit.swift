// Module SlipstreamTestKit.
