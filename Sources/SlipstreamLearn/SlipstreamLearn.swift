// Module SlipstreamLearn.
