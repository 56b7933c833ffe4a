// Module SlipstreamSnapshot.
