// Module SlipstreamGrid.
